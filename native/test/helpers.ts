// Shared by every native test file: the addon, segment bookkeeping and error assertions.
//
// Importing this module installs an afterEach that tears down what the test made (children
// first, then attachments, then segments and semaphore sets) and an afterAll that asserts none
// of this file's segments or sets is still listed in /proc/sysvipc/shm or /proc/sysvipc/sem. Vitest runs each test file in its own process,
// so the bookkeeping here is per file.
import { randomInt } from 'node:crypto';
import { createRequire } from 'node:module';
import { constants as osConstants } from 'node:os';
import { afterAll, afterEach, expect } from 'vitest';
import type * as ShmModule from '../index.js';
import type { Attachment, ShmatOptions, ShmSyscallError } from '../index.js';
import { listedSemids, listedShmids, sysvipcKeys, sysvipcSemKeys } from './proc';

const require = createRequire(import.meta.url);

/** The addon, loaded the way main-side code loads it. */
export const shm = require('../index.js') as typeof ShmModule;
export const {
  IPC_PRIVATE,
  IPC_CREAT,
  IPC_EXCL,
  SHM_DEST,
  SHMLBA,
  pageSize,
  SEM_UNDO,
  IPC_NOWAIT,
} = shm.constants;

/** An Error carrying the addon's stable `code` (and errno/syscall for syscall failures). */
export interface CodedError extends Error {
  code?: unknown;
  errno?: unknown;
  syscall?: unknown;
}

/**
 * An id no segment can have: the low 15 bits of a shmid are the segment's index in the kernel's
 * table, which is always below SHMMNI (4096 by default, at most 32768), and here they are 32767.
 * (Kernels booted with ipcmni_extend use 24 index bits; 0xffffff is still out of reach unless
 * SHMMNI is raised to its 16M maximum.) Tests also check that /proc/sysvipc/shm does not list it.
 */
export const NEVER_EXISTED_SHMID = 0x7fffffff;

const fileShmids = new Set<number>();
const testShmids = new Set<number>();
const openAttachments = new Set<Attachment>();
const teardownSteps: (() => Promise<void> | void)[] = [];
const fileSemids = new Set<number>();
const testSemids = new Set<number>();

/** Creates a new segment (IPC_CREAT | IPC_EXCL) that the file's hooks will remove. */
export function createSegment(size = pageSize, options: { key?: number; mode?: number } = {}) {
  const shmid = shm.shmget(
    options.key ?? IPC_PRIVATE,
    size,
    IPC_CREAT | IPC_EXCL | (options.mode ?? 0o600),
  );
  adoptSegment(shmid);
  return shmid;
}

/** Registers a segment someone else created (a child, the C peer) for the same cleanup. */
export function adoptSegment(shmid: number): void {
  fileShmids.add(shmid);
  testShmids.add(shmid);
}

/** Creates a new semaphore set (IPC_CREAT | IPC_EXCL) that the file's hooks will remove. */
export function createSemaphoreSet(nsems = 1, options: { key?: number; mode?: number } = {}) {
  const semid = shm.semget(
    options.key ?? IPC_PRIVATE,
    nsems,
    IPC_CREAT | IPC_EXCL | (options.mode ?? 0o600),
  );
  adoptSemaphoreSet(semid);
  return semid;
}

/** Registers a set someone else created (a child, the C peer) for the same cleanup. */
export function adoptSemaphoreSet(semid: number): void {
  fileSemids.add(semid);
  testSemids.add(semid);
}

/** IPC_RMID on a set; true if it removed it, false if the id was already gone. */
export function removeSemaphoreSet(semid: number): boolean {
  try {
    shm.semctl(semid, 0, 'IPC_RMID');
    return true;
  } catch (error) {
    if (isCoded(error) && (error.code === 'EINVAL' || error.code === 'EIDRM')) return false;
    throw error;
  }
}

/**
 * Polls `read` (a look at the kernel: /proc, semctl) until `accept` says yes, and returns that
 * value; fails after `timeoutMs` with the last value seen. For states another thread or process
 * reaches on its own (a semop that went to sleep), which no event announces.
 */
export async function waitForKernel<T>(
  what: string,
  read: () => T,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      return expect.unreachable(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** shmat() whose attachment the test's afterEach detaches if the test did not. */
export function attach(shmid: number, options?: ShmatOptions): Attachment {
  const attachment = shm.shmat(shmid, options);
  openAttachments.add(attachment);
  return attachment;
}

/** IPC_RMID; true if it removed or marked the segment, false if the id was already gone. */
export function removeSegment(shmid: number): boolean {
  try {
    shm.shmctl(shmid, 'IPC_RMID');
    return true;
  } catch (error) {
    // Linux answers EINVAL for an id that is gone; EIDRM is what POSIX allows too.
    if (isCoded(error) && (error.code === 'EINVAL' || error.code === 'EIDRM')) return false;
    throw error;
  }
}

/**
 * The earliest IPC time stamp (atime, ctime, otime…) the kernel may give an object made after
 * this call. The kernel stamps them with its coarse clock (ktime_get_real_seconds), which can be a
 * tick behind CLOCK_REALTIME that Date.now() reads, so across a second boundary a stamp may carry
 * the previous second.
 */
export function earliestKernelStamp(): number {
  return Math.floor(Date.now() / 1000) - 1;
}

export const isRoot = process.getuid?.() === 0;

/**
 * The name for a test that `it.skipIf(skip)` may skip: when it will be skipped, the reason is
 * appended to the name and printed, so the report says why.
 */
export function titleWithSkipReason(title: string, skip: boolean, reason: string): string {
  if (!skip) return title;
  console.warn(`skipping "${title}": ${reason}`);
  return `${title} (skipped: ${reason})`;
}

/** A key from a high range that no segment and no semaphore set uses right now. */
export function unusedKey(): number {
  const used = new Set([...sysvipcKeys(), ...sysvipcSemKeys()]);
  for (;;) {
    const key = randomInt(0x40000000, 0x7fffffff);
    if (!used.has(key)) return key;
  }
}

/** Runs before attachments and segments are cleaned up after each test (e.g. killing children). */
export function addTeardownStep(step: () => Promise<void> | void): void {
  teardownSteps.push(step);
}

export function isCoded(value: unknown): value is CodedError {
  return value instanceof Error;
}

/** Calls `fn`, fails if it returns, and gives back what it threw. `label` names the case. */
export function thrownBy(fn: () => unknown, label = ''): CodedError {
  let result: unknown;
  try {
    result = fn();
  } catch (error) {
    expect(error, label).toBeInstanceOf(Error);
    return error as CodedError;
  }
  return expect.unreachable(`${label}: expected a throw, got ${String(result)}`);
}

/** Asserts `fn` fails as the syscall `syscall` with one of `codes`, shaped like Node's SystemError. */
export function expectSyscallError(
  fn: () => unknown,
  syscall: NonNullable<ShmSyscallError['syscall']>,
  codes: readonly string[],
): CodedError {
  const error = thrownBy(fn);
  expect(codes).toContain(error.code);
  expect(error.syscall).toBe(syscall);
  expect(error.errno).toBe(osConstants.errno[error.code as keyof typeof osConstants.errno]);
  return error;
}

/**
 * Asserts `fn` rejects an argument: the error class, its `code`, and a message that names the
 * argument (`names`, e.g. '"size"'). Nothing else about the message is asserted.
 */
export function expectArgumentError(
  fn: () => unknown,
  type: typeof TypeError | typeof RangeError,
  code: string,
  names: string,
  label = names,
): CodedError {
  const error = thrownBy(fn, label);
  expect(error, label).toBeInstanceOf(type);
  expect(error.code, label).toBe(code);
  expect(error.message, label).toContain(names);
  return error;
}

afterEach(async () => {
  for (const step of teardownSteps) await step();
  for (const attachment of openAttachments) attachment.detach();
  openAttachments.clear();
  for (const shmid of testShmids) removeSegment(shmid);
  testShmids.clear();
  for (const semid of testSemids) removeSemaphoreSet(semid);
  testSemids.clear();
});

afterAll(() => {
  const listed = new Set(listedShmids());
  const leftovers = [...fileShmids].filter((shmid) => listed.has(shmid));
  expect(leftovers, 'segments of this file still listed in /proc/sysvipc/shm').toEqual([]);
  const listedSets = new Set(listedSemids());
  const leftoverSets = [...fileSemids].filter((semid) => listedSets.has(semid));
  expect(leftoverSets, 'semaphore sets of this file still listed in /proc/sysvipc/sem').toEqual([]);
});
