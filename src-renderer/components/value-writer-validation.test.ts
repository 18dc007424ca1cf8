import { describe, expect, it } from 'vitest';
import type { ProcessState } from '../../src-main/common/api';
import type { WriteFormInput } from './value-writer-validation';
import {
  endianApplies,
  planWrite,
  previewHex,
  toEndianness,
  toValueType,
} from './value-writer-validation';

const attached: ProcessState = {
  name: 'A',
  pid: 10,
  status: 'running',
  exitCode: null,
  signal: null,
  attachment: { shmid: 7, address: '0x7f3a1442e000', size: 4096, readOnly: false },
};

const base: WriteFormInput = {
  process: 'A',
  state: attached,
  offsetText: '16',
  type: 'i32',
  endian: 'le',
  valueText: '42',
};

describe('select values', () => {
  it('recognise only known names', () => {
    expect(toValueType('f64')).toBe('f64');
    expect(toValueType('float')).toBeNull();
    expect(toEndianness('be')).toBe('be');
    expect(toEndianness('middle')).toBeNull();
  });

  it('apply byte order to multi-byte numbers only', () => {
    expect(endianApplies('u16')).toBe(true);
    expect(endianApplies('f64')).toBe(true);
    expect(endianApplies('u8')).toBe(false);
    expect(endianApplies('ascii')).toBe(false);
    expect(endianApplies('hex')).toBe(false);
  });
});

describe('previewHex', () => {
  it('shows every byte up to the limit, then an ellipsis', () => {
    expect(previewHex(Uint8Array.of(0xde, 0xad))).toBe('de ad');
    expect(previewHex(Uint8Array.of(1, 2, 3), 2)).toBe('01 02 …');
  });
});

describe('planWrite', () => {
  it('encodes the value and computes where it lands', () => {
    const plan = planWrite(base);
    expect(Array.from(plan.bytes ?? [])).toEqual([42, 0, 0, 0]);
    expect(plan.landing).toEqual({ base: '0x7f3a1442e000', offset: '0x10', sum: '0x7f3a1442e010' });
    expect(plan.blocked).toBeNull();
    expect(plan.request).toEqual({
      process: 'A',
      offset: 16,
      type: 'i32',
      endian: 'le',
      value: '42',
    });
  });

  it('follows the byte order', () => {
    expect(Array.from(planWrite({ ...base, endian: 'be' }).bytes ?? [])).toEqual([0, 0, 0, 42]);
  });

  it('reports a bad value with what is allowed', () => {
    const plan = planWrite({ ...base, type: 'u8', valueText: '300' });
    expect(plan.valueError?.message).toBe('300 is out of range for u8');
    expect(plan.valueError?.allowed).toMatch(/0 to 255/);
    expect(plan.blocked).toBe('Enter a valid value.');
    expect(plan.request).toBeNull();
  });

  it('checks the range with the encoded length of text', () => {
    const plan = planWrite({
      ...base,
      type: 'ascii',
      offsetText: '4090',
      valueText: 'hello, world',
    });
    expect(plan.rangeError).toMatch(/12 bytes at offset 4090.*0 to 4084/);
    expect(plan.blocked).toBe('The value does not fit at this offset.');
  });

  it('shows no landing address past the attachment', () => {
    expect(planWrite({ ...base, offsetText: '4096' }).landing).toBeNull();
  });

  it('blocks writes without a writable attachment or a running process', () => {
    expect(planWrite({ ...base, state: { ...attached, attachment: null } }).blocked).toBe(
      'A has no segment attached; attach (shmat) first.',
    );
    const readOnly = { ...attached, attachment: { ...attached.attachment!, readOnly: true } };
    expect(planWrite({ ...base, state: readOnly }).blocked).toMatch(/read-only \(SHM_RDONLY\)/);
    const exited = { ...attached, status: 'exited' as const, exitCode: 1 };
    expect(planWrite({ ...base, state: exited }).blocked).toMatch(
      /not running \(exited with code 1\)/,
    );
    expect(planWrite({ ...base, valueText: '' }).blocked).toBe('Type a value to write.');
  });

  it('refuses value text longer than a write accepts', () => {
    const plan = planWrite({
      ...base,
      type: 'ascii',
      offsetText: '0',
      valueText: 'a'.repeat(4097),
    });
    expect(plan.valueError?.allowed).toBe('at most 4096 characters');
  });
});
