// One segment, two processes: two virtual addresses, one set of physical page frames.
import { describe, expect, it } from 'vitest';
import { AttachChild } from './children';
import { attach, createSegment, pageSize } from './helpers';
import { mapsRegion, pagemapEntry, smapsSharedKb } from './proc';

describe('a segment shared by two processes', () => {
  it('is mapped at different addresses onto the same page frames, and carries bytes both ways', async () => {
    const size = 2 * pageSize;
    const shmid = createSegment(size);
    const parent = attach(shmid);
    const child = await AttachChild.start();
    // `avoid`: should the kernel pick the parent's address in the child too (legal, unlikely),
    // the child keeps a second attachment, which cannot be at the same address as its first.
    const attached = await child.attach(shmid, { avoid: parent.address });
    if (!attached.ok) throw new Error(`child attach failed: ${attached.error.code}`);
    const { ref, address: childAddress, size: childSize } = attached.value;
    expect(childSize).toBe(size);
    expect(childAddress).not.toBe(parent.address);

    // Parent -> child, on page 0.
    parent.write(0, Buffer.from('from the parent'));
    expect((await child.read(ref, 0, 15)).toString()).toBe('from the parent');
    // Child -> parent, on page 1.
    await child.write(ref, pageSize + 7, Buffer.from('from the child'));
    expect(parent.read(pageSize + 7, 14).toString()).toBe('from the child');

    // Each process maps the segment at its own address; the kernel names it by shmid in both.
    for (const [pid, address] of [
      ['self', parent.address],
      [child.pid, childAddress],
    ] as const) {
      const region = mapsRegion(pid, address);
      expect(region, `no mapping at 0x${address.toString(16)} in ${pid}`).toMatchObject({
        perms: 'rw-s',
        inode: shmid,
      });
      expect(region && region.end - region.start).toBe(BigInt(size));
      // Both pages are mapped by both processes, so smaps counts them as shared.
      expect(smapsSharedKb(pid, address)).toBe(size / 1024);
    }

    // The same physical frame behind each page, in both processes.
    const frames = [0, 1].map((page) => {
      const offset = BigInt(page * pageSize);
      return {
        parent: pagemapEntry('self', parent.address + offset, pageSize),
        child: pagemapEntry(child.pid, childAddress + offset, pageSize),
      };
    });
    for (const { parent: inParent, child: inChild } of frames) {
      expect(inParent).toMatchObject({ present: true, fileOrShared: true });
      expect(inChild).toMatchObject({ present: true, fileOrShared: true });
    }
    if (frames.some(({ parent: p, child: c }) => p.pfn === 0n || c.pfn === 0n)) {
      console.warn(
        'pagemap shows PFN 0: this process lacks CAP_SYS_ADMIN, so the kernel hides page frame ' +
          'numbers; the shared frame is shown by maps (inode == shmid) and smaps Shared_* instead',
      );
    } else {
      for (const { parent: inParent, child: inChild } of frames) {
        expect(inChild.pfn).toBe(inParent.pfn);
      }
      // Two pages, two frames.
      expect(frames[0]?.parent.pfn).not.toBe(frames[1]?.parent.pfn);
    }

    expect(await child.close()).toEqual({ code: 0, signal: null });
  });
});
