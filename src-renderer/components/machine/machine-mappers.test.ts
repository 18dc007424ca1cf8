import { describe, expect, it } from 'vitest';
import { attachmentComparison, mapperRole, sortMappers, unreadableText } from './machine-mappers';
import { mapper, segment } from './machine-fixtures.test-support';
import { mapperText, segmentUsersText } from './machine-users-text';

describe('attachmentComparison', () => {
  it('says when every attachment is visible', () => {
    expect(attachmentComparison(0, 0, 5)).toBe(
      'The kernel counts 0 attachments; no process maps it.',
    );
    expect(attachmentComparison(1, 1, 0)).toBe(
      'The kernel counts 1 attachment; it is visible to the Lab.',
    );
    expect(attachmentComparison(2, 2, 0)).toBe(
      'The kernel counts 2 attachments; all 2 are visible to the Lab.',
    );
  });

  it('says where the hidden ones may be', () => {
    expect(attachmentComparison(3, 2, 4)).toBe(
      'The kernel counts 3 attachments; 2 are visible to the Lab. The other 1 is in a process whose maps the Lab could not read (4 processes could not be read in this refresh).',
    );
    expect(attachmentComparison(3, 1, 0)).toMatch(
      /^The kernel counts 3 attachments; 1 is visible to the Lab\. The other 2 are in a process that attached or exited between/,
    );
  });

  it('explains more mappings than attachments', () => {
    expect(attachmentComparison(1, 2, 0)).toBe(
      'The kernel counts 1 attachment; the Lab saw 2 mappings: a process detached or exited between the two reads.',
    );
  });
});

describe('mappers', () => {
  it('names the Lab roles', () => {
    expect(mapperRole(mapper(1, { labProcess: 'A' }))).toBe('A');
    expect(mapperRole(mapper(1, { labProcess: 'host' }))).toBe('ShmLab host');
    expect(mapperRole(mapper(1))).toBeNull();
  });

  it('orders by pid then address', () => {
    const sorted = sortMappers([
      mapper(30, { address: '0x7f0000002000' }),
      mapper(4),
      mapper(30, { address: '0x7f0000001000' }),
    ]);
    expect(sorted.map((m) => `${m.pid}@${m.address}`)).toEqual([
      '4@0x7f3a1442e000',
      '30@0x7f0000001000',
      '30@0x7f0000002000',
    ]);
  });

  it('counts the processes it could not read', () => {
    expect(unreadableText(0, 10)).toBeNull();
    expect(unreadableText(1, 1)).toBe(
      '1 process could not be read (another user without permission, or gone while read); 1 process was read.',
    );
    expect(unreadableText(3, 120)).toBe(
      '3 processes could not be read (another user without permission, or gone while read); 120 processes were read.',
    );
  });
});

describe('segmentUsersText', () => {
  it('names every mapper and compares with nattch', () => {
    const row = segment(5, {
      nattch: 2,
      mappers: [
        mapper(999, { command: 'client', user: 'alice', readOnly: false }),
        mapper(41, { command: 'node', user: 'root', readOnly: true, labProcess: 'A' }),
      ],
    });
    expect(segmentUsersText(row, 0)).toBe(
      'Mapped now by A (pid 41, node, root, read-only) and pid 999 (client, alice, read-write). The kernel counts 2 attachments; all 2 are visible to the Lab.',
    );
    expect(mapperText(mapper(7, { user: null, uid: 65534 }))).toBe(
      'pid 7 (client, uid 65534, read-write)',
    );
  });

  it('says when no mapper is visible', () => {
    expect(segmentUsersText(segment(5, { nattch: 1 }), 2)).toMatch(
      /^Mapped by no process the Lab can read\. The kernel counts 1 attachment; 0 are visible/,
    );
  });
});
