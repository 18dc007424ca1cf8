import { describe, expect, it } from 'vitest';
import { readPidStat } from './pid-stat';

describe('readPidStat', () => {
  it('reads this process: running or sleeping, with a start time after boot', () => {
    const fields = readPidStat(process.pid);
    expect(fields?.[0]).toMatch(/^[RS]$/);
    expect(Number(fields?.[19])).toBeGreaterThan(0);
    // field 4 (index 1) is the parent pid
    expect(Number(fields?.[1])).toBe(process.ppid);
  });

  it('is null for a process that does not exist', () => {
    expect(readPidStat(2 ** 22 + 1)).toBeNull();
  });
});
