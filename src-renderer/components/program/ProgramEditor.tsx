import { setDiagnostics } from '@codemirror/lint';
import type { Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import type { ReactNode, RefObject } from 'react';
import { getProgramState, programActions, useProgramStore } from '../../store/program-store';
import { placeDiagnostics } from './diagnostic-ranges';
import { editorExtensions } from './editor-setup';

export interface ProgramEditorProps {
  /** Filled with the editor while it is mounted (the diagnostics list moves its cursor). */
  viewRef: RefObject<EditorView | null>;
  /** The id of the element naming the editor (its visible label). */
  labelId: string;
}

/**
 * The C source in CodeMirror 6. The store holds the text: edits go there, and a text the store
 * changes (another starting program) replaces the editor's. The last compile's messages are shown
 * on their lines when they belong to the text in the editor.
 */
export function ProgramEditor({ viewRef, labelId }: ProgramEditorProps): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const source = useProgramStore((s) => s.source);
  const compiled = useProgramStore((s) => s.compiled);

  useEffect(() => {
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: getProgramState().source,
        extensions: editorExtensions({ 'aria-labelledby': labelId }, programActions.setSource),
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [viewRef, labelId]);

  useEffect(() => {
    const view = viewRef.current;
    if (view === null || view.state.doc.toString() === source) return;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } });
  }, [viewRef, source]);

  useEffect(() => {
    const view = viewRef.current;
    if (view === null) return;
    const text = view.state.doc.toString();
    // Messages about another text would point at the wrong lines: only the compiled text's.
    const diagnostics: Diagnostic[] =
      compiled === null || compiled.source !== text
        ? []
        : placeDiagnostics(text, compiled.result.diagnostics).map((d) => ({
            from: d.from,
            to: d.to,
            severity: d.severity,
            message: d.message,
            source: 'cc',
          }));
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }, [viewRef, compiled]);

  return <div ref={host} className="program-editor" />;
}

/** Puts the editor's cursor at `offset` of its text (clamped) and focuses it. */
export function moveCursorTo(view: EditorView, offset: number): void {
  const at = Math.min(Math.max(offset, 0), view.state.doc.length);
  view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
  view.focus();
}
