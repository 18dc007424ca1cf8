// Attachment: reading and writing through one mapping, read-only mappings, and detaching.
import { describe, expect, it } from 'vitest';
import { attach, createSegment, pageSize, shm, thrownBy } from './helpers';
import { mapsRegion } from './proc';

describe('Attachment read and write', () => {
  it('starts zero-filled and reads back what was written, at any offset', () => {
    const size = pageSize + 904;
    const shmid = createSegment(size);
    const attachment = attach(shmid);
    expect(attachment.read(0, size)).toEqual(Buffer.alloc(size));
    attachment.write(pageSize - 6, Buffer.from('straddles a page'));
    expect(attachment.read(pageSize - 6, 16).toString()).toBe('straddles a page');
    expect(attachment.read(pageSize - 7, 1)).toEqual(Buffer.from([0]));
    attachment.write(size - 16, Buffer.from('the last 16 byte'));
    expect(attachment.read(size - 16, 16).toString()).toBe('the last 16 byte');
  });

  it('copies in and out: the Buffers it returns are not views of the mapping', () => {
    const attachment = attach(createSegment(64));
    const data = Buffer.from('original');
    attachment.write(0, data);
    data.write('CHANGED!');
    const read = attachment.read(0, 8);
    expect(read.toString()).toBe('original');
    read.write('MUTATED!');
    expect(attachment.read(0, 8).toString()).toBe('original');
  });

  it('writes only the bytes of a Uint8Array view, from its byteOffset', () => {
    const attachment = attach(createSegment(64));
    const backing = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    attachment.write(10, backing.subarray(2, 5));
    expect(attachment.read(9, 5)).toEqual(Buffer.from([0, 3, 4, 5, 0]));
  });

  it('reads and writes zero bytes, including at the very end', () => {
    const attachment = attach(createSegment(64));
    expect(attachment.read(64, 0)).toEqual(Buffer.alloc(0));
    attachment.write(64, new Uint8Array(0));
    expect(attachment.read(0, 64)).toEqual(Buffer.alloc(64));
  });
});

describe('read-only attachments', () => {
  it('refuse writes with E_READ_ONLY and write nothing', () => {
    const shmid = createSegment(64);
    const writer = attach(shmid);
    const reader = attach(shmid, { readOnly: true });
    writer.write(0, Buffer.from('kept'));
    const error = thrownBy(() => reader.write(0, Buffer.from('lost')));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.code).toBe('E_READ_ONLY');
    expect(writer.read(0, 4).toString()).toBe('kept');
    expect(reader.read(0, 4).toString()).toBe('kept');
    expect(mapsRegion('self', reader.address)?.perms).toBe('r--s');
  });

  it('see what other attachments write', () => {
    const shmid = createSegment(64);
    const reader = attach(shmid, { readOnly: true });
    attach(shmid).write(32, Buffer.from('fresh'));
    expect(reader.read(32, 5).toString()).toBe('fresh');
  });
});

describe('detach', () => {
  it('makes read, write and watch fail with E_DETACHED', () => {
    const shmid = createSegment(64);
    const attachment = attach(shmid);
    attachment.detach();
    expect(attachment.attached).toBe(false);
    const uses = [
      () => attachment.read(0, 1),
      () => attachment.write(0, Buffer.from([1])),
      () => attachment.watch(() => undefined),
    ];
    for (const use of uses) expect(thrownBy(use).code).toBe('E_DETACHED');
    // The address is no longer mapped in this process.
    expect(mapsRegion('self', attachment.address)).toBeUndefined();
  });

  it('is harmless twice: attached stays false and nattch drops by exactly one', () => {
    const shmid = createSegment(64);
    const kept = attach(shmid);
    const detached = attach(shmid);
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(2);
    detached.detach();
    expect(detached.attached).toBe(false);
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(1);
    detached.detach();
    expect(detached.attached).toBe(false);
    expect(shm.shmctl(shmid, 'IPC_STAT').nattch).toBe(1);
    kept.write(0, Buffer.from('still here'));
    expect(kept.read(0, 10).toString()).toBe('still here');
  });

  it('keeps the shmid, address and size readable for display', () => {
    const shmid = createSegment(100);
    const attachment = attach(shmid);
    const { address } = attachment;
    attachment.detach();
    expect(attachment).toMatchObject({ shmid, address, size: 100, readOnly: false });
  });
});
