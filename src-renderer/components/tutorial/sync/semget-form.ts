// The semget form of pane 12: pure parsing, so every field can say what is wrong with it.
import { SEMAPHORE_MAX_VALUE, MAX_LAB_SEMAPHORES } from '../../../../src-main/common/schemas';
import type { FieldResult } from '../shmget-form';
import { parseKeyField, parseModeField } from '../shmget-form';
import type { SemgetCall } from './c-samples';

export interface SemgetForm {
  key: string;
  privateKey: boolean;
  exclusive: boolean;
  nsems: string;
  initial: string;
  mode: string;
}

function wholeNumber(text: string, name: string, min: number, max: number): FieldResult {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || value < min || value > max) {
    return { ok: false, message: `${name} must be a whole number from ${min} to ${max}` };
  }
  return { ok: true, value };
}

export type SemgetField = 'key' | 'nsems' | 'initial' | 'mode';

/** Each field's value or its problem. */
export function checkSemgetForm(form: SemgetForm): Record<SemgetField, FieldResult> {
  return {
    key: parseKeyField(form),
    nsems: wholeNumber(form.nsems, 'the number of semaphores', 1, MAX_LAB_SEMAPHORES),
    initial: wholeNumber(form.initial, 'the initial value', 0, SEMAPHORE_MAX_VALUE),
    mode: parseModeField(form.mode),
  };
}

/** The call the form asks for, or null while a field is wrong. */
export function semgetCall(form: SemgetForm): SemgetCall | null {
  const fields = checkSemgetForm(form);
  const { key, nsems, initial, mode } = fields;
  if (!key.ok || !nsems.ok || !initial.ok || !mode.ok) return null;
  return {
    key: key.value,
    nsems: nsems.value,
    exclusive: form.exclusive,
    mode: mode.value,
    initial: initial.value,
  };
}
