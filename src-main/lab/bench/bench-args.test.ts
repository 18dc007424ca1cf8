import { describe, expect, it } from 'vitest';
import { BENCH_PARTS, parseBenchArgs } from './bench-args';

describe('parseBenchArgs', () => {
  it('runs every part without --only', () => {
    expect(parseBenchArgs([])).toEqual([...BENCH_PARTS]);
  });

  it('takes parts by --only, repeated or comma-separated, in run order', () => {
    expect(parseBenchArgs(['--only', 'memory'])).toEqual(['memory']);
    expect(parseBenchArgs(['--only', 'memory,burst'])).toEqual(['burst', 'memory']);
    expect(parseBenchArgs(['--only=load', '--only', 'lab'])).toEqual(['lab', 'load']);
  });

  it('refuses an unknown part, naming the allowed ones', () => {
    expect(() => parseBenchArgs(['--only', 'memroy'])).toThrow(
      /unknown bench part "memroy"[\s\S]*parts: lab, ui, facts, load, burst, idle, memory, machine/,
    );
    expect(() => parseBenchArgs(['--only', ''])).toThrow(/unknown bench part/);
  });

  it('refuses other options and stray words with the usage', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/--fast[\s\S]*usage: npm run bench/);
    expect(() => parseBenchArgs(['memory'])).toThrow(/usage: npm run bench/);
  });
});
