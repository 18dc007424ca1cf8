import { describe, expect, it } from 'vitest';
import { u32InView } from './counter-view';

describe('u32InView', () => {
  const memory = Uint8Array.from([0, 0, 0, 0, 0x05, 0x01, 0x00, 0x80]);

  it('reads a little-endian u32 where the view holds it', () => {
    expect(u32InView(memory, 0, 4)).toBe(0x80000105);
    expect(u32InView(memory, 100, 104)).toBe(0x80000105);
  });

  it('is null outside the view or without one', () => {
    expect(u32InView(memory, 0, 6)).toBeNull();
    expect(u32InView(memory, 8, 4)).toBeNull();
    expect(u32InView(null, 0, 0)).toBeNull();
  });
});
