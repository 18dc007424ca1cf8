// The limits every compile runs under, and their one-line description for the compile panel.
// Measured with gcc 12 on the starting programs: cc1 needs about 48 MiB of address space and
// 27 MiB of memory, in 0.2 s; `#include "/dev/zero"` took it to 930 MiB in 4 s, growing.

/** What a compile may use. */
export interface CompileLimits {
  /** RLIMIT_AS of the compiler and each program it runs (cc1, as, ld), bytes. */
  addressSpaceBytes: number;
  /** RLIMIT_CPU of each, seconds. */
  cpuSeconds: number;
  /** RLIMIT_FSIZE: the largest file it may write (the binary, its temporary files), bytes. */
  fileSizeBytes: number;
  /** After this long the whole process group gets SIGKILL (a compile stuck on a FIFO), ms. */
  wallClockMs: number;
  /** Compiles that run at once. */
  running: number;
  /** Compiles that may wait for a slot; more are refused with EAGAIN. */
  waiting: number;
}

const MIB = 1024 * 1024;

export const COMPILE_LIMITS: CompileLimits = {
  addressSpaceBytes: 512 * MIB,
  cpuSeconds: 10,
  fileSizeBytes: 64 * MIB,
  wallClockMs: 20_000,
  running: 2,
  waiting: 6,
};

/** "512 MiB of address space, 10 s of CPU, files up to 64 MiB, stopped after 20 s; 2 at a time". */
export function limitsText(limits: CompileLimits): string {
  return (
    `${Math.round(limits.addressSpaceBytes / MIB)} MiB of address space, ` +
    `${limits.cpuSeconds} s of CPU, files up to ${Math.round(limits.fileSizeBytes / MIB)} MiB, ` +
    `stopped after ${Math.round(limits.wallClockMs / 1000)} s; ${limits.running} at a time`
  );
}
