import { describe, expect, it } from 'vitest';
import { hashWithMachine, machineOpenInHash } from './machine-hash';

describe('machine-hash', () => {
  it('reads the view from the fragment, beside other parts', () => {
    expect(machineOpenInHash('#view=machine')).toBe(true);
    expect(machineOpenInHash('#token=ab12&view=machine')).toBe(true);
    expect(machineOpenInHash('#token=ab12')).toBe(false);
    expect(machineOpenInHash('')).toBe(false);
  });

  it('sets and clears the view part, keeping the rest', () => {
    expect(hashWithMachine('', true)).toBe('#view=machine');
    expect(hashWithMachine('#token=ab12', true)).toBe('#token=ab12&view=machine');
    expect(hashWithMachine('#token=ab12&view=machine', false)).toBe('#token=ab12');
    expect(hashWithMachine('#view=machine', false)).toBe('');
    expect(hashWithMachine('#view=machine', true)).toBe('#view=machine');
  });
});
