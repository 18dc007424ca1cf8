// The store keeps each action's last outcome as `Outcome<unknown>`; these guards check that a
// success value has the shape its pane is about to show, instead of trusting a cast.
import type { AttachmentInfo, ProcessState, WriteResult } from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';
import type { Outcome } from '../store/lab-store';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isProcessName(value: unknown): value is 'A' | 'B' {
  return value === 'A' || value === 'B';
}

function isAttachment(value: unknown): value is AttachmentInfo {
  return (
    isRecord(value) &&
    typeof value.shmid === 'number' &&
    typeof value.address === 'string' &&
    typeof value.size === 'number' &&
    typeof value.readOnly === 'boolean'
  );
}

/** Whether `value` is a ProcessState (what attach, detach and respawn resolve to). */
export function isProcessState(value: unknown): value is ProcessState {
  return (
    isRecord(value) &&
    isProcessName(value.name) &&
    (value.pid === null || typeof value.pid === 'number') &&
    (value.status === 'starting' || value.status === 'running' || value.status === 'exited') &&
    (value.attachment === null || isAttachment(value.attachment))
  );
}

/** Whether `value` is a WriteResult. */
export function isWriteResult(value: unknown): value is WriteResult {
  return (
    isRecord(value) &&
    isProcessName(value.process) &&
    typeof value.offset === 'number' &&
    Array.isArray(value.bytes) &&
    value.bytes.every((byte) => typeof byte === 'number') &&
    typeof value.address === 'string'
  );
}

/**
 * The outcome with its success value checked by `isValue`. A value of another shape becomes an
 * E_INTERNAL error outcome, so the pane reports the mismatch rather than showing a wrong thing.
 */
export function narrowOutcome<T>(
  outcome: Outcome | undefined,
  isValue: (value: unknown) => value is T,
): Outcome<T> | undefined {
  if (outcome === undefined || !outcome.ok) return outcome;
  if (isValue(outcome.value)) return { ok: true, value: outcome.value, at: outcome.at };
  return {
    ok: false,
    error: { code: 'E_INTERNAL', message: 'The reply did not have the expected shape.' },
    at: outcome.at,
  };
}

/**
 * The outcome, minus a success that no longer describes the process (e.g. the address of an
 * attachment since detached, or a pid since replaced): the pane shows current facts above it,
 * and an old success next to them would read as if it were still true. Errors stay: they are the
 * answer to the last attempt.
 */
export function currentOutcome<T>(
  outcome: Outcome<T> | undefined,
  isCurrent: (value: T) => boolean,
): Outcome<T> | undefined {
  return outcome?.ok === true && !isCurrent(outcome.value) ? undefined : outcome;
}

/** Whether an attach's returned state is still the process's attachment. */
export function isCurrentAttach(attached: ProcessState, now: ProcessState): boolean {
  return (
    attached.pid === now.pid &&
    attached.attachment !== null &&
    attached.attachment.address === now.attachment?.address
  );
}

/** Whether a write landed inside the process's current attachment. */
export function isCurrentWrite(written: WriteResult, now: ProcessState): boolean {
  if (now.attachment === null) return false;
  try {
    const base = toBigIntAddress(now.attachment.address);
    const address = toBigIntAddress(written.address);
    return address >= base && address < base + BigInt(now.attachment.size);
  } catch {
    return false;
  }
}
