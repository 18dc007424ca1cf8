// Who maps a segment, in words: each mapper with its Lab role, and the comparison of what the
// Lab could see in /proc/<pid>/maps with the attachments the kernel counts (nattch).
import type { Mapper } from '../../../src-main/common/api';
import { plural } from './machine-format';

/** 'A', 'B', 'ShmLab host', or null for a process outside the Lab. */
export function mapperRole(mapper: Mapper): string | null {
  if (mapper.labProcess === 'host') return 'ShmLab host';
  return mapper.labProcess;
}

/** The mappers by pid, then address (one process may map a segment twice). */
export function sortMappers(mappers: readonly Mapper[]): Mapper[] {
  return [...mappers].sort((a, b) => a.pid - b.pid || a.address.localeCompare(b.address));
}

/**
 * nattch against what the Lab saw: "The kernel counts 3 attachments; 2 are visible to the Lab."
 * plus why the two may differ. `unreadable` is how many processes' maps could not be read in the
 * same refresh (machine-wide: the Lab cannot tell which of them holds the attachment).
 */
export function attachmentComparison(nattch: number, visible: number, unreadable: number): string {
  const counted = `The kernel counts ${plural(nattch, 'attachment')}`;
  if (visible === nattch) {
    return nattch === 0
      ? `${counted}; no process maps it.`
      : `${counted}; ${visible === 1 ? 'it is' : `all ${visible} are`} visible to the Lab.`;
  }
  const seen = `${visible} ${visible === 1 ? 'is' : 'are'} visible to the Lab`;
  if (visible < nattch) {
    const hidden = nattch - visible;
    const where =
      unreadable > 0
        ? `in ${hidden === 1 ? 'a process' : 'processes'} whose maps the Lab could not read (${plural(unreadable, 'process', 'processes')} could not be read in this refresh)`
        : 'in a process that attached or exited between the kernel’s count and the Lab’s read of /proc';
    return `${counted}; ${seen}. The other ${hidden} ${hidden === 1 ? 'is' : 'are'} ${where}.`;
  }
  return `${counted}; the Lab saw ${plural(visible, 'mapping')}: a process detached or exited between the two reads.`;
}

/** '3 processes could not be read (another user, or gone)'; null when every one was read. */
export function unreadableText(unreadable: number, read: number): string | null {
  if (unreadable === 0) return null;
  const were = read === 1 ? 'was' : 'were';
  return `${plural(unreadable, 'process', 'processes')} could not be read (another user without permission, or gone while read); ${plural(read, 'process', 'processes')} ${were} read.`;
}
