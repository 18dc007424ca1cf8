// The little programs the learner steps through, one instruction at a time, in A and B: the
// unprotected `counter = counter + 1` (pane 10) and the same update between P() and V() (pane
// 13). Pure: which instruction comes next, and what a step log says happened.
import type { Instruction, ProcessName } from '../../src-main/common/api';

export type ProgramName = 'plain' | 'protected';
/** P() and V() are semops on semaphore 0 of the lab's set; the rest are StepResult steps. */
export type ProgramOp = 'P' | Instruction | 'V';

export const PROGRAMS: Record<ProgramName, readonly ProgramOp[]> = {
  plain: ['load', 'add', 'store'],
  protected: ['P', 'load', 'add', 'store', 'V'],
};

/** Where a process is in a program; only valid for the pid it was made for. */
export interface Cursor {
  pid: number | null;
  index: number;
}

/** The index of the next instruction of a process whose pid is `pid` now. */
export function cursorIndex(cursor: Cursor | undefined, pid: number | null): number {
  return cursor !== undefined && cursor.pid === pid && pid !== null ? cursor.index : 0;
}

/** The cursor after the instruction at `index` completed. */
export function advance(program: ProgramName, pid: number | null, index: number): Cursor {
  return { pid, index: (index + 1) % PROGRAMS[program].length };
}

/** One completed instruction, with what the process reported after it. */
export interface StepLogEntry {
  process: ProcessName;
  op: ProgramOp;
  /** The process's register after the step (load/add/store); null for P and V. */
  register: number | null;
  /** The counter as that process read it after the step; null for P and V. */
  counter: number | null;
}

/** An increment that vanished: `by` stored over a value `lost` had stored after by's load. */
export interface LostUpdate {
  lost: ProcessName;
  by: ProcessName;
  /** What `by` had loaded before `lost` stored. */
  byLoaded: number;
  /** What `lost` stored, and what `by` then stored over it. */
  lostStored: number;
  byStored: number;
}

/** What the log says so far. */
export interface StepStory {
  /** Stores made: each one is an increment a process finished. */
  increments: number;
  /** The counter after the last store (as the storing process read it); null before any. */
  counter: number | null;
  lostUpdates: LostUpdate[];
}

const other = (name: ProcessName): ProcessName => (name === 'A' ? 'B' : 'A');

/**
 * Reads a step log: counts the stores, and finds each store that overwrote the other process's
 * store made after this process loaded (the other's increment is then lost).
 */
export function storyOf(log: readonly StepLogEntry[]): StepStory {
  const loaded: Partial<Record<ProcessName, { value: number; at: number }>> = {};
  const stored: Partial<Record<ProcessName, { value: number; at: number }>> = {};
  const lostUpdates: LostUpdate[] = [];
  let increments = 0;
  let counter: number | null = null;
  log.forEach((entry, at) => {
    if (entry.op === 'load' && entry.register !== null) {
      loaded[entry.process] = { value: entry.register, at };
    } else if (entry.op === 'store' && entry.register !== null) {
      increments += 1;
      counter = entry.counter;
      const mine = loaded[entry.process];
      const theirs = stored[other(entry.process)];
      if (mine !== undefined && theirs !== undefined && theirs.at > mine.at) {
        lostUpdates.push({
          lost: other(entry.process),
          by: entry.process,
          byLoaded: mine.value,
          lostStored: theirs.value,
          byStored: entry.register,
        });
      }
      stored[entry.process] = { value: entry.register, at };
    }
  });
  return { increments, counter, lostUpdates };
}

/** One lost update in words, with its numbers. */
export function lostUpdateText(lost: LostUpdate): string {
  const { by } = lost;
  if (lost.byStored === lost.lostStored) {
    return (
      `A and B both loaded ${lost.byLoaded} and both stored ${lost.byStored}: ` +
      `${by} wrote ${lost.byStored} over ${lost.lost}'s ${lost.lostStored}, so one increment is lost.`
    );
  }
  return (
    `${by} loaded ${lost.byLoaded}, then ${lost.lost} stored ${lost.lostStored}, then ${by} stored ` +
    `${lost.byStored} over it: ${lost.lost}'s increment is lost.`
  );
}

/**
 * The whole story in a sentence: how many increments ran, what the counter should hold from
 * `start` and what it holds.
 */
export function storySummary(story: StepStory, start: number | null): string | null {
  if (story.increments === 0 || story.counter === null || start === null) return null;
  const expected = start + story.increments;
  const lost = expected - story.counter;
  const made = `${story.increments} increment${story.increments === 1 ? '' : 's'} stored`;
  if (lost === 0) return `${made}: the counter went from ${start} to ${story.counter}, none lost.`;
  if (lost < 0) {
    return `${made} from ${start}, yet the counter holds ${story.counter}: something else wrote it meanwhile.`;
  }
  return (
    `${made}, so the counter should have gone from ${start} to ${expected}; it holds ` +
    `${story.counter}: ${lost} lost.`
  );
}
