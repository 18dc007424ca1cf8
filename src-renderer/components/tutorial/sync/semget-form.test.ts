import { describe, expect, it } from 'vitest';
import type { SemgetForm } from './semget-form';
import { checkSemgetForm, semgetCall } from './semget-form';

const form: SemgetForm = {
  key: '0x5e4a',
  privateKey: true,
  exclusive: false,
  nsems: '1',
  initial: '1',
  mode: '600',
};

describe('semget form', () => {
  it('makes the call from valid fields', () => {
    expect(semgetCall(form)).toEqual({
      key: 0,
      nsems: 1,
      exclusive: false,
      mode: 0o600,
      initial: 1,
    });
    expect(semgetCall({ ...form, privateKey: false, exclusive: true })).toEqual({
      key: 0x5e4a,
      nsems: 1,
      exclusive: true,
      mode: 0o600,
      initial: 1,
    });
  });

  it('names what is wrong and what is allowed', () => {
    const checked = checkSemgetForm({ ...form, nsems: '0', initial: '40000', mode: '9' });
    expect(checked.nsems).toEqual({
      ok: false,
      message: 'the number of semaphores must be a whole number from 1 to 32',
    });
    expect(checked.initial).toEqual({
      ok: false,
      message: 'the initial value must be a whole number from 0 to 32767',
    });
    expect(checked.mode.ok).toBe(false);
    expect(semgetCall({ ...form, initial: '-1' })).toBeNull();
    expect(semgetCall({ ...form, privateKey: false, key: 'zz' })).toBeNull();
  });
});
