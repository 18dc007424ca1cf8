// The editor's extensions: CodeMirror's basic setup (line numbers, history, brackets, search),
// C highlighting, the lint gutter for the compiler's messages, and a theme drawn only with the
// app's colour variables, so light and dark follow the app's theme with nothing to reconfigure.
import { cpp } from '@codemirror/lang-cpp';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';

const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [tags.typeName, tags.standard(tags.typeName)], color: 'var(--code-type)' },
  { tag: [tags.string, tags.character], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  {
    tag: [tags.comment, tags.lineComment, tags.blockComment],
    color: 'var(--code-comment)',
    fontStyle: 'italic',
  },
  { tag: [tags.processingInstruction, tags.macroName], color: 'var(--code-macro)' },
  {
    tag: [tags.function(tags.variableName), tags.function(tags.propertyName)],
    color: 'var(--code-function)',
  },
]);

const theme = EditorView.theme({
  '&': {
    color: 'var(--text)',
    backgroundColor: 'var(--code-bg)',
    border: '1px solid var(--border)',
    borderRadius: 'var(--radius)',
    fontSize: '12.5px',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': {
    color: 'var(--text-muted)',
    backgroundColor: 'var(--surface-2)',
    borderRight: '1px solid var(--border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--code-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--code-active-line)', color: 'var(--text)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection':
    { backgroundColor: 'var(--code-selection)' },
  '.cm-tooltip': {
    color: 'var(--text)',
    backgroundColor: 'var(--surface)',
    border: '1px solid var(--border)',
  },
  '.cm-panels': { color: 'var(--text)', backgroundColor: 'var(--surface-2)' },
  '.cm-searchMatch': { outline: '1px solid var(--focus)' },
  '.cm-matchingBracket': { outline: '1px solid var(--text-muted)', backgroundColor: 'transparent' },
});

/**
 * Typing over a selection that spans lines: Chrome's own editing would merge the lines' elements
 * and keep their look with a style attribute, which the strict CSP blocks (and logs as an error).
 * The editor makes that replacement itself instead, as a paste would.
 */
const replaceAcrossLines = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.isComposing) return false;
    if (event.inputType !== 'insertText' && event.inputType !== 'insertReplacementText')
      return false;
    const { doc, selection } = view.state;
    const acrossLines = selection.ranges.some(
      (range) => !range.empty && doc.lineAt(range.from).number !== doc.lineAt(range.to).number,
    );
    const text = event.data ?? event.dataTransfer?.getData('text/plain') ?? null;
    if (!acrossLines || text === null) return false;
    event.preventDefault();
    view.dispatch(
      view.state.update(view.state.replaceSelection(text), {
        userEvent: 'input.type',
        scrollIntoView: true,
      }),
    );
    return true;
  },
});

/**
 * The editor's extensions: `attributes` go on its content element (its label), `onChange` gets the
 * text after every edit.
 */
export function editorExtensions(
  attributes: Record<string, string>,
  onChange: (text: string) => void,
): Extension[] {
  return [
    basicSetup,
    cpp(),
    syntaxHighlighting(highlight),
    lintGutter(),
    replaceAcrossLines,
    theme,
    EditorView.contentAttributes.of(attributes),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
  ];
}
