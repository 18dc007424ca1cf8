import { describe, expect, it } from 'vitest';
import type { PageEntry, ProcessFacts } from '../../src-main/common/api';
import { touchesPageWithoutFrame } from './store-state';

function factsWith(present: boolean[]): ProcessFacts {
  const pages: PageEntry[] = present.map((isPresent, index) => ({
    address: `0x${(0x7f0000000000 + index * 4096).toString(16)}`,
    present: isPresent,
    swapped: false,
    pfn: isPresent ? '0x1000' : null,
  }));
  return {
    state: { name: 'A', pid: 1, status: 'running', exitCode: null, signal: null, attachment: null },
    maps: [],
    shmRegion: null,
    smaps: null,
    pages,
    pfnHiddenReason: null,
  };
}

describe('touchesPageWithoutFrame', () => {
  const facts = factsWith([true, false, true]);

  it('is false when every touched page already has a frame', () => {
    expect(touchesPageWithoutFrame(facts, 4096, 16, 4)).toBe(false);
    expect(touchesPageWithoutFrame(facts, 4096, 8192, 4096)).toBe(false);
  });

  it('is true when a touched page had no frame, including across a page boundary', () => {
    expect(touchesPageWithoutFrame(facts, 4096, 4100, 1)).toBe(true);
    expect(touchesPageWithoutFrame(facts, 4096, 4094, 4)).toBe(true);
  });

  it('is true without facts yet, or before the page size is known', () => {
    expect(touchesPageWithoutFrame(null, 4096, 0, 1)).toBe(true);
    expect(touchesPageWithoutFrame(facts, null, 16, 4)).toBe(true);
  });
});
