// The counter as a process reads it from its own mapping: the u32 in the bytes its memory view
// holds (kept current by its watcher), else what it read at its last step. Pure.

/** The little-endian u32 at `offset` of a view starting at `viewOffset`, or null outside it. */
export function u32InView(
  memory: Uint8Array | null,
  viewOffset: number,
  offset: number,
): number | null {
  if (memory === null) return null;
  const start = offset - viewOffset;
  if (start < 0 || start + 4 > memory.length) return null;
  return (
    ((memory[start] ?? 0) |
      ((memory[start + 1] ?? 0) << 8) |
      ((memory[start + 2] ?? 0) << 16) |
      ((memory[start + 3] ?? 0) << 24)) >>>
    0
  );
}
