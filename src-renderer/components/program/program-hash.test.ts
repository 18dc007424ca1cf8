import { describe, expect, it } from 'vitest';
import { hashWithProgram, programOpenInHash } from './program-hash';

describe('the program view in the address', () => {
  it('reads and writes its part, keeping the others', () => {
    expect(programOpenInHash('#view=program')).toBe(true);
    expect(programOpenInHash('#token=abc&view=program')).toBe(true);
    expect(programOpenInHash('#view=machine')).toBe(false);
    expect(hashWithProgram('', true)).toBe('#view=program');
    expect(hashWithProgram('#token=abc', true)).toBe('#token=abc&view=program');
    expect(hashWithProgram('#token=abc&view=program', false)).toBe('#token=abc');
    expect(hashWithProgram('#view=program', false)).toBe('');
    expect(hashWithProgram('#view=program', true)).toBe('#view=program');
  });
});
