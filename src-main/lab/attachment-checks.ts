// Checks made in main before a request reaches a child: that the process
// has a segment attached, that the range fits in it, and that it may write.
import type { AttachmentInfo, ProcessState } from '../common/api';
import { LabError } from '../common/errors';
import { offsetRangeProblem } from '../common/offset-text';

/** '0x…' lowercase hex, as addresses cross the API. */
export function toHex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

/** The attachment of `state`, checked to hold `length` bytes (`what`) at `offset`. */
export function attachmentOf(
  state: ProcessState,
  offset: number,
  length: number,
  what: string,
): AttachmentInfo {
  const { attachment } = state;
  if (attachment === null) {
    throw new LabError(
      'E_NOT_ATTACHED',
      `process ${state.name} has no segment attached; run shmat first`,
    );
  }
  // The same words the forms show before sending, so a refusal reads the same from either side.
  const problem = offsetRangeProblem(offset, length, attachment.size);
  if (problem !== null) throw new LabError('E_BAD_INPUT', `${what}: ${problem}`);
  return attachment;
}

/** As {@link attachmentOf}, and not attached read-only. */
export function writableAttachment(
  state: ProcessState,
  offset: number,
  length: number,
  what: string,
): AttachmentInfo {
  const attachment = attachmentOf(state, offset, length, what);
  if (attachment.readOnly) {
    throw new LabError(
      'E_READ_ONLY',
      `process ${state.name} attached the segment read-only (SHM_RDONLY); it cannot write`,
    );
  }
  return attachment;
}
