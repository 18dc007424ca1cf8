// Checks made in main before a request reaches a child: that the process
// has a segment attached, that the range fits in it, and that it may write.
import type { AttachmentInfo, ProcessState } from '../common/api';
import { LabError } from '../common/errors';

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
  if (offset + length > attachment.size) {
    throw new LabError(
      'E_BAD_INPUT',
      `offset ${offset} + ${what} goes past the end of the ${attachment.size}-byte segment; ` +
        `allowed: offsets from 0 to ${Math.max(0, attachment.size - length)}`,
    );
  }
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
