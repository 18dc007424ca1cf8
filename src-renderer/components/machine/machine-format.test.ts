import { describe, expect, it } from 'vitest';
import { formatPerms, formatShortTime, ownerName, permString, plural } from './machine-format';
import { formatCtime } from '../../geometry/ipcs-format';

describe('machine-format', () => {
  it('writes perms as ipcs does: octal digits without a prefix, mode bits above 0o777 dropped', () => {
    expect(formatPerms(0o600)).toBe('600');
    expect(formatPerms(0o1644)).toBe('644');
    expect(formatPerms(0o7)).toBe('7');
  });

  it('writes the rwx form of every triplet', () => {
    expect(permString(0o640)).toBe('rw-r-----');
    expect(permString(0o777)).toBe('rwxrwxrwx');
    expect(permString(0)).toBe('---------');
  });

  it('writes times as ipcs -t does (ctime + 4, 15 characters), and 0 as Not set', () => {
    const seconds = 1795995601;
    expect(formatShortTime(seconds)).toBe(formatCtime(seconds).slice(4, 19));
    expect(formatShortTime(seconds)).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d$/);
    expect(formatShortTime(0)).toBe('Not set');
  });

  it('names the owner, or its uid when it has no name', () => {
    expect(ownerName('alice', 1000)).toBe('alice');
    expect(ownerName(null, 4242)).toBe('4242');
  });

  it('counts with the right noun', () => {
    expect(plural(1, 'process', 'processes')).toBe('1 process');
    expect(plural(3, 'process', 'processes')).toBe('3 processes');
    expect(plural(0, 'segment')).toBe('0 segments');
  });
});
