import { describe, expect, it } from 'vitest';
import {
  checkShmgetForm,
  flagsAsC,
  keyAsC,
  parseShmgetForm,
  shmgetCallAsC,
  shmgetPreview,
} from './shmget-form';

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
    const input = parseShmgetForm({ ...form, exclusive: true });
    expect(input.ok && shmgetCallAsC(input)).toBe(
      'shmget(0x00005348, 10000, IPC_CREAT | IPC_EXCL | 0600)',
    );
  });
});

describe('shmget preview', () => {
  it('shows exactly the call that would run', () => {
    expect(shmgetPreview(form)).toEqual({
      lines: ['key_t key = 0x00005348;', 'int shmid = shmget(key, 10000, IPC_CREAT | 0600);'],
      notRun: null,
    });
    expect(shmgetPreview({ ...form, privateKey: true, exclusive: true }).lines).toEqual([
      'key_t key = IPC_PRIVATE;',
      'int shmid = shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600);',
    ]);
  });

  it('never shows IPC_PRIVATE for a key that is not ticked, when another field is invalid', () => {
    const preview = shmgetPreview({ ...form, size: '0' });
    expect(preview.lines).toEqual([
      'key_t key = 0x00005348;',
      'int shmid = shmget(key, ?, IPC_CREAT | 0600);',
    ]);
    expect(preview.notRun).toBe('No call would run: the size is not valid.');
  });

  it('marks each invalid argument and names every field that stops the call', () => {
    const preview = shmgetPreview({ ...form, key: 'zz', size: '-1', mode: '9' });
    expect(preview.lines).toEqual(['key_t key = ?;', 'int shmid = shmget(key, ?, IPC_CREAT | ?);']);
    expect(preview.notRun).toBe('No call would run: the key, size and mode are not valid.');
  });

  it('checks every field at once', () => {
    const fields = checkShmgetForm({ ...form, key: '0', mode: '0800' });
    expect(fields.key.ok).toBe(false);
    expect(fields.size).toEqual({ ok: true, value: 10000 });
    expect(fields.mode.ok).toBe(false);
  });
});
