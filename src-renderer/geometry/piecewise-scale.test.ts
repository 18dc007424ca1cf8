import { describe, expect, it } from 'vitest';
import { fitToHeight } from './piecewise-scale';

describe('fitToHeight', () => {
  it('shares the height in proportion to bytes when no minimum bites', () => {
    expect(
      fitToHeight(
        [
          { bytes: 100, minPx: 0, fixedPx: null },
          { bytes: 300, minPx: 0, fixedPx: null },
        ],
        400,
      ),
    ).toEqual({ heights: [100, 300], toScale: [true, true], pxPerByte: 1, cramped: false });
  });

  it('pins a span under its minimum and rescales the rest', () => {
    const fit = fitToHeight(
      [
        { bytes: 1, minPx: 10, fixedPx: null },
        { bytes: 99, minPx: 10, fixedPx: null },
      ],
      100,
    );
    expect(fit.heights[0]).toBe(10);
    expect(fit.heights[1]).toBeCloseTo(90, 10);
    expect(fit.pxPerByte).toBeCloseTo(90 / 99, 12);
    expect(fit.toScale).toEqual([false, true]);
  });

  it('repeats pinning when the lower scale pushes another span under its minimum', () => {
    // Scale 1 pins the first; then 50/99 px per byte leaves the second at 15 px < 30.
    const fit = fitToHeight(
      [
        { bytes: 1, minPx: 50, fixedPx: null },
        { bytes: 30, minPx: 30, fixedPx: null },
        { bytes: 69, minPx: 0, fixedPx: null },
      ],
      100,
    );
    expect(fit.heights[0]).toBe(50);
    expect(fit.heights[1]).toBe(30);
    expect(fit.heights[2]).toBeCloseTo(20, 10);
    expect(fit.pxPerByte).toBeCloseTo(20 / 69, 12);
    expect(fit.toScale).toEqual([false, false, true]);
  });

  it('gives fixed spans their height whatever their size', () => {
    const fit = fitToHeight(
      [
        { bytes: 10, minPx: 0, fixedPx: null },
        { bytes: 1e12, minPx: 0, fixedPx: 20 },
        { bytes: 30, minPx: 0, fixedPx: null },
      ],
      60,
    );
    expect(fit).toEqual({
      heights: [10, 20, 30],
      toScale: [true, false, true],
      pxPerByte: 1,
      cramped: false,
    });
  });

  it('squeezes fixed and minimum heights together when they overflow', () => {
    const fit = fitToHeight(
      [
        { bytes: 1, minPx: 30, fixedPx: null },
        { bytes: 1e12, minPx: 0, fixedPx: 20 },
        { bytes: 1, minPx: 30, fixedPx: null },
        { bytes: 5, minPx: 0, fixedPx: null },
      ],
      40,
    );
    expect(fit).toEqual({
      heights: [15, 10, 15, 0],
      toScale: [false, false, false, false],
      pxPerByte: 0,
      cramped: true,
    });
  });

  it('fits nothing into nothing', () => {
    expect(fitToHeight([], 100)).toEqual({
      heights: [],
      toScale: [],
      pxPerByte: 0,
      cramped: false,
    });
  });
});
