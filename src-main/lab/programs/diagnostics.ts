// The compiler's messages that name a line of the learner's file, for the editor. gcc and clang
// both print `<file>:<line>:<column>: <severity>: <message>` (column left out with
// -fno-show-column); the linker prints `<file>:<line>:(<section>): <message>` when it can name a
// line (with -g). Everything else (caret lines, "In function", messages about headers) stays in
// the output only.
import type { CompilerDiagnostic } from '../../common/api';

const COMPILER_LINE = /^(.+?):(\d+):(?:(\d+):)? (fatal error|error|warning|note): (.*)$/;
const LINKER_LINE = /^(?:.*: )?(.+?):(\d+):\(([^)]*)\): (.*)$/;

const SEVERITY: Record<string, CompilerDiagnostic['severity']> = {
  'fatal error': 'error',
  error: 'error',
  warning: 'warning',
  note: 'note',
};

/**
 * Parses `output` for messages about `sourceFile` (the path as passed to the compiler, or the
 * same file named without its folder). Lines are 1-based, as the compiler counts them.
 */
export function parseDiagnostics(output: string, sourceFile: string): CompilerDiagnostic[] {
  const baseName = sourceFile.slice(sourceFile.lastIndexOf('/') + 1);
  const ours = (file: string): boolean => file === sourceFile || file === baseName;
  const diagnostics: CompilerDiagnostic[] = [];
  for (const line of output.split('\n')) {
    const compiler = COMPILER_LINE.exec(line);
    if (compiler !== null) {
      const [, file = '', lineText = '', columnText, severity = '', message = ''] = compiler;
      if (!ours(file)) continue;
      diagnostics.push({
        line: Number(lineText),
        column: columnText === undefined ? null : Number(columnText),
        severity: SEVERITY[severity] ?? 'error',
        message,
      });
      continue;
    }
    const linker = LINKER_LINE.exec(line);
    if (linker !== null && ours(linker[1] ?? '')) {
      diagnostics.push({
        line: Number(linker[2]),
        column: null,
        severity: 'error',
        message: linker[4] ?? '',
      });
    }
  }
  return diagnostics;
}
