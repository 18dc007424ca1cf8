// shmget and semget share one rule for telling whether a call created its
// object: with IPC_CREAT alone and a key, the kernel's answer says, never a
// guess afterwards (an IPC_STAT made later may be refused, or see another's).
import { native } from './native';

const { IPC_CREAT, IPC_EXCL, IPC_PRIVATE } = native.constants;

/** How many times an existing object may vanish between the two calls before we give up. */
export const OPEN_ATTEMPTS = 3;

/** The id a get call returned, and whether that call created the object. */
export interface Opened {
  id: number;
  created: boolean;
}

/**
 * `get(flags)` as asked (shmget or semget, its other arguments bound), and whether it created
 * the object. IPC_PRIVATE and IPC_CREAT|IPC_EXCL always create, and a call without IPC_CREAT
 * never does. For IPC_CREAT alone with a key, the call is made with IPC_EXCL first: EEXIST
 * then opens the existing object without IPC_CREAT, and ENOENT there (it was removed between
 * the two calls) starts again, at most {@link OPEN_ATTEMPTS} times.
 */
export function openOrCreate(key: number, flags: number, get: (flags: number) => number): Opened {
  if (key === IPC_PRIVATE || (flags & IPC_EXCL) !== 0 || (flags & IPC_CREAT) === 0) {
    return { id: get(flags), created: key === IPC_PRIVATE || (flags & IPC_CREAT) !== 0 };
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { id: get(flags | IPC_EXCL), created: true };
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw error;
    }
    try {
      return { id: get(flags & ~IPC_CREAT), created: false };
    } catch (error) {
      if (codeOf(error) !== 'ENOENT' || attempt >= OPEN_ATTEMPTS) throw error;
    }
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}
