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
  /** Copies bytes out of the mapping. */
  read(offset: number, length: number): Buffer;
  /** Copies bytes into the mapping. */
  write(offset: number, data: Uint8Array): void;
  /** One byte per page: 1 when the segment has that page in memory, else 0 (mincore). */
  residency(): Buffer;
  /**
   * Like read(), but never makes the kernel allocate a page: untouched pages read as the zeros
   * they hold; pages in swap are read back (their real bytes), never shown as zeros.
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
}

export declare function shmget(key: number, size: number, flags: number): number;
export declare function shmat(shmid: number, options?: ShmatOptions): Attachment;
export declare function shmctl(shmid: number, command: 'IPC_STAT'): ShmidDs;
export declare function shmctl(shmid: number, command: 'IPC_RMID'): void;
export declare function shmctl(shmid: number, command: 'IPC_SET', settings: ShmctlSettings): void;
export declare function limits(): ShmLimits;

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
  /** The largest window Attachment.view() accepts (64 KiB). */
  readonly MAX_WATCH_WINDOW: number;
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
  syscall: 'shmget' | 'shmat' | 'shmdt' | 'shmctl' | 'mincore' | 'madvise';
}
