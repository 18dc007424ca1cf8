// The words of a failed command, said once. A syscall's message repeats what the outcome's
// title already shows ("shmget failed: File exists (EEXIST)" under "shmget failed: EEXIST"),
// so only what it adds is kept.
import type { ErrorEnvelope } from '../../src-main/common/errors';

/**
 * What an error's message says beyond its syscall and code: 'File exists' for
 * 'shmget failed: File exists (EEXIST)'; the whole message when it is not of that form; null when
 * nothing is left.
 */
export function errorDetail(error: ErrorEnvelope): string | null {
  let text = error.message.trim();
  const prefix = error.syscall === undefined ? null : `${error.syscall} failed: `;
  if (prefix !== null && text.startsWith(prefix)) text = text.slice(prefix.length);
  const suffix = ` (${error.code})`;
  if (text.endsWith(suffix)) text = text.slice(0, -suffix.length);
  else if (text === error.code) text = '';
  text = text.trim();
  return text === '' ? null : text;
}
