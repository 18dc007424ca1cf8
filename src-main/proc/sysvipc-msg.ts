// Reader of /proc/sysvipc/msg: the kernel's table of System V message queues.
import { readProcText } from './proc-error';
import type { FieldParser } from './sysvipc-table';
import { decimal, octal, parseSysvTable, signedDecimal } from './sysvipc-table';

/** One row of /proc/sysvipc/msg. Times are seconds since the epoch (0 = never). */
export interface MessageQueueRecord {
  /** key_t as the kernel prints it: signed 32-bit decimal (IPC_PRIVATE is 0). */
  readonly key: number;
  readonly msqid: number;
  /** Permission bits (printed in octal). */
  readonly perms: number;
  /** Bytes of message text in the queue now. */
  readonly cbytes: number;
  /** Messages in the queue now. */
  readonly qnum: number;
  /** PID of the last msgsnd and of the last msgrcv (0 = none yet). */
  readonly lspid: number;
  readonly lrpid: number;
  readonly uid: number;
  readonly gid: number;
  readonly cuid: number;
  readonly cgid: number;
  /** Last msgsnd, last msgrcv, and creation or last IPC_SET. */
  readonly stime: number;
  readonly rtime: number;
  readonly ctime: number;
}

const SOURCE = '/proc/sysvipc/msg';

const columns = {
  key: signedDecimal,
  msqid: decimal,
  perms: octal,
  cbytes: decimal,
  qnum: decimal,
  lspid: decimal,
  lrpid: decimal,
  uid: decimal,
  gid: decimal,
  cuid: decimal,
  cgid: decimal,
  stime: decimal,
  rtime: decimal,
  ctime: decimal,
} satisfies Record<keyof MessageQueueRecord, FieldParser>;

/**
 * Parses the text of /proc/sysvipc/msg (`source` names it in errors); columns by header name.
 *
 * @throws ProcFormatError naming the malformed line.
 */
export function parseSysvMessageQueues(
  text: string,
  source: string = SOURCE,
): MessageQueueRecord[] {
  return parseSysvTable(text, source, columns);
}

/**
 * Reads and parses /proc/sysvipc/msg: the message queues of this process's IPC namespace.
 *
 * @throws ProcFileError when the file cannot be read; ProcFormatError when it is malformed.
 */
export async function readSysvMessageQueues(path: string = SOURCE): Promise<MessageQueueRecord[]> {
  return parseSysvMessageQueues(await readProcText(path), path);
}
