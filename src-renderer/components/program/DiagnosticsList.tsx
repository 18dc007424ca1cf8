import type { EditorView } from '@codemirror/view';
import type { ReactNode, RefObject } from 'react';
import type { CompileResult } from '../../../src-main/common/api';
import { placeDiagnostics, positionText } from './diagnostic-ranges';
import { moveCursorTo } from './ProgramEditor';

export interface DiagnosticsListProps {
  compiled: { result: CompileResult; source: string };
  viewRef: RefObject<EditorView | null>;
}

/** The compiler's messages on the learner's lines, as line:col; each one moves the cursor there. */
export function DiagnosticsList({ compiled, viewRef }: DiagnosticsListProps): ReactNode {
  const { diagnostics } = compiled.result;
  if (diagnostics.length === 0) return null;
  const placed = placeDiagnostics(compiled.source, diagnostics);
  const go = (index: number): void => {
    const view = viewRef.current;
    const spot = placed[index];
    if (view === null || spot === undefined) return;
    if (view.state.doc.toString() === compiled.source) return moveCursorTo(view, spot.from);
    // The text changed since: the line is still the best guess, its column may not be.
    const line = view.state.doc.line(Math.min(Math.max(spot.line, 1), view.state.doc.lines));
    moveCursorTo(view, line.from);
  };
  return (
    <ol className="program-diagnostics" aria-label="Compiler messages">
      {diagnostics.map((d, index) => (
        <li
          key={index}
          className={`program-diagnostics__item program-diagnostics__item--${d.severity}`}
        >
          <button
            type="button"
            className="program-diagnostics__go"
            onClick={() => go(index)}
            title={`Move the editor's cursor to line ${positionText(d)}`}
          >
            <span className="mono">{positionText(d)}</span>{' '}
            <span className="program-diagnostics__severity">{d.severity}</span>: {d.message}
          </button>
        </li>
      ))}
    </ol>
  );
}
