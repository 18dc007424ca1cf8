// Parsing and describing the shmget form: pure, so it is tested alone.

export interface ShmgetForm {
  key: string;
  privateKey: boolean;
  size: string;
  create: boolean;
  exclusive: boolean;
  mode: string;
}

export type ShmgetField = 'key' | 'size' | 'mode';

export type ShmgetInput =
  | { ok: true; key: number; size: number; create: boolean; exclusive: boolean; mode: number }
  | { ok: false; field: ShmgetField; message: string };

/** One field's value, or what is wrong with it and what is allowed. */
export type FieldResult = { ok: true; value: number } | { ok: false; message: string };

const MAX_SIZE = 1024 * 1024 * 1024;

/** The key field: IPC_PRIVATE (0) when ticked, else a 32-bit key (0x… or decimal), never 0. */
export function parseKeyField(form: Pick<ShmgetForm, 'key' | 'privateKey'>): FieldResult {
  if (form.privateKey) return { ok: true, value: 0 };
  const text = form.key.trim();
  const value = /^0x[0-9a-f]{1,8}$/i.test(text)
    ? Number.parseInt(text, 16)
    : /^-?\d{1,10}$/.test(text)
      ? Number(text)
      : NaN;
  if (!Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 32 - 1) {
    return {
      ok: false,
      message: `"${text}" is not a key: use 0x followed by up to 8 hex digits, or a decimal 32-bit number`,
    };
  }
  if (value === 0) {
    return { ok: false, message: 'key 0 is IPC_PRIVATE: tick "IPC_PRIVATE" instead' };
  }
  return { ok: true, value: value | 0 }; // key_t is a signed 32-bit int
}

/** The size field: whole bytes from 1 to 1 GiB. */
export function parseSizeField(text: string): FieldResult {
  const trimmed = text.trim();
  const size = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || size < 1 || size > MAX_SIZE) {
    return { ok: false, message: `size must be a whole number of bytes from 1 to ${MAX_SIZE}` };
  }
  return { ok: true, value: size };
}

/** The mode field: octal permission bits, 000 to 777. */
export function parseModeField(text: string): FieldResult {
  const digits = text.trim().replace(/^0o?/, '');
  if (!/^[0-7]{1,3}$/.test(digits)) {
    return { ok: false, message: 'mode must be octal permission bits from 000 to 777, e.g. 0600' };
  }
  return { ok: true, value: Number.parseInt(digits, 8) };
}

/** Every field checked: each one's value or problem, so each field can say what is wrong. */
export function checkShmgetForm(form: ShmgetForm): Record<ShmgetField, FieldResult> {
  return {
    key: parseKeyField(form),
    size: parseSizeField(form.size),
    mode: parseModeField(form.mode),
  };
}

/** Validates the form; keys are 32-bit (0x… or decimal), sizes 1 B to 1 GiB, modes octal. */
export function parseShmgetForm(form: ShmgetForm): ShmgetInput {
  const fields = checkShmgetForm(form);
  for (const field of ['key', 'size', 'mode'] as const) {
    const result = fields[field];
    if (!result.ok) return { ok: false, field, message: result.message };
  }
  const value = (field: ShmgetField): number => {
    const result = fields[field];
    return result.ok ? result.value : 0;
  };
  return {
    ok: true,
    key: value('key'),
    size: value('size'),
    create: form.create,
    exclusive: form.exclusive,
    mode: value('mode'),
  };
}

/** The shmflg argument as C code, e.g. "IPC_CREAT | IPC_EXCL | 0600". */
export function flagsAsC(create: boolean, exclusive: boolean, mode: number): string {
  return flagsWith(create, exclusive, `0${mode.toString(8).padStart(3, '0')}`);
}

function flagsWith(create: boolean, exclusive: boolean, modeC: string): string {
  const parts: string[] = [];
  if (create) parts.push('IPC_CREAT');
  if (exclusive) parts.push('IPC_EXCL');
  parts.push(modeC);
  return parts.join(' | ');
}

/** The key as C code. */
export function keyAsC(key: number): string {
  return key === 0 ? 'IPC_PRIVATE' : `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
}

/** The call as one C expression, as a result quotes it: `shmget(0x00005348, 10000, IPC_CREAT | 0600)`. */
export function shmgetCallAsC(input: Extract<ShmgetInput, { ok: true }>): string {
  return `shmget(${keyAsC(input.key)}, ${input.size}, ${flagsAsC(input.create, input.exclusive, input.mode)})`;
}

/** The C preview of the form and whether it would run. */
export interface ShmgetPreview {
  /** The C lines: the exact call when it would run; with `?` for each invalid argument when not. */
  lines: string[];
  /** Why no call would run (the invalid fields, named), or null when it would. */
  notRun: string | null;
}

/**
 * The call the Run button would make, exactly; or, when an input is invalid, the call with `?`
 * where that argument would go and a sentence naming the fields that stop it. Never shows an
 * argument the form does not hold (an invalid key is never shown as IPC_PRIVATE).
 */
export function shmgetPreview(form: ShmgetForm): ShmgetPreview {
  const fields = checkShmgetForm(form);
  const shown = (field: ShmgetField, asC: (value: number) => string): string => {
    const result = fields[field];
    return result.ok ? asC(result.value) : '?';
  };
  const mode = shown('mode', (bits) => `0${bits.toString(8).padStart(3, '0')}`);
  const lines = [
    `key_t key = ${shown('key', keyAsC)};`,
    `int shmid = shmget(key, ${shown('size', String)}, ${flagsWith(form.create, form.exclusive, mode)});`,
  ];
  const invalid = (['key', 'size', 'mode'] as const).filter((field) => !fields[field].ok);
  const notRun =
    invalid.length === 0
      ? null
      : `No call would run: the ${joinWords(invalid)} ${invalid.length === 1 ? 'is' : 'are'} not valid.`;
  return { lines, notRun };
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}
