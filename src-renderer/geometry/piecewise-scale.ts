// Sharing a fixed height among spans of very different byte sizes: one linear scale for all the
// spans that can take it, fixed heights for the rest.

/** One span to fit: `bytes` long, drawn no shorter than `minPx`, or exactly `fixedPx` when set. */
export interface ScaledSpan {
  bytes: number;
  minPx: number;
  /** A height that ignores the scale (a collapsed gap), or null to follow it. */
  fixedPx: number | null;
}

/** The fitted heights, index for index with the spans. */
export interface ScaleFit {
  heights: number[];
  /** True where the height is exactly bytes × pxPerByte. */
  toScale: boolean[];
  /** The one scale shared by the to-scale spans; 0 when none is to scale. */
  pxPerByte: number;
  /** True when the fixed and minimum heights alone overflow `height`, so all were squeezed. */
  cramped: boolean;
}

/**
 * Fits spans into `height`. Fixed spans take their fixedPx; the others share one px-per-byte
 * scale, and any that would fall under its minPx is pinned at minPx, repeating until none does
 * (each pin only lowers the scale, so spans pinned earlier stay under it and the loop ends after
 * at most one pass per span). When fixed and minimum heights overflow, every span gets its fixed
 * or minimum height times one squeeze factor, so the heights still add up to `height`.
 * The heights add up to `height` when cramped or when some span follows the scale.
 */
export function fitToHeight(spans: readonly ScaledSpan[], height: number): ScaleFit {
  const fixedPx = spans.reduce((sum, span) => sum + (span.fixedPx ?? 0), 0);
  const minimumPx = spans.reduce((sum, span) => sum + (span.fixedPx === null ? span.minPx : 0), 0);
  if (fixedPx + minimumPx > height) {
    const squeeze = height / (fixedPx + minimumPx);
    return {
      heights: spans.map((span) => (span.fixedPx ?? span.minPx) * squeeze),
      toScale: spans.map(() => false),
      pxPerByte: 0,
      cramped: true,
    };
  }
  const pinned = spans.map(() => false);
  let pxPerByte = 0;
  for (let changed = true; changed;) {
    let freePx = height - fixedPx;
    let freeBytes = 0;
    spans.forEach((span, index) => {
      if (span.fixedPx !== null) return;
      if (pinned[index] === true) freePx -= span.minPx;
      else freeBytes += span.bytes;
    });
    pxPerByte = freeBytes > 0 ? freePx / freeBytes : 0;
    changed = false;
    spans.forEach((span, index) => {
      if (span.fixedPx === null && pinned[index] !== true && span.bytes * pxPerByte < span.minPx) {
        pinned[index] = true;
        changed = true;
      }
    });
  }
  return {
    heights: spans.map((span, index) => {
      if (span.fixedPx !== null) return span.fixedPx;
      return pinned[index] === true ? span.minPx : span.bytes * pxPerByte;
    }),
    toScale: spans.map((span, index) => span.fixedPx === null && pinned[index] !== true),
    pxPerByte,
    cramped: false,
  };
}
