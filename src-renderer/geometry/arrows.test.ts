import { describe, expect, it } from 'vitest';
import { arrowHeadPath, pageArrowPath, pageArrows } from './arrows';
import type { PageArrowsParams, ProcessPages } from './arrows';
import type { PageFrameRect } from './frames';

describe('pageArrowPath', () => {
  it('draws a bezier with horizontal tangents, controls at half the distance', () => {
    expect(pageArrowPath({ x: 0, y: 0 }, { x: 100, y: 50 })).toBe('M0,0 C50,0 50,50 100,50');
  });

  it('goes leftwards when the target is to the left', () => {
    expect(pageArrowPath({ x: 200, y: 10 }, { x: 100, y: 60 })).toBe(
      'M200,10 C150,10 150,60 100,60',
    );
  });

  it('loops out like xyflow when the target lies behind the start', () => {
    // offset = 0.25 × 25 × √100 = 62.5
    expect(pageArrowPath({ x: 0, y: 0 }, { x: -100, y: 0 }, { direction: 'right' })).toBe(
      'M0,0 C62.5,0 -162.5,0 -100,0',
    );
  });

  it('rounds coordinates to hundredths', () => {
    expect(pageArrowPath({ x: 0.123, y: 1 / 3 }, { x: 10, y: 2 / 3 })).toBe(
      'M0.12,0.33 C5.06,0.33 5.06,0.67 10,0.67',
    );
  });
});

describe('arrowHeadPath', () => {
  it('points right with its tip on the target', () => {
    expect(arrowHeadPath({ x: 100, y: 50 }, 'right')).toBe('M100,50 L94,47 L94,53 Z');
  });

  it('points left at a given size', () => {
    expect(arrowHeadPath({ x: 0, y: 10 }, 'left', 4)).toBe('M0,10 L4,8 L4,12 Z');
  });
});

const frames: PageFrameRect[] = [
  { index: 0, x: 200, y: 0, width: 40, height: 20 },
  { index: 1, x: 200, y: 30, width: 40, height: 20 },
];

const processA: ProcessPages = {
  process: 'A',
  x: 100,
  direction: 'right',
  pages: [
    { pageIndex: 0, y: 15, frameIndex: 0 },
    { pageIndex: 1, y: 40, frameIndex: 1 },
    { pageIndex: 2, y: 70, frameIndex: null },
  ],
};

const processB: ProcessPages = {
  process: 'B',
  x: 340,
  direction: 'left',
  pages: [
    { pageIndex: 0, y: 10, frameIndex: 0 },
    { pageIndex: 1, y: null, frameIndex: 1 },
    { pageIndex: 2, y: 80, frameIndex: 7 },
  ],
};

const params: PageArrowsParams = { processes: [processA, processB], frames };

describe('pageArrows', () => {
  it('draws A’s arrows from its right edge into the left side of each frame', () => {
    const [first, second] = pageArrows(params);
    expect(first).toEqual({
      missing: false,
      key: 'A:page:0',
      process: 'A',
      pageIndex: 0,
      frameIndex: 0,
      from: { x: 100, y: 15 },
      to: { x: 200, y: 10 },
      path: 'M100,15 C147,15 147,10 194,10',
      headPath: 'M200,10 L194,7 L194,13 Z',
    });
    expect(second).toMatchObject({ key: 'A:page:1', to: { x: 200, y: 40 } });
  });

  it('draws B’s arrows from its left edge into the right side of each frame', () => {
    const arrow = pageArrows(params).find((item) => item.key === 'B:page:0');
    expect(arrow).toMatchObject({
      missing: false,
      from: { x: 340, y: 10 },
      to: { x: 240, y: 10 },
      path: 'M340,10 C293,10 293,10 246,10',
      headPath: 'M240,10 L246,7 L246,13 Z',
    });
  });

  it('reports pages without an arrow and why', () => {
    const missing = pageArrows(params).filter((item) => item.missing);
    expect(missing).toEqual([
      {
        missing: true,
        key: 'A:page:2',
        process: 'A',
        pageIndex: 2,
        reason: 'not-present',
        direction: 'right',
        at: { x: 100, y: 70 },
      },
      {
        missing: true,
        key: 'B:page:1',
        process: 'B',
        pageIndex: 1,
        reason: 'page-not-drawn',
        direction: 'left',
        at: null,
      },
      {
        missing: true,
        key: 'B:page:2',
        process: 'B',
        pageIndex: 2,
        reason: 'frame-not-drawn',
        direction: 'left',
        at: { x: 340, y: 80 },
      },
    ]);
  });

  it('keeps one key per (process, page) as pages move and gain frames', () => {
    const keys = pageArrows(params).map((item) => item.key);
    expect(keys).toEqual(['A:page:0', 'A:page:1', 'A:page:2', 'B:page:0', 'B:page:1', 'B:page:2']);
    const later = pageArrows({
      processes: [
        {
          ...processA,
          x: 120,
          pages: processA.pages.map((page) => ({ ...page, y: 5, frameIndex: 0 })),
        },
        processB,
      ],
      frames: frames.map((frame) => ({ ...frame, x: frame.x + 50 })),
    });
    expect(later.map((item) => item.key)).toEqual(keys);
    expect(later.filter((item) => item.process === 'A').every((item) => !item.missing)).toBe(true);
  });

  it('rejects a page listed twice for one process', () => {
    const twice: ProcessPages = {
      ...processA,
      pages: [
        { pageIndex: 0, y: 1, frameIndex: 0 },
        { pageIndex: 0, y: 2, frameIndex: 0 },
      ],
    };
    expect(() => pageArrows({ processes: [twice], frames })).toThrow(RangeError);
  });

  it('returns nothing when there are no pages', () => {
    expect(pageArrows({ processes: [], frames })).toEqual([]);
  });
});
