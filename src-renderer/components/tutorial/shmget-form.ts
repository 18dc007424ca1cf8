// Parsing and describing the shmget form: pure, so it is tested alone.

export interface ShmgetForm {
  key: string;
  privateKey: boolean;
  size: string;
  create: boolean;
  exclusive: boolean;
  mode: string;
}

export type ShmgetInput =
  | { ok: true; key: number; size: number; create: boolean; exclusive: boolean; mode: number }
  | { ok: false; field: 'key' | 'size' | 'mode'; message: string };

const MAX_SIZE = 1024 * 1024 * 1024;

/** Validates the form; keys are 32-bit (0x… or decimal), sizes 1 B to 1 GiB, modes octal. */
export function parseShmgetForm(form: ShmgetForm): ShmgetInput {
  let key = 0;
  if (!form.privateKey) {
    const text = form.key.trim();
    const value = /^0x[0-9a-f]{1,8}$/i.test(text)
      ? Number.parseInt(text, 16)
      : /^-?\d{1,10}$/.test(text)
        ? Number(text)
        : NaN;
    if (!Number.isInteger(value) || value < -(2 ** 31) || value > 2 ** 32 - 1) {
      return {
        ok: false,
        field: 'key',
        message: `"${text}" is not a key: use 0x followed by up to 8 hex digits, or a decimal 32-bit number`,
      };
    }
    if (value === 0) {
      return {
        ok: false,
        field: 'key',
        message: 'key 0 is IPC_PRIVATE: tick "IPC_PRIVATE" instead',
      };
    }
    key = value | 0; // key_t is a signed 32-bit int
  }
  const size = Number(form.size.trim());
  if (!/^\d+$/.test(form.size.trim()) || size < 1 || size > MAX_SIZE) {
    return {
      ok: false,
      field: 'size',
      message: `size must be a whole number of bytes from 1 to ${MAX_SIZE}`,
    };
  }
  const modeText = form.mode.trim().replace(/^0o?/, '');
  if (!/^[0-7]{1,3}$/.test(modeText)) {
    return {
      ok: false,
      field: 'mode',
      message: 'mode must be octal permission bits from 000 to 777, e.g. 0600',
    };
  }
  return {
    ok: true,
    key,
    size,
    create: form.create,
    exclusive: form.exclusive,
    mode: Number.parseInt(modeText, 8),
  };
}

/** The shmflg argument as C code, e.g. "IPC_CREAT | IPC_EXCL | 0600". */
export function flagsAsC(create: boolean, exclusive: boolean, mode: number): string {
  const parts: string[] = [];
  if (create) parts.push('IPC_CREAT');
  if (exclusive) parts.push('IPC_EXCL');
  parts.push(`0${mode.toString(8).padStart(3, '0')}`);
  return parts.join(' | ');
}

/** The key as C code. */
export function keyAsC(key: number): string {
  return key === 0 ? 'IPC_PRIVATE' : `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
}
