// Hand-written types for the System V shared-memory addon (native/index.js).

/** The fields of struct shmid_ds, as shmctl(IPC_STAT) returns them. */
export interface ShmidDs {
  /** The key given to shmget; 0 (IPC_PRIVATE) once the segment is marked for destruction. */
  readonly key: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  /** Permission bits plus SHM_DEST (0o1000) and SHM_LOCKED (0o2000). */
  readonly mode: number;
  /** The size asked for in shmget, in bytes. */
  readonly segsz: number;
  /** Last attach, last detach, last change: seconds since the epoch, 0 if never. */
  readonly atime: number;
  readonly dtime: number;
  readonly ctime: number;
  /** PID of the creator and of the last process to shmat or shmdt. */
  readonly cpid: number;
  readonly lpid: number;
  readonly nattch: number;
}

/** The kernel's System V shared-memory limits (shmctl IPC_INFO). */
export interface ShmLimits {
  /** Largest segment, in bytes. */
  readonly SHMMAX: bigint;
  /** Smallest segment, in bytes. */
  readonly SHMMIN: number;
  /** Most segments system-wide. */
  readonly SHMMNI: number;
  /** Most segments one process may attach (not enforced by Linux). */
  readonly SHMSEG: number;
  /** Most shared memory system-wide, in pages. */
  readonly SHMALL: bigint;
}

export interface ShmatOptions {
  /** shmaddr: where to attach; omitted or 0n lets the kernel choose. */
  address?: bigint;
  /** SHM_RDONLY. */
  readOnly?: boolean;
  /** SHM_RND: round `address` down to a multiple of SHMLBA. */
  round?: boolean;
}

/**
 * What IPC_SET writes. The kernel sets uid, gid and mode together; one left out keeps the value
 * the kernel holds now (read without needing read permission, so an owner can restore a mode it
 * took its own read permission from). Give all three to write exactly these, with no read.
 */
export interface ShmctlSettings {
  uid?: number;
  gid?: number;
  /** Permission bits, 0o000 to 0o777. */
  mode?: number;
}

/**
 * Where a page of a peek was: in memory, in swap (read back for this peek: real bytes), or
 * never touched (no page yet: its bytes are the zeros it holds).
 */
export type PageSource = 'memory' | 'swap' | 'untouched';

/** peekPages(): the bytes, and where each page of the range was. */
export interface PeekResult {
  readonly bytes: Buffer;
  /** The segment's page index of pages[0]. */
  readonly firstPage: number;
  /** One entry per page the range touches, in order. */
  readonly pages: readonly PageSource[];
}

/** pageTable(): the process's own pagemap entries of the attachment, and its smaps text. */
export interface OwnPageTable {
  /** /proc/self/pagemap's 8-byte entry of each page asked for, in the machine's order. */
  readonly entries: Buffer;
  /** /proc/self/smaps, when asked for and readable; null otherwise. */
  readonly smaps: string | null;
}

/** touch(): the byte the load read, and whether the write was made (false when read-only). */
export interface TouchResult {
  readonly value: number;
  readonly wrote: boolean;
}

/** A range of bytes that changed, with the bytes this process read. */
export interface MappingChange {
  readonly offset: number;
  readonly bytes: Buffer;
}

export interface WatchOptions {
  /** Poll interval while changes are flowing, µs (default 500). */
  fastIntervalUs?: number;
  /** Poll interval once idle, µs (default 8000). */
  idleIntervalUs?: number;
  /** How long without a change counts as idle, ms (default 1000). */
  idleAfterMs?: number;
  /** Poll interval once at rest, µs (default: idleIntervalUs, i.e. no resting pace). */
  restIntervalUs?: number;
  /**
   * How long without a change counts as at rest, ms: from idleAfterMs to 3600000 (default:
   * idleAfterMs). Changing the window leaves the resting pace.
   */
  restAfterMs?: number;
}

/** One attachment (shmat) of a segment in this process. */
export declare class Attachment {
  private constructor();
  readonly shmid: number;
  /** The address shmat returned in this process. */
  readonly address: bigint;
  /** shm_segsz: the segment's size in bytes. */
  readonly size: number;
  readonly readOnly: boolean;
  readonly attached: boolean;
  /**
   * Copies bytes out of the mapping: the learner's load, which faults each page it reads into
   * this process's page table (see peek() for a look that does not).
   */
  read(offset: number, length: number): Buffer;
  /** Copies bytes into the mapping. */
  write(offset: number, data: Uint8Array): void;
  /**
   * The learner touches the page holding `offset` (0 to size − 1) the way a C program would: a
   * one-byte volatile load, a read fault that maps the segment's frame into this process's page
   * table (or, for a page the segment never had, gives it a new zeroed frame); then, unless the
   * attachment is read-only, a write to that byte that changes nothing (an atomic fetch-or of 0,
   * so a byte another process stores meanwhile is never overwritten). RangeError
   * ERR_OUT_OF_RANGE / TypeError ERR_INVALID_ARG_TYPE for a bad offset; E_DETACHED after detach.
   */
  touch(offset: number): TouchResult;
  /**
   * This process's page table for the attachment, read under the lock every access and every
   * look takes (a look's passing entry is never in it): pagemap's entry of each page and, when
   * `withSmaps`, /proc/self/smaps; of the first `pages` pages only, when given (0 to the
   * attachment's page count). TypeError ERR_INVALID_ARG_TYPE / RangeError ERR_OUT_OF_RANGE.
   */
  pageTable(withSmaps: boolean, pages?: number): OwnPageTable;
  /** One byte per page: 1 when the segment has that page in memory, else 0 (mincore). */
  residency(): Buffer;
  /**
   * Like read(), but never makes the kernel allocate a page: untouched pages read as the zeros
   * they hold; pages in swap are read back (their real bytes), never shown as zeros. Leaves this
   * process's page table as it was: a page not present in it before is not present after, so
   * /proc/<pid>/pagemap shows only the learner's own touches. view() and the watcher look the
   * same way.
   */
  peek(offset: number, length: number): Buffer;
  /** peek(), plus where each page of the range was. */
  peekPages(offset: number, length: number): PeekResult;
  /** shmdt(). Detaching twice is harmless. */
  detach(): void;
  /**
   * Reports changes made by anyone; returns a function that stops watching. A later watch()
   * replaces this one (its listener gets nothing more, its stop function does nothing).
   *
   * `changes`: ranges inside the window (view()) that changed, with the bytes this process read.
   * `pages`: ascending indices of other pages whose bytes changed or that got a page frame, found
   * by a slower sweep whose cost per step is bounded. Either may be empty, never both.
   */
  watch(
    listener: (changes: MappingChange[], pages: number[]) => void,
    options?: WatchOptions,
  ): () => void;
  /**
   * watch(), with each report written as one line on the process's report channel
   * (reportChannel, which must be open) by the watcher thread that found the change, without
   * waking JavaScript: {"type":"changed","shmid":…,"changes":[{"offset":…,"bytes":[…]}],"pages":[…]}.
   * A report found before a line JavaScript sends is written before it. With `held`, it watches
   * from now on but keeps its reports (merged) until releaseReports(): the caller can answer
   * first, and no change made after this call is missed.
   */
  watchToChannel(options?: WatchOptions & { held?: boolean }): () => void;
  /** Sends what a held watchToChannel watcher kept, and its reports from now on. */
  releaseReports(): void;
  /**
   * Sets the window the watcher reports byte for byte (at most constants.MAX_WATCH_WINDOW bytes;
   * the segment's first bytes until called) and returns its bytes, read as peek() reads. Later
   * changes are measured against exactly these bytes. Works while not watching too: the window
   * is kept for the next watch().
   */
  view(offset: number, length: number): Buffer;
  /**
   * Asks the watcher to look now: the window at once, and the pages of [offset, offset + length)
   * (at most 64 of them) without waiting for the sweep. Does nothing while not watching.
   */
  poke(offset?: number, length?: number): void;
  /**
   * poke(), except that the window is scanned now, on the calling thread, and the changes found
   * are handed to the watch listener before look() returns. Does nothing while not watching.
   */
  look(offset?: number, length?: number): void;
  /**
   * A write by another process is on its way: for up to `withinUs` microseconds (at most
   * constants.MAX_EXPECT_US), or until the window changes, the watcher polls the window every
   * few tens of microseconds. Does nothing while not watching.
   */
  expect(withinUs: number): void;
  /**
   * Atomically adds `delta` (a whole number, taken modulo 2^32) to the u32 at `offset` (a
   * multiple of 4, little-endian as the CPU stores it) and returns the value it held before:
   * one locked instruction (__atomic_fetch_add, sequentially consistent). E_READ_ONLY on a
   * read-only attachment; RangeError ERR_OUT_OF_RANGE / TypeError for bad arguments.
   */
  fetchAdd(offset: number, delta: number): number;
  /**
   * Runs `times` increments of the u32 at `offset` (a multiple of 4) on a thread of its own,
   * so the event loop stays free, and returns at once. Each increment is, by `mode`:
   * - 'plain': load into a register, add 1, store back, with nothing around it (a data race
   *   on purpose: the loads and stores are volatile, so the compiler keeps all three steps);
   * - 'semaphore': semop(semid, [{num: semnum, op: -1, undo: true}]), the plain increment,
   *   semop(semid, [{num: semnum, op: +1, undo: true}]);
   * - 'atomic': fetchAdd(offset, 1).
   * The attachment stays attached while the run lasts: detach() cancels a run still going and
   * waits for its thread to stop before shmdt (its `finished` then resolves, cancelled).
   */
  startIncrements(options: IncrementOptions): IncrementRun;
}

export type IncrementMode = 'plain' | 'semaphore' | 'atomic';

export interface IncrementOptions {
  offset: number;
  /** 1 to 100 000 000. */
  times: number;
  mode: IncrementMode;
  /** Required for 'semaphore': the set and the semaphore in it that guards the counter. */
  semid?: number;
  semnum?: number;
}

export interface IncrementRunResult {
  /** Increments done (fewer than asked when cancelled or when a semop failed). */
  readonly done: number;
  /** Wall time of the loop on its thread, in nanoseconds (steady clock). */
  readonly elapsedNs: number;
  readonly cancelled: boolean;
}

export interface IncrementRun {
  /**
   * Resolves when the loop ends (all done, or cancelled); rejects with a ShmSyscallError when
   * a semop failed (e.g. EIDRM: the set was removed mid-run), with the count done so far in
   * the error's `done` field.
   */
  readonly finished: Promise<IncrementRunResult>;
  /** Increments done so far (read without stopping the loop). */
  progress(): number;
  /**
   * Asks the loop to stop after the current increment; a semop it is blocked in is
   * interrupted. Returns false when it has already ended.
   */
  cancel(): boolean;
}

/** The fields of struct semid_ds, as semctl(IPC_STAT) returns them. */
export interface SemidDs {
  readonly key: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  /** Permission bits (0o000 to 0o777). */
  readonly mode: number;
  readonly nsems: number;
  /** Last semop, last change: seconds since the epoch, 0 if never. */
  readonly otime: number;
  readonly ctime: number;
}

/** The kernel's System V semaphore limits (semctl IPC_INFO, struct seminfo). */
export interface SemLimits {
  /** Most semaphores in one set. */
  readonly SEMMSL: number;
  /** Most semaphores system-wide. */
  readonly SEMMNS: number;
  /** Most operations in one semop call. */
  readonly SEMOPM: number;
  /** Most sets system-wide. */
  readonly SEMMNI: number;
  /** Largest semaphore value. */
  readonly SEMVMX: number;
  /** Largest value SEM_UNDO can record for one adjustment. */
  readonly SEMAEM: number;
}

/** One element of a semop call (struct sembuf). */
export interface SemOp {
  /** sem_num: which semaphore of the set, 0 to nsems − 1. */
  num: number;
  /** sem_op: negative waits until it can subtract, 0 waits for zero, positive adds. */
  op: number;
  /** IPC_NOWAIT: fail with EAGAIN instead of waiting. */
  nowait?: boolean;
  /** SEM_UNDO: the kernel reverses this operation when the process exits. */
  undo?: boolean;
}

export interface SemWaitOptions {
  /** semtimedop's timeout, in ms; omitted: semop, which may wait for ever. */
  timeoutMs?: number;
}

/**
 * A semop running on a thread of its own (startSemop). While the call waits it keeps the event
 * loop alive, as pending I/O does; once `done` has settled it holds nothing. A process that
 * exits while one waits ends normally (the thread is interrupted, or dies with the process).
 */
export interface SemWait {
  /** The kernel thread id (gettid) that makes the call: /proc/self/task/<tid> shows it waiting. */
  readonly tid: number;
  /**
   * Resolves when the operations were done; rejects with a ShmSyscallError (syscall 'semop' or
   * 'semtimedop'): EAGAIN (IPC_NOWAIT, or the timeout passed), EIDRM (the set was removed while
   * waiting), EINVAL, EACCES, EFBIG, E2BIG, ERANGE…, or with code 'ECANCELED' after cancel().
   */
  readonly done: Promise<void>;
  /** Interrupts the wait (the call returns EINTR); false when the call has already returned. */
  cancel(): boolean;
}

export declare function shmget(key: number, size: number, flags: number): number;
export declare function shmat(shmid: number, options?: ShmatOptions): Attachment;
export declare function shmctl(shmid: number, command: 'IPC_STAT'): ShmidDs;
export declare function shmctl(shmid: number, command: 'IPC_RMID'): void;
export declare function shmctl(shmid: number, command: 'IPC_SET', settings: ShmctlSettings): void;
export declare function limits(): ShmLimits;

export declare function semget(key: number, nsems: number, flags: number): number;
/**
 * semop on the calling thread. Every operation must carry nowait (a wait would block the event
 * loop): without it, TypeError ERR_WOULD_BLOCK, and startSemop is the way.
 */
export declare function semop(semid: number, ops: readonly SemOp[]): void;
/** semop (or semtimedop with timeoutMs) on a thread of its own; never blocks the caller. */
export declare function startSemop(
  semid: number,
  ops: readonly SemOp[],
  options?: SemWaitOptions,
): SemWait;
export declare function semctl(
  semid: number,
  semnum: number,
  command: 'GETVAL' | 'GETPID' | 'GETNCNT' | 'GETZCNT',
): number;
export declare function semctl(
  semid: number,
  semnum: number,
  command: 'SETVAL',
  value: number,
): void;
export declare function semctl(semid: number, semnum: 0, command: 'GETALL'): number[];
export declare function semctl(
  semid: number,
  semnum: 0,
  command: 'SETALL',
  values: readonly number[],
): void;
export declare function semctl(semid: number, semnum: 0, command: 'IPC_STAT'): SemidDs;
export declare function semctl(
  semid: number,
  semnum: 0,
  command: 'IPC_SET',
  settings: ShmctlSettings,
): void;
export declare function semctl(semid: number, semnum: 0, command: 'IPC_RMID'): void;
export declare function semLimits(): SemLimits;

// ── Issue 11: pseudo-terminals and ftok ──────────────────────────────────────────────────────

/** A new pseudo-terminal: its master (ours) and the path of its slave (the program's). */
export interface OpenedPty {
  /**
   * posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK), granted and unlocked: a write the
   * terminal cannot take now fails with EAGAIN. The caller owns it: hand it to a tty.ReadStream
   * (which closes it; write with fs.writeSync, as the stream's own writes would spin on
   * EAGAIN) or close it.
   */
  readonly masterFd: number;
  /** ptsname_r, e.g. '/dev/pts/3'. */
  readonly slavePath: string;
}

/** Opens a pseudo-terminal; syscall errors carry syscall 'posix_openpt', 'grantpt'…. */
export declare function openPty(): OpenedPty;
/** TIOCSWINSZ: the terminal's size in cells (1 to 65535 each); syscall 'ioctl' on failure. */
export declare function setPtySize(fd: number, cols: number, rows: number): void;
/**
 * ftok(3), the C library's own: the key built from the low 8 bits of `id` (1 to 255), the low
 * 8 bits of the file's device minor and the low 16 bits of its inode. Errors carry syscall
 * 'ftok' and the errno of its stat (ENOENT, EACCES, ENOTDIR…).
 */
export declare function ftok(path: string, id: number): number;
// ── end of issue 11 ──────────────────────────────────────────────────────────────────────────

/**
 * The process's one ordered channel to whoever started it: lines on what was its standard
 * output. Once opened, fd 1 points at standard error, so nothing printed can break a line.
 */
export declare const reportChannel: {
  /** Takes standard output as the channel; later calls do nothing. */
  open(): void;
  /**
   * Sends one line (it must hold no newline) after everything sent before, by JavaScript or a
   * watcher. Never blocks: what the pipe cannot take yet waits. False when the reader is gone.
   */
  send(line: string): boolean;
  /** Waits up to `timeoutMs` (0 to 60000) until everything sent reached the pipe; true then. */
  flush(timeoutMs: number): boolean;
  /** Bytes sent and not yet taken by the pipe. */
  backlog(): number;
  /**
   * Calls `listener` once the reader is gone (whoever started the process closed its end, or
   * died); replaces an earlier listener. Costs nothing while waiting, and does not keep the
   * process alive.
   */
  onClosed(listener: () => void): void;
};

export declare const constants: {
  readonly IPC_PRIVATE: number;
  readonly IPC_CREAT: number;
  readonly IPC_EXCL: number;
  readonly SHM_RDONLY: number;
  readonly SHM_RND: number;
  readonly SHM_DEST: number;
  readonly SHM_LOCKED: number;
  /** shmget flag: reserve no swap, so a segment may be larger than memory (0o10000). */
  readonly SHM_NORESERVE: number;
  readonly SHMLBA: number;
  /** semop flag: reverse the operation at exit (0o10000). */
  readonly SEM_UNDO: number;
  readonly IPC_NOWAIT: number;
  /** The largest window Attachment.view() accepts (64 KiB). */
  readonly MAX_WATCH_WINDOW: number;
  /** The longest Attachment.expect() accepts, in microseconds. */
  readonly MAX_EXPECT_US: number;
  readonly pageSize: number;
};

/**
 * Besides syscall errors and argument errors, any failure inside the addon is a coded Error,
 * never an abort: code 'ENOMEM' when memory for a buffer cannot be had, 'E_NATIVE' for any
 * other C++ exception.
 */
export interface ShmNativeError extends Error {
  code: 'ENOMEM' | 'E_NATIVE';
}

/** The shape of every error a failed syscall throws. */
export interface ShmSyscallError extends Error {
  /** The errno name, e.g. 'EEXIST'. */
  code: string;
  errno: number;
  syscall:
    | 'shmget'
    | 'shmat'
    | 'shmdt'
    | 'shmctl'
    | 'mincore'
    | 'madvise'
    | 'semget'
    | 'semop'
    | 'semtimedop'
    | 'semctl'
    // Issue 11.
    | 'posix_openpt'
    | 'grantpt'
    | 'unlockpt'
    | 'ptsname_r'
    | 'ioctl'
    | 'ftok';
}

// ---- Issue 10: who maps what, over every process (proc-scan.js, src/proc-scan.h) ----

/** What a mapping found by scanProcMaps maps: 1 a System V segment, 2 a file in /dev/shm. */
export type ScannedMappingKind = 1 | 2;

/**
 * One pass over every process's maps, as flat columns (a few arrays instead of thousands of
 * objects). `processes` holds only the processes that map a segment or a /dev/shm file;
 * `mappings` has one entry per such maps line, in /proc's order of processes and each file's
 * order of lines; a process that attached one segment twice has two.
 */
export interface ProcMapsScan {
  /** Processes whose maps were read (kernel threads and zombies read as empty). */
  readonly processesRead: number;
  /** Processes that exist but whose maps may not be read (EACCES, EPERM, ESRCH). */
  readonly processesUnreadable: number;
  readonly processes: {
    readonly pid: Int32Array;
    /** Effective uid: the owner of /proc/<pid> (what status's Uid line gives second). */
    readonly uid: Uint32Array;
    /** The command name, from comm. */
    readonly command: readonly string[];
  };
  readonly mappings: {
    /** Index into `processes`. */
    readonly process: Uint32Array;
    /** ScannedMappingKind of each mapping. */
    readonly kind: Uint8Array;
    /** 1 when the mapping may be written ('w' in maps), else 0. */
    readonly writable: Uint8Array;
    /** Start address as '0x' and lowercase hex, without leading zeros. */
    readonly address: readonly string[];
    /** Bytes mapped (end − start). */
    readonly size: Float64Array;
    /** The mapped file's device and inode as maps prints them; a segment's inode is its shmid. */
    readonly devMajor: Uint32Array;
    readonly devMinor: Uint32Array;
    readonly inode: Float64Array;
    /** For a /dev/shm file, the name shm_open takes ('/name'); '' for a segment. */
    readonly name: readonly string[];
  };
}

/** How scanProcMaps fails when `root` itself cannot be listed. */
export interface ProcScanError extends Error {
  /** The errno name, e.g. 'ENOENT'. */
  code: string;
  errno: number;
  syscall: 'opendir' | 'readdir';
  path: string;
}

/**
 * Reads <root>/<pid>/maps of every process (root: '/proc' by default) on a worker thread and
 * keeps the lines of System V segments and /dev/shm files; reads the name and uid of the
 * processes that have one. Rejects with a ProcScanError when `root` cannot be listed (a process that
 * cannot be read is counted, never an error), or ShmNativeError. Throws at once on a bad `root`.
 */
export declare function scanProcMaps(root?: string): Promise<ProcMapsScan>;
