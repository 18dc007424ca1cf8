// The words the diagram uses for the learner's program: its columns' headers and note lines, and
// the notes left when one of its processes exits. Every pid, shmid and address comes from the
// Lab's reports (programProcesses, programExited, the processes' own maps).
import type { ProgramExitedEvent, ProgramProcess } from '../../src-main/common/api';
import { kernelAddressText } from './pane-text';

/** 'your program (pid 4242)', 'its forked child (pid 4243)', 'a process forked by 4243 (pid 4244)'. */
export function programName(process: Pick<ProgramProcess, 'role' | 'pid' | 'ppid'>): string {
  return `${roleText(process)} (pid ${process.pid})`;
}

function roleText(process: Pick<ProgramProcess, 'role' | 'ppid'>): string {
  return process.role === 'program' ? 'your program' : `forked child of ${process.ppid}`;
}

/**
 * A program's column headers, longest first: 'Your program · pid 4242'; 'Forked child of 4242 ·
 * pid 4243', then 'Forked child · pid 4243' (its note names the parent), then 'pid 4243'.
 */
export function programHeaders(process: Pick<ProgramProcess, 'role' | 'pid' | 'ppid'>): string[] {
  const role = roleText(process);
  const full = `${role.charAt(0).toUpperCase()}${role.slice(1)} · pid ${process.pid}`;
  const short = process.role === 'program' ? full : `Forked child · pid ${process.pid}`;
  return [...new Set([full, short, `pid ${process.pid}`])];
}

function attachedText(process: Pick<ProgramProcess, 'attachments'>): string {
  const ids = [...new Set(process.attachments.map((attachment) => attachment.shmid))];
  if (ids.length === 0) return 'no segment attached';
  return `${ids.length === 1 ? 'shmid' : 'shmids'} ${ids.join(', ')} attached`;
}

/** The program's note line: 'p3 · shmid 5 attached', 'p3 · no segment attached'. */
export function programNote(process: Pick<ProgramProcess, 'command' | 'attachments'>): string {
  return `${process.command} · ${attachedText(process)}`;
}

/**
 * A forked process's note line. `sameAsParent`: its maps and its parent's show the same shmid at
 * the same address, which fork gives: the child inherits the parent's attachments.
 */
export function forkedNote(
  process: Pick<ProgramProcess, 'ppid' | 'attachments'>,
  sameAsParent: boolean,
): string {
  if (sameAsParent) return `same address as pid ${process.ppid}: inherited across fork`;
  if (process.attachments.length === 0) return `forked by ${process.ppid} · no segment attached`;
  return `forked by ${process.ppid} · ${attachedText(process)} at its own address`;
}

/** What a program's column shows instead of its maps, or null when it can draw them. */
export function programPlaceholder(
  process: Pick<ProgramProcess, 'pid' | 'state'>,
  hasFacts: boolean,
): string[] | null {
  if (process.state === 'Z') {
    return [`pid ${process.pid} has exited: a zombie`, 'until its parent calls wait()']; // no maps
  }
  return hasFacts ? null : [`Reading pid ${process.pid}'s`, `/proc/${process.pid}/maps…`];
}

/** 'exited with status 0', 'killed by SIGINT', or why neither is known. */
export function exitStatusText(exit: Pick<ProgramExitedEvent, 'exitCode' | 'signal'>): string {
  if (exit.signal !== null) return `was killed by ${exit.signal}`;
  if (exit.exitCode !== null) return `exited with status ${exit.exitCode}`;
  return 'ended (its parent collected its status before the Lab saw it)';
}

/**
 * The note an exit leaves under the diagram: 'pid 4243 (forked child of 4242) exited with status
 * 0. It had shmid 5 attached at 0x7f… when last seen: the attachment went with it (exit detaches;
 * no shmdt needed).' `detached` is what the Lab last saw attached in the process's maps.
 */
export function exitNoteText(exit: ProgramExitedEvent, ppid: number | null): string {
  const who =
    exit.role === 'program'
      ? `pid ${exit.pid} (your program)`
      : `pid ${exit.pid} (${ppid === null ? 'a forked child' : `forked child of ${ppid}`})`;
  const status = exitStatusText(exit);
  if (exit.detached.length === 0) return `${who} ${status}; it had no segment attached.`;
  const list = exit.detached
    .map((attachment) => `shmid ${attachment.shmid} at ${kernelAddressText(attachment.address)}`)
    .join(', ');
  const one = exit.detached.length === 1;
  return (
    `${who} ${status}. It had ${list} attached when last seen: ` +
    `${one ? 'the attachment' : 'the attachments'} went with it (exit detaches; no shmdt needed).`
  );
}

/**
 * Why a forked child shows no frame where its parent has one: 'pid 4243 has no page-table entry
 * yet for pages 0 and 2, which pid 4242 has frames for. Fork gives the child the attachment but
 * not the entries: the kernel fills them on the child's first access, with the same frames.'
 */
export function awaitingPagesText(childPid: number, parentPid: number, pages: number[]): string {
  const which = pages.length === 1 ? `page ${pages[0]}` : `pages ${listPages(pages)}`;
  return (
    `pid ${childPid} has no page-table entry yet for ${which}, which pid ${parentPid} has ` +
    `${pages.length === 1 ? 'a frame' : 'frames'} for. Fork gave the child the attachment, not ` +
    "those entries: the kernel fills them on the child's first access, with the same frames."
  );
}

function listPages(pages: readonly number[]): string {
  if (pages.length <= 1) return String(pages[0] ?? '');
  return `${pages.slice(0, -1).join(', ')} and ${pages[pages.length - 1]}`;
}
