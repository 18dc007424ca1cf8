// The one-line summary of a compile: whether it built, and how many messages of each kind.
import type { CompileResult } from '../../../src-main/common/api';
import { plural } from '../machine/machine-format';

/** "Compiled in 84 ms, no messages." / "Failed (exit status 1) in 90 ms: 2 errors, 1 warning." */
export function compileSummary(result: CompileResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  const notes = result.diagnostics.filter((d) => d.severity === 'note').length;
  const counts = [
    errors > 0 ? plural(errors, 'error') : null,
    warnings > 0 ? plural(warnings, 'warning') : null,
    notes > 0 ? plural(notes, 'note') : null,
  ].filter((part): part is string => part !== null);
  const took = `in ${Math.round(result.durationMs)} ms`;
  const messages = counts.length === 0 ? 'no messages on your lines' : counts.join(', ');
  if (result.ok) return `Compiled ${took}: ${messages}.`;
  const how =
    result.signal !== null
      ? `killed by ${result.signal}`
      : result.exitCode !== null
        ? `exit status ${result.exitCode}`
        : 'no status';
  return `Failed (${how}) ${took}: ${messages}.`;
}
