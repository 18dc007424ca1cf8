// "Exit detaches implicitly": what an exit did to nattch, said with the two IPC_STAT readings the
// store took (while attached, and after the exit), and honest when one of them is missing.
import type { ExitDetach } from '../../store/program-store';

/** The sentence for one segment an exit detached. */
export function detachText(note: ExitDetach): string {
  const head = `Exit detaches implicitly: segment ${note.shmid}`;
  const { before, after } = note;
  if (before !== null && after !== null)
    return `${head}, nattch went from ${before.nattch} to ${after.nattch}`;
  if (after !== null) return `${head}, nattch is now ${after.nattch}`;
  if (before !== null) return `${head} (nattch was ${before.nattch}; reading it again…)`;
  return `${head}`;
}
