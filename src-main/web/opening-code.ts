// The secrets of a web host run: the token (good for the whole run) and one-time opening codes.
// A browser the host opens itself gets a code in its address, never the token: xdg-open and the
// browser it starts keep their arguments in /proc/<pid>/cmdline, which every user can read. The
// page trades the code for the token when it opens its WebSocket; a code works once, for
// OPENING_CODE_TTL_MS, and only from a connection of this host's own user (loopback-peer.ts), so
// another user who reads it in `ps` cannot use it first.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** How long an opening code can be traded: long enough for a cold browser start. */
export const OPENING_CODE_TTL_MS = 60_000;
/** Codes kept at once; issuing more forgets the oldest (only --open issues one). */
const MAX_LIVE_CODES = 8;

/** 128 fresh random bits, as 32 hex digits. */
export function freshSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Whether `given` is `expected`, in time that does not depend on where they differ. */
export function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface OpeningCodes {
  /** A fresh code, good once within the time to live. */
  issue(): string;
  /** Whether `code` would be accepted now; it stays usable. */
  isLive(code: string): boolean;
  /** Uses `code`: true once for a live code, false otherwise and ever after. */
  redeem(code: string): boolean;
}

/** An empty set of opening codes; `now` is the clock (ms), replaceable in tests. */
export function createOpeningCodes(
  ttlMs = OPENING_CODE_TTL_MS,
  now: () => number = Date.now,
): OpeningCodes {
  const live: { code: string; expiresAt: number }[] = [];
  const find = (code: string): number => {
    const at = now();
    for (let i = live.length - 1; i >= 0; i -= 1) {
      if (live[i]!.expiresAt <= at) live.splice(i, 1);
    }
    return live.findIndex((entry) => sameSecret(code, entry.code));
  };
  return {
    issue: () => {
      const code = freshSecret();
      live.push({ code, expiresAt: now() + ttlMs });
      if (live.length > MAX_LIVE_CODES) live.shift();
      return code;
    },
    isLive: (code) => find(code) >= 0,
    redeem: (code) => {
      const index = find(code);
      if (index < 0) return false;
      live.splice(index, 1);
      return true;
    },
  };
}
