// Messages between the Lab (parent) and a child process. Both ends are our
// code; the child still lets the addon re-check every argument.
import type { ErrorEnvelope, Result } from '../common/errors';
import type { ProcessFacts } from '../common/api';

export type ChildRequestBody =
  | { op: 'attach'; shmid: number; address: string | null; readOnly: boolean; round: boolean }
  | { op: 'detach' }
  | { op: 'write'; offset: number; bytes: number[] }
  | { op: 'read'; offset: number; length: number; peek: boolean }
  | { op: 'inspect' }
  | { op: 'increment'; offset: number; times: number };

export type ChildRequest = ChildRequestBody & { id: number };

/** What each request resolves to in the child. */
export interface ChildReplies {
  attach: { shmid: number; address: string; size: number; readOnly: boolean };
  detach: null;
  write: null;
  read: { bytes: number[] };
  inspect: Omit<ProcessFacts, 'state'>;
  increment: null;
}

export interface ChangedRange {
  offset: number;
  bytes: number[];
}

export type ChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'changed'; shmid: number; changes: ChangedRange[] }
  | { type: 'fatal'; error: ErrorEnvelope };
