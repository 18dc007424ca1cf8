// The processes the memory diagram draws as columns, in one shape: A and B (the Lab's children),
// then the live processes of the learner's program run (the program, then what it forked). Each
// carries its header, its note line, what to show instead of its maps, and the facts its own
// /proc gave; nothing here is inferred from what a process was asked to do.
import type {
  MapRegion,
  PageEntry,
  ProcessFacts,
  ProcessName,
  ProcessState,
  ProgramProcess,
  ProgramProcessFacts,
  SmapsFigures,
} from '../../src-main/common/api';
import { toBigIntAddress } from '../../src-main/common/address';
import { columnHeader, columnPlaceholder } from './diagram-text';
import {
  forkedNote,
  programHeaders,
  programName,
  programNote,
  programPlaceholder,
} from './diagram-program-text';
import type { ColumnId } from './segment-pages';

/** What a column draws from: a process's maps, and its attachment's smaps and pagemap. */
export interface ColumnFacts {
  maps: MapRegion[];
  /** The maps line of the attachment whose pages were read (inode = shmid), if any. */
  shmRegion: MapRegion | null;
  smaps: SmapsFigures | null;
  /** Pages of the attachment; `pages` has the first of them (FACT_PAGES at most). */
  pageCount: number;
  pages: PageEntry[];
  pfnHiddenReason: string | null;
}

export type ColumnRole = ProcessName | 'program' | 'forked';

/** A column's colours (CSS modifier): A's, B's, the program's, a forked child's. */
export type ColumnTone = 'a' | 'b' | 'program' | 'forked';

/** The colours of a role. */
export function toneOf(role: ColumnRole): ColumnTone {
  return role === 'A' ? 'a' : role === 'B' ? 'b' : role;
}

/** One column of the diagram. */
export interface DiagramProcess {
  /** 'A', 'B' or 'p<pid>': the key of its column, its arrows and its pages. */
  id: ColumnId;
  role: ColumnRole;
  pid: number | null;
  /** How a sentence names it: 'process A', 'your program (pid 4242)'. */
  name: string;
  /** How a tight place names it (the pages table, the legend, a frame's title): 'A', 'pid 4242'. */
  short: string;
  /** Its header, longest first: the diagram shows the first that fits ('Process A · pid 4242'). */
  headers: string[];
  /** A note under the header (the program's processes only); null when there is none. */
  note: string | null;
  /**
   * For a forked process whose maps show the same shmid at the same address as its parent's:
   * the parent's pid (the attachment was inherited across fork); else null.
   */
  inheritedFrom: number | null;
  /** Lines shown instead of the address space; null when it has facts to draw. */
  placeholder: string[] | null;
  /** Alive (for a program's process: listed and not a zombie). */
  running: boolean;
  facts: ColumnFacts | null;
}

/** A or B as the lab store holds it. */
export interface LabProcessInput {
  state: ProcessState;
  facts: ProcessFacts | null;
}

/** A or B as a column. */
export function labProcess(name: ProcessName, input: LabProcessInput): DiagramProcess {
  const running = input.state.status === 'running';
  return {
    id: name,
    role: name,
    pid: input.state.pid,
    name: `process ${name}`,
    short: name,
    headers: [columnHeader(name, input.state)],
    note: null,
    inheritedFrom: null,
    placeholder: columnPlaceholder(name, input.state, input.facts !== null),
    running,
    facts: running ? input.facts : null,
  };
}

/** The shmid and base a process's facts show it attached at, or null. */
function attachmentOf(
  facts: ColumnFacts | null | undefined,
): { shmid: number; base: bigint } | null {
  const region = facts?.shmRegion;
  if (region === null || region === undefined) return null;
  try {
    return { shmid: region.inode, base: toBigIntAddress(region.start) };
  } catch {
    return null;
  }
}

/**
 * Whether a forked process's facts show the same attachment as its parent's: the same shmid at
 * the same virtual address. Both come from each process's own maps, read by the Lab.
 */
export function sameAttachmentAsParent(
  child: ColumnFacts | null | undefined,
  parent: ColumnFacts | null | undefined,
): boolean {
  const own = attachmentOf(child);
  const theirs = attachmentOf(parent);
  return own !== null && theirs !== null && own.shmid === theirs.shmid && own.base === theirs.base;
}

/** The program's processes the diagram draws, and those it has no room for. */
export interface ProgramColumns {
  processes: DiagramProcess[];
  notDrawn: ProgramProcess[];
}

/**
 * The live processes of the learner's run as columns: the program first, then the processes it
 * (or its children) forked, in the order the Lab listed them; at most `maxColumns`. Facts are
 * used only when they are about the same pid.
 */
export function programProcesses(
  processes: readonly ProgramProcess[],
  facts: Readonly<Record<number, ProgramProcessFacts | undefined>>,
  maxColumns: number,
): ProgramColumns {
  const ordered = [
    ...processes.filter((process) => process.role === 'program'),
    ...processes.filter((process) => process.role !== 'program'),
  ];
  const factsOf = (pid: number): ProgramProcessFacts | null => {
    const found = facts[pid];
    return found !== undefined && found.process.pid === pid ? found : null;
  };
  const drawn = ordered.slice(0, Math.max(0, maxColumns));
  return {
    processes: drawn.map((process) => {
      const own = factsOf(process.pid);
      const zombie = process.state === 'Z';
      const parent = processes.find((other) => other.pid === process.ppid);
      const same =
        process.role === 'forked' &&
        parent !== undefined &&
        sameAttachmentAsParent(own, factsOf(parent.pid));
      return {
        id: `p${process.pid}`,
        role: process.role,
        pid: process.pid,
        name: programName(process),
        short: `pid ${process.pid}`,
        headers: programHeaders(process),
        note: process.role === 'program' ? programNote(process) : forkedNote(process, same),
        inheritedFrom: same ? process.ppid : null,
        placeholder: programPlaceholder(process, own !== null),
        running: !zombie,
        facts: zombie ? null : own,
      };
    }),
    notDrawn: ordered.slice(drawn.length),
  };
}

/**
 * The forked processes that map their parent's attachment (same shmid and address) but have no
 * page-table entry for a page the parent has a frame for: both pagemaps say so. Each with the
 * pages concerned.
 */
export function childrenAwaitingPages(
  processes: readonly DiagramProcess[],
): { child: DiagramProcess; parentPid: number; pages: number[] }[] {
  return processes.flatMap((child) => {
    const parentPid = child.inheritedFrom;
    if (parentPid === null || child.facts === null) return [];
    const parent = processes.find((other) => other.pid === parentPid);
    const parentPages = parent?.facts?.pages ?? [];
    const pages = parentPages.flatMap((page, index) =>
      page.present && child.facts?.pages[index]?.present === false ? [index] : [],
    );
    return pages.length === 0 ? [] : [{ child, parentPid, pages }];
  });
}
