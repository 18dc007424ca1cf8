// The program view in the address's fragment ('#view=program'), so a reload opens it again. The
// machine view has its own part ('view=machine'); other parts (the web host's token) stay as they
// are.

/** The fragment part that says the program view is open. */
export const PROGRAM_HASH_PART = 'view=program';

const parts = (hash: string): string[] =>
  hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '');

/** Whether the fragment asks for the program view. */
export function programOpenInHash(hash: string): boolean {
  return parts(hash).includes(PROGRAM_HASH_PART);
}

/** The fragment with the program part set or cleared ('' when nothing is left). */
export function hashWithProgram(hash: string, open: boolean): string {
  const kept = parts(hash).filter((part) => part !== PROGRAM_HASH_PART);
  if (open) kept.push(PROGRAM_HASH_PART);
  return kept.length === 0 ? '' : `#${kept.join('&')}`;
}
