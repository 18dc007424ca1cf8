// The view in the address's fragment ('#view=machine'), so a reload opens it again. Other parts of
// the fragment (the web host's 'token=…' on first load) are kept as they are.

/** The fragment part that says the machine view is open. */
export const MACHINE_HASH_PART = 'view=machine';

const parts = (hash: string): string[] =>
  hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '');

/** Whether the fragment asks for the machine view. */
export function machineOpenInHash(hash: string): boolean {
  return parts(hash).includes(MACHINE_HASH_PART);
}

/** The fragment with the view part set or cleared ('' when nothing is left). */
export function hashWithMachine(hash: string, open: boolean): string {
  const kept = parts(hash).filter((part) => part !== MACHINE_HASH_PART);
  if (open) kept.push(MACHINE_HASH_PART);
  return kept.length === 0 ? '' : `#${kept.join('&')}`;
}
