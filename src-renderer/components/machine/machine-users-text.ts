// Who uses a segment, in one paragraph, for the confirmations of the machine view: every process
// that maps it (pid, command, user, access, Lab role) and the kernel's count beside it.
import type { Mapper, MachineSegment } from '../../../src-main/common/api';
import { attachmentComparison, mapperRole, sortMappers } from './machine-mappers';

/** 'A (pid 41, node, uid 0, read-only)' or 'pid 999 (client, alice, read-write)'. */
export function mapperText(mapper: Mapper): string {
  const role = mapperRole(mapper);
  const who = `${mapper.command}, ${mapper.user ?? `uid ${mapper.uid}`}, ${mapper.readOnly ? 'read-only' : 'read-write'}`;
  return role === null ? `pid ${mapper.pid} (${who})` : `${role} (pid ${mapper.pid}, ${who})`;
}

/**
 * "Mapped now by A (pid 41, …) and pid 999 (…). The kernel counts 2 attachments; all 2 are
 * visible to the Lab." — or "Mapped by no process the Lab can read." when none is visible.
 */
export function segmentUsersText(segment: MachineSegment, unreadable: number): string {
  const mappers = sortMappers(segment.mappers).map(mapperText);
  const by =
    mappers.length === 0
      ? 'Mapped by no process the Lab can read.'
      : `Mapped now by ${mappers.length === 1 ? mappers[0] : `${mappers.slice(0, -1).join(', ')} and ${mappers.at(-1)}`}.`;
  return `${by} ${attachmentComparison(segment.nattch, segment.mappers.length, unreadable)}`;
}
