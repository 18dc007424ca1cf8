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

/** A duration in seconds as the messages give it: "20 s", "1.5 s". */
export function secondsText(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** "512 MiB address space, 10 s CPU, 64 MiB per file, 20 s in all, 2 compiles at a time". */
export function limitsText(limits: CompileLimits): string {
  return (
    `${Math.round(limits.addressSpaceBytes / MIB)} MiB address space, ${limits.cpuSeconds} s CPU, ` +
    `${Math.round(limits.fileSizeBytes / MIB)} MiB per file, ` +
    `${secondsText(limits.wallClockMs)} in all, ${limits.running} compiles at a time`
  );
}
