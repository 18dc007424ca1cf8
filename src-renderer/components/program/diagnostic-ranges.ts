// Where a compiler message goes in the editor's text: its line and column turned into character
// offsets, for @codemirror/lint. The compiler counts columns on its own copy of the file, so
// everything is clamped to the text the editor holds.

import type { CompilerDiagnostic } from '../../../src-main/common/api';

/** A diagnostic placed in the text: [from, to) in characters, never empty unless the text is. */
export interface PlacedDiagnostic {
  from: number;
  to: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number | null;
}

/** GCC counts a tab as reaching the next multiple of 8 (its default -ftabstop). */
const TAB_STOP = 8;

/**
 * The character index in `line` where display column `column` (1-based, tabs expanded as GCC
 * expands them) starts; the line's length when it is past the end.
 */
export function indexOfColumn(line: string, column: number): number {
  let display = 1;
  for (let index = 0; index < line.length; index += 1) {
    if (display >= column) return index;
    display = line[index] === '\t' ? display + TAB_STOP - ((display - 1) % TAB_STOP) : display + 1;
  }
  return line.length;
}

/** The end of the word (identifier, number or single other character) at `index` of `line`. */
function tokenEnd(line: string, index: number): number {
  if (index >= line.length) return index;
  const word = /^[A-Za-z0-9_.]+/.exec(line.slice(index));
  return index + (word === null ? 1 : word[0].length);
}

/** Places each diagnostic on the editor's text (lines split on \n, 1-based as the compiler's). */
export function placeDiagnostics(
  text: string,
  diagnostics: readonly CompilerDiagnostic[],
): PlacedDiagnostic[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return diagnostics.map((d) => {
    const lineIndex = Math.min(Math.max(d.line, 1), lines.length) - 1;
    const line = lines[lineIndex]!;
    const start = starts[lineIndex]!;
    let from: number;
    let to: number;
    if (d.column === null) {
      // No column: mark the whole line, without its indentation.
      from = start + (line.length - line.trimStart().length);
      to = start + line.length;
    } else {
      const index = indexOfColumn(line, d.column);
      from = start + index;
      to = start + tokenEnd(line, index);
    }
    if (to <= from) {
      // An empty or fully blank line, or a column at its end: one character, still on this line.
      to = Math.min(from + 1, text.length);
      if (to <= from) from = Math.max(0, to - 1);
    }
    return {
      from,
      to,
      severity: d.severity === 'note' ? 'info' : d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
    };
  });
}

/** "12:5" or "12" when the compiler gave no column. */
export function positionText(d: Pick<CompilerDiagnostic, 'line' | 'column'>): string {
  return d.column === null ? String(d.line) : `${d.line}:${d.column}`;
}
