// The words of the memory diagram: region labels, column headers and the sentence that
// summarises the picture for screen readers. Every value comes from the processes' reports.
import type { ProcessName, ProcessState, MapRegion } from '../../src-main/common/api';
import type { CondensedRegion } from '../geometry/condense-regions';
import { formatAddress } from '../../src-main/common/address';
import { statusText } from './pane-text';
import { PROCESS_NAMES } from './segment-pages';
import type { FrameCell, SegmentPages } from './segment-pages';

/** The last path component, without ' (deleted)': 'libc.so.6', 'node', '[stack]', ''. */
/** A maps line as the kernel prints it: '7f3a1442e000-7f3a14431000 rw-s 00000000 00:01 5 /SYSV…'. */
export function mapsLine(region: MapRegion): string {
  const hex = (value: string): string => value.replace(/^0x/, '');
  const offset = hex(region.offset).padStart(8, '0');
  return `${hex(region.start)}-${hex(region.end)} ${region.perms} ${offset} ${region.dev} ${region.inode} ${region.path}`;
}

export function shortName(path: string): string {
  const trimmed = path.endsWith(' (deleted)') ? path.slice(0, -' (deleted)'.length) : path;
  if (trimmed.startsWith('[')) return trimmed;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** `text` cut to at most `maxChars` characters, ending in '…' when cut. */
export function fitLabel(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 1) return maxChars === 1 ? '…' : '';
  return `${text.slice(0, maxChars - 1).trimEnd()}…`;
}

/**
 * `text` broken at spaces into at most `maxLines` lines of at most `maxChars` characters; the
 * last line ends in '…' when the text does not fit.
 */
export function wrapLabel(text: string, maxChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest !== '' && lines.length < maxLines) {
    if (lines.length === maxLines - 1 || rest.length <= maxChars) {
      lines.push(fitLabel(rest, maxChars));
      break;
    }
    const cut = rest.lastIndexOf(' ', maxChars);
    const at = cut > 0 ? cut : maxChars;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  return lines;
}

/** The first candidate that fits `maxChars`, else the last one cut to fit. */
export function pickLabel(candidates: readonly string[], maxChars: number): string {
  const fitting = candidates.find((candidate) => candidate.length <= maxChars);
  return fitting ?? fitLabel(candidates[candidates.length - 1] ?? '', maxChars);
}

/**
 * The lines beside an attachment's block: 'shmid 5 @ 0x7f3a1442e000' and its size when that
 * fits `maxChars`, else 'shmid 5', '@ 0x7f3a1442e000' and the size.
 */
export function shmLabelLines(
  shmid: number,
  start: bigint,
  size: string,
  maxChars: number,
): string[] {
  const oneLine = `shmid ${shmid} @ ${formatAddress(start)}`;
  const lines =
    oneLine.length <= maxChars ? [oneLine] : [`shmid ${shmid}`, `@ ${formatAddress(start)}`];
  return [...lines, size].map((line) => fitLabel(line, maxChars));
}

/** What a drawn block stands for, summed over the condensed blocks it holds. */
export interface BlockSummary {
  kind: CondensedRegion['kind'];
  mappings: number;
  names: string[];
  unnamed: number;
  /** Bytes of the mappings without a name (anonymous memory). */
  unnamedBytes: bigint;
  mappedBytes: bigint;
  /** The block spans unmapped holes that take no height (scattered small mappings). */
  sparse: boolean;
}

/** Sums condensed blocks drawn as one item (adjacent same-label blocks, or a sparse run). */
export function summariseBlocks(
  kind: CondensedRegion['kind'],
  blocks: readonly CondensedRegion[],
  sparse: boolean,
): BlockSummary {
  const names: string[] = [];
  let mappings = 0;
  let unnamed = 0;
  let unnamedBytes = 0n;
  let mappedBytes = 0n;
  for (const block of blocks) {
    mappings += block.mappings;
    unnamed += block.unnamed;
    unnamedBytes += block.unnamedBytes;
    mappedBytes += block.mappedBytes;
    for (const name of block.names) if (!names.includes(name)) names.push(name);
  }
  return { kind, mappings, names, unnamed, unnamedBytes, mappedBytes, sparse };
}

/**
 * A block's label: 'libc.so.6 ×5', 'node (text)', 'anon', 'anon ×14', '[stack]',
 * 'libstdc++.so.6, libc.so.6 +9 · 45 maps', 'anon + libc.so.6 · 6 maps', 'anon ×24, scattered'.
 * A block is named after a file only when files hold most of its bytes: nameless memory is
 * never labelled with the library that happens to sit next to it.
 */
export function blockLabel(summary: BlockSummary): string {
  const { kind, mappings, names, unnamed, unnamedBytes, mappedBytes, sparse } = summary;
  const [first, second] = names;
  const mostlyAnonymous = unnamed > 0 && unnamedBytes * 2n > mappedBytes;
  let text: string;
  if (first === undefined) {
    text = mappings > 1 ? `anon ×${mappings}` : 'anon';
  } else if (mostlyAnonymous) {
    const more = names.length > 1 ? ` +${names.length - 1}` : '';
    text = `anon + ${first}${more} · ${mappings} maps`;
  } else if (second === undefined && unnamed === 0) {
    if (mappings > 1) text = `${first} ×${mappings}`;
    else text = kind === 'text' || kind === 'data' ? `${first} (${kind})` : first;
  } else if (second === undefined) {
    text = `${first} + anon · ${mappings} maps`;
  } else {
    const more = names.length > 2 ? ` +${names.length - 2}` : '';
    text = `${first}, ${second}${more} · ${mappings} maps`;
  }
  return sparse ? `${text}, scattered` : text;
}

/** The column header: 'Process A · pid 4242', or without the pid before it is known. */
export function columnHeader(name: ProcessName, state: ProcessState): string {
  return state.pid === null ? `Process ${name}` : `Process ${name} · pid ${state.pid}`;
}

/** The lines a column shows instead of an address space, or null when it has one to draw. */
export function columnPlaceholder(
  name: ProcessName,
  state: ProcessState,
  hasFacts: boolean,
): string[] | null {
  if (state.status === 'exited')
    return [`Process ${name} is not running`, `(${statusText(state)})`];
  if (state.status === 'starting') return [`Process ${name} is starting…`];
  return hasFacts ? null : [`Reading process ${name}'s`, `/proc/${state.pid ?? '…'}/maps…`];
}

/** One process as the summary mentions it. */
export interface ProcessSummary {
  /** How a sentence names it ('your program (pid 4242)'); defaults to 'process <key>'. */
  name?: string;
  /** How a list names it ('pid 4242'); defaults to its key. */
  short?: string;
  /** Said after where it maps the segment ('the same address as pid 4242: inherited…'). */
  aside?: string;
  running: boolean;
  /** The segment it maps (from its maps line), and where. */
  mappedShmid: number | null;
  base: bigint | null;
}

const MAX_LISTED_PFNS = 4;

/** 'A', 'A and B', 'A, B and pid 4242'. */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function processPhrase(key: string, who: ProcessSummary, shmid: number): string {
  const subject = who.name ?? `process ${key}`;
  if (!who.running) return `${subject} is not running`;
  if (who.mappedShmid === null || who.base === null)
    return `${subject} does not map shmid ${shmid}`;
  if (who.mappedShmid !== shmid) return `${subject} maps shmid ${who.mappedShmid}, not ${shmid}`;
  const aside = who.aside === undefined ? '' : ` (${who.aside})`;
  return `${subject} maps shmid ${shmid} at ${formatAddress(who.base)}${aside}`;
}

function framePhrase(pages: SegmentPages, processes: Record<string, ProcessSummary>): string {
  const { pagesWithFrame, pageCount, pagesRead, pfns, pfnHidden, sharedPfnPages } = pages;
  const noun = pageCount === 1 ? 'page' : 'pages';
  const verb = pagesWithFrame === 1 ? 'has' : 'have';
  // Only the first pages' entries are read (FACT_PAGES): a count must say of which pages.
  const of = pagesRead < pageCount ? `the first ${pagesRead} of ${pageCount}` : `${pageCount}`;
  let text = `${pagesWithFrame} of ${of} ${noun} ${verb} a frame`;
  if (pfns.length > 0) {
    const listed = pfns.slice(0, MAX_LISTED_PFNS).join(', ');
    const more = pfns.length > MAX_LISTED_PFNS ? ` and ${pfns.length - MAX_LISTED_PFNS} more` : '';
    text += `: PFN ${listed}${more}`;
  }
  if (sharedPfnPages > 0) {
    const who = listText(pages.sharers.map((key) => processes[key]?.short ?? key));
    text += `; ${who} map the same frame for ${sharedPfnPages} ${sharedPfnPages === 1 ? 'page' : 'pages'}`;
  }
  if (pfnHidden) text += '; the kernel hides the frame numbers';
  return text;
}

/**
 * The diagram in one sentence: 'Process A maps shmid 5 at 0x7f…, process B maps shmid 5 at
 * 0x7e…; 1 of 3 pages has a frame: PFN 0x1234; A and B map the same frame for 1 page.' Processes
 * are named in the order of `processes` (A, B, then the program's).
 */
export function describeDiagram(
  shmid: number | null,
  processes: Record<string, ProcessSummary>,
  pages: SegmentPages | null,
): string {
  if (shmid === null) {
    const stopped = PROCESS_NAMES.filter((name) => processes[name]?.running === false);
    const why =
      stopped.length === 0
        ? ''
        : ` (${stopped.map((name) => `process ${name}`).join(' and ')} ${stopped.length === 1 ? 'is' : 'are'} not running)`;
    return `Memory diagram: no segment is attached${why}, so there are no shared pages to draw.`;
  }
  const phrases = Object.entries(processes).map(([key, who]) => processPhrase(key, who, shmid));
  const sentence = phrases.join(', ');
  const capitalised = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  return pages === null ? `${capitalised}.` : `${capitalised}; ${framePhrase(pages, processes)}.`;
}

/**
 * A frame cell's text, longest first, for {@link pickLabel}: 'PFN 0x1a2b3 · page 0', then
 * '0x1a2b3 · p0'; 'page 2 of shmid 5', then 'page 2'; 'page 1 · no frame yet', then 'p1 · none'.
 */
export function frameCellLabels(cell: FrameCell, shmid: number): string[] {
  const pages = cell.pageIndices.join(', ');
  const short = cell.pageIndices.map((index) => `p${index}`).join(',');
  if (cell.kind === 'pfn') {
    const pfn = cell.pfn ?? '?';
    return [`PFN ${pfn} · page ${pages}`, `${pfn} · ${short}`, pfn];
  }
  if (cell.kind === 'identity') return [`page ${pages} of shmid ${shmid}`, `page ${pages}`, short];
  return [`page ${pages} · no frame yet`, `${short} · no frame yet`, `${short} · none`];
}

/**
 * A frame cell's tooltip: where the value comes from, in a sentence. `names` gives how each
 * process key is written ('pid 4242'); a key without one is written as it is ('A').
 */
export function frameCellTitle(
  cell: FrameCell,
  shmid: number,
  names: Readonly<Record<string, string>> = {},
): string {
  const pages = cell.pageIndices.join(', ');
  const who = listText(cell.processes.map((key) => names[key] ?? key));
  if (cell.kind === 'pfn') {
    return `Page frame ${cell.pfn ?? '?'}: ${who}'s pagemap gives it for page ${pages} of shmid ${shmid}.`;
  }
  if (cell.kind === 'identity') {
    const count = cell.processes.length;
    const same =
      count === 1
        ? 'Its maps line names the segment (inode = shmid).'
        : `${count > 2 ? 'Their maps lines all' : 'Both maps lines'} name the same segment (inode = shmid), so it is one page.`;
    return (
      `Page ${pages} of shmid ${shmid} is present in ${who}'s page table; the kernel hides its ` +
      `frame number. ${same}`
    );
  }
  return (
    `No page table that maps shmid ${shmid} has a frame for page ${pages}. A page never touched ` +
    'has no frame (demand paging); the first access in a process makes the kernel map one.'
  );
}
