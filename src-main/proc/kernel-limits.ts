// Reader of the System V IPC limits in /proc/sys/kernel (what `ipcs -l` prints).
import { readProcText } from './proc-error';
import { ProcFormatError } from './proc-error';

/** The limits as the kernel holds them now. */
export interface KernelIpcLimits {
  /** Largest segment, bytes. A decimal string: the default is near 2^64. */
  readonly shmmax: string;
  /** Pages all segments together may take, system-wide. Decimal string, as shmmax. */
  readonly shmall: string;
  /** Most segments at once. */
  readonly shmmni: number;
  /** Most semaphores in one set. */
  readonly semmsl: number;
  /** Most semaphores in all sets. */
  readonly semmns: number;
  /** Most operations in one semop call. */
  readonly semopm: number;
  /** Most semaphore sets at once. */
  readonly semmni: number;
  /** Largest message, bytes. */
  readonly msgmax: number;
  /** Bytes one queue may hold by default. */
  readonly msgmnb: number;
  /** Most message queues at once. */
  readonly msgmni: number;
}

/** The files read, by their name in /proc/sys/kernel. */
export const LIMIT_FILES = [
  'shmmax',
  'shmall',
  'shmmni',
  'sem',
  'msgmax',
  'msgmnb',
  'msgmni',
] as const;
export type LimitFile = (typeof LIMIT_FILES)[number];

const DIRECTORY = '/proc/sys/kernel';

/**
 * Parses the texts of the limit files (name → content as read). `sem` holds four numbers,
 * "SEMMSL SEMMNS SEMOPM SEMMNI", separated by tabs.
 *
 * @throws ProcFormatError naming the file whose text is not the number(s) it should hold.
 */
export function parseKernelLimits(
  texts: Readonly<Record<LimitFile, string>>,
  directory: string = DIRECTORY,
): KernelIpcLimits {
  const fieldsOf = (file: LimitFile, count: number): string[] => {
    const text = texts[file];
    const fields = text.trim().split(/\s+/);
    if (fields.length !== count || !fields.every((field) => /^\d+$/.test(field))) {
      const what = count === 1 ? 'one whole number' : `${count} whole numbers`;
      throw new ProcFormatError(`${directory}/${file}`, 1, text, `expected ${what}`);
    }
    return fields;
  };
  const big = (file: LimitFile): string => BigInt(fieldsOf(file, 1)[0] ?? '').toString();
  const small = (file: LimitFile, fields = fieldsOf(file, 1), index = 0): number => {
    const value = Number(fields[index]);
    if (!Number.isSafeInteger(value)) {
      throw new ProcFormatError(`${directory}/${file}`, 1, texts[file], 'not below 2^53');
    }
    return value;
  };
  const sem = fieldsOf('sem', 4);
  return {
    shmmax: big('shmmax'),
    shmall: big('shmall'),
    shmmni: small('shmmni'),
    semmsl: small('sem', sem, 0),
    semmns: small('sem', sem, 1),
    semopm: small('sem', sem, 2),
    semmni: small('sem', sem, 3),
    msgmax: small('msgmax'),
    msgmnb: small('msgmnb'),
    msgmni: small('msgmni'),
  };
}

/**
 * Reads the limits from /proc/sys/kernel (or `directory`, for tests).
 *
 * @throws ProcFileError when a file cannot be read; ProcFormatError when one is malformed.
 */
export async function readKernelLimits(directory: string = DIRECTORY): Promise<KernelIpcLimits> {
  const texts = await Promise.all(LIMIT_FILES.map((file) => readProcText(`${directory}/${file}`)));
  const byFile = Object.fromEntries(LIMIT_FILES.map((file, index) => [file, texts[index] ?? '']));
  return parseKernelLimits(byFile as Record<LimitFile, string>, directory);
}
