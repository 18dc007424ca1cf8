import { describe, expect, it } from 'vitest';
import { flagsAsC, keyAsC, parseShmgetForm } from './shmget-form';

const form = {
  key: '0x5348',
  privateKey: false,
  size: '10000',
  create: true,
  exclusive: false,
  mode: '0600',
};

describe('shmget form', () => {
  it('parses hex and decimal keys, and high keys as signed key_t', () => {
    expect(parseShmgetForm(form)).toEqual({
      ok: true,
      key: 0x5348,
      size: 10000,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    expect(parseShmgetForm({ ...form, key: '42' })).toMatchObject({ ok: true, key: 42 });
    expect(parseShmgetForm({ ...form, key: '0xdeadbeef' })).toMatchObject({
      ok: true,
      key: -559038737,
    });
    expect(parseShmgetForm({ ...form, privateKey: true, key: 'junk' })).toMatchObject({
      ok: true,
      key: 0,
    });
  });

  it('names the bad field and what is allowed', () => {
    expect(parseShmgetForm({ ...form, key: 'zz' })).toMatchObject({ ok: false, field: 'key' });
    expect(parseShmgetForm({ ...form, key: '0' })).toMatchObject({
      ok: false,
      field: 'key',
      message: expect.stringMatching(/IPC_PRIVATE/),
    });
    expect(parseShmgetForm({ ...form, size: '0' })).toMatchObject({ ok: false, field: 'size' });
    expect(parseShmgetForm({ ...form, size: '1.5' })).toMatchObject({ ok: false, field: 'size' });
    expect(parseShmgetForm({ ...form, mode: '0800' })).toMatchObject({ ok: false, field: 'mode' });
  });

  it('writes the call as C', () => {
    expect(flagsAsC(true, true, 0o600)).toBe('IPC_CREAT | IPC_EXCL | 0600');
    expect(flagsAsC(false, false, 0o44)).toBe('0044');
    expect(keyAsC(0)).toBe('IPC_PRIVATE');
    expect(keyAsC(-559038737)).toBe('0xdeadbeef');
  });
});
