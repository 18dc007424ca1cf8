// Whether an old success still describes a process: the pane shows current facts above it, and
// an old success next to them (the address of an attachment since detached, a pid since
// replaced) would read as if it were still true.
import type { ProcessState, WriteResult } from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';

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
