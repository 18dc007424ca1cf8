// The ftok pane's pure part: its form, the key in hex, the pieces glibc builds the key from (taken
// from the file facts ftok's answer carries), and the keys a C program printed, read from its
// output so the pane compares only what it really saw.
import type { FtokResult } from '../../../src-main/common/api';

/** key_t as the C starter prints it with %08x: the 32 bits, unsigned, 8 hex digits. */
export function keyHex(key: number): string {
  return `0x${(key >>> 0).toString(16).padStart(8, '0')}`;
}

/** One piece of the key: what it is taken from, the bits kept, and where they go. */
export interface KeyPiece {
  /** 'project id', 'device', 'inode'. */
  source: string;
  /** The whole value it is taken from, as the answer gave it. */
  value: number;
  /** The bits kept (value & mask). */
  kept: number;
  mask: number;
  shift: number;
  /** kept << shift, unsigned. */
  placed: number;
}

export interface KeyPieces {
  pieces: KeyPiece[];
  /** The pieces OR-ed together, unsigned. */
  composed: number;
  /** Whether `composed` is the key ftok returned: the C library built it this way. */
  matches: boolean;
}

/**
 * The key as glibc builds it, from the answer's own facts: (id & 0xff) << 24 | (st_dev & 0xff)
 * << 16 | (st_ino & 0xffff). st_dev's low 8 bits are the low 8 bits of the device's minor
 * number (the encoding keeps them at the bottom). `matches` is false when this C library builds
 * its keys another way: the pane then says so rather than show a sum that is not the key.
 */
export function keyPieces(result: FtokResult): KeyPieces {
  const piece = (source: string, value: number, mask: number, shift: number): KeyPiece => {
    // value % 2^32 first: & works on 32 bits, and an inode can be larger.
    const kept = (value % 0x1_0000_0000) & mask;
    return { source, value, kept, mask, shift, placed: (kept * 2 ** shift) >>> 0 };
  };
  const pieces = [
    piece('project id', result.projectId, 0xff, 24),
    piece('device', result.device, 0xff, 16),
    piece('inode', result.inode, 0xffff, 0),
  ];
  const composed = pieces.reduce((sum, { placed }) => (sum | placed) >>> 0, 0);
  return { pieces, composed, matches: composed === result.key >>> 0 };
}

/** The form's fields as typed. */
export interface FtokForm {
  path: string;
  projectId: string;
}

export type FtokFormCheck =
  | { ok: true; path: string; projectId: number }
  | { ok: false; field: 'path' | 'projectId'; message: string };

/**
 * The form's input for the ftok command, or what is wrong with it. The id may be typed in
 * decimal, hex (0x53) or as a character in quotes ('S'); ftok uses its low 8 bits and refuses 0.
 */
export function checkFtokForm(form: FtokForm): FtokFormCheck {
  if (form.path === '') {
    return { ok: false, field: 'path', message: 'Name an existing file or folder, e.g. /tmp' };
  }
  if (form.path.includes('\0')) {
    return { ok: false, field: 'path', message: 'A path cannot contain a NUL character' };
  }
  const text = form.projectId.trim();
  const char = /^'(.)'$/.exec(text);
  let id: number;
  if (char !== null) id = char[1]!.codePointAt(0) ?? 0;
  else if (/^0x[0-9a-f]+$/i.test(text)) id = Number.parseInt(text.slice(2), 16);
  else if (/^[0-9]+$/.test(text)) id = Number(text);
  else id = Number.NaN;
  if (!Number.isInteger(id) || id < 1 || id > 255) {
    return {
      ok: false,
      field: 'projectId',
      message:
        "The project id must be from 1 to 255 (ftok keeps 8 bits; 0 is not allowed), e.g. 83 or 'S'",
    };
  }
  return { ok: true, path: form.path, projectId: id };
}

/** A key a program printed: `ftok("/tmp", 83) = 0x5300f7e8`, as the C starter prints it. */
export interface PrintedKey {
  path: string;
  projectId: number;
  key: number;
}

const PRINTED = /ftok\("((?:[^"\\]|\\.)*)", (\d+)\) = 0x([0-9a-fA-F]{1,8})/g;

/** Every `ftok("path", id) = 0x…` line in `text` (a run's output, or what the learner pasted). */
export function printedKeys(text: string): PrintedKey[] {
  return [...text.matchAll(PRINTED)].map((match) => ({
    path: match[1]!,
    projectId: Number(match[2]),
    key: Number.parseInt(match[3]!, 16),
  }));
}

/** A shmid a program printed after the key: `shmget(0x5300f7e8, ...) = 32770`. */
export function printedShmids(text: string, key: number): number[] {
  const hex = keyHex(key).slice(2);
  const pattern = new RegExp(
    `shmget\\(0x0*${hex.replace(/^0+/, '')}, [^)]*\\)[^=\\n]*= (-?\\d+)`,
    'gi',
  );
  return [...text.matchAll(pattern)].map((match) => Number(match[1]));
}
