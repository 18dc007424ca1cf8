// The one contract. The preload, the Electron IPC gate, the web host, the
// renderer's client and the tests all derive from LabApi; there is no
// second copy. Everything here crosses a boundary as JSON, so addresses are
// hex strings ('0x7f3a1442e000') and bytes are arrays of numbers.
import type { ErrorEnvelope, Result } from './errors';
import type { CommandName, EventName, ListenerName } from './channels';
import type { CommandInput } from './schemas';

export type ProcessName = 'A' | 'B';
/** A virtual address or 64-bit quantity as '0x…' lowercase hex. */
export type HexString = string;

/** struct shmid_ds, as IPC_STAT returns it. */
export interface SegmentStat {
  shmid: number;
  key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  /** Permission bits plus SHM_DEST (0o1000) and SHM_LOCKED (0o2000). */
  mode: number;
  segsz: number;
  /** Seconds since the epoch; 0 when it never happened. */
  atime: number;
  dtime: number;
  ctime: number;
  cpid: number;
  lpid: number;
  nattch: number;
  /** Decoded from mode, for convenience. */
  dest: boolean;
  locked: boolean;
}

/** A segment shmget returned, with what was asked and what the kernel made. */
export interface SegmentInfo {
  shmid: number;
  /**
   * Created by this Lab (its cpid is the host): writable, removable, removed
   * at exit. false when shmget opened a segment that already existed and
   * belongs to another program or user ("foreign").
   */
  owned: boolean;
  /** The key passed to shmget (0 is IPC_PRIVATE). */
  requestedKey: number;
  requestedSize: number;
  /** The flags passed to shmget, for showing the call as it was made. */
  flags: number;
  /** Whole pages the kernel maps for it. */
  pages: number;
  mappedSize: number;
  stat: SegmentStat;
}

/** One line of /proc/sysvipc/shm. */
export interface SysvSegment {
  key: number;
  shmid: number;
  perms: number;
  size: number;
  cpid: number;
  lpid: number;
  nattch: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  atime: number;
  dtime: number;
  ctime: number;
  rss: number;
  swap: number;
}

export interface SystemInfo {
  host: 'electron' | 'web';
  platform: string;
  kernelRelease: string;
  pageSize: number;
  shmlba: number;
  limits: { shmmax: string; shmmin: number; shmmni: number; shmall: string };
  uid: number;
  /** Whether /proc/<pid>/pagemap shows real page frame numbers to the Lab. */
  pfnVisible: boolean;
  pfnHiddenReason: string | null;
  /**
   * The process that makes the Lab's own syscalls (shmget, IPC_STAT, IPC_SET,
   * IPC_RMID): the Electron main process or the web host. It is the cpid of
   * every segment this Lab creates.
   */
  hostPid: number;
  /** Its command name, from /proc/self/comm (e.g. 'node', 'electron'). */
  hostCommand: string;
}

export interface AttachmentInfo {
  shmid: number;
  address: HexString;
  size: number;
  readOnly: boolean;
}

export type ProcessStatus = 'starting' | 'running' | 'exited';

export interface ProcessState {
  name: ProcessName;
  pid: number | null;
  status: ProcessStatus;
  /** Set once the child has exited: its exit code, or the signal that killed it. */
  exitCode: number | null;
  signal: string | null;
  attachment: AttachmentInfo | null;
}

export type RegionKind =
  | 'text'
  | 'data'
  | 'heap'
  | 'stack'
  | 'library'
  | 'shm'
  | 'anonymous'
  | 'vdso'
  | 'vvar'
  | 'vsyscall'
  | 'file';

/** One line of /proc/<pid>/maps. */
export interface MapRegion {
  start: HexString;
  end: HexString;
  perms: string;
  offset: HexString;
  dev: string;
  inode: number;
  path: string;
  kind: RegionKind;
}

/** Figures from /proc/<pid>/smaps for one region, in bytes. */
export interface SmapsFigures {
  size: number;
  rss: number;
  pss: number;
  sharedClean: number;
  sharedDirty: number;
  privateClean: number;
  privateDirty: number;
  swap: number;
}

/** One virtual page of the attachment, from /proc/<pid>/pagemap. */
export interface PageEntry {
  address: HexString;
  present: boolean;
  swapped: boolean;
  /** The page frame number, or null when absent or hidden by the kernel. */
  pfn: HexString | null;
}

/** What one child process reports about itself, read from its own /proc. */
export interface ProcessFacts {
  state: ProcessState;
  maps: MapRegion[];
  /** The maps line of the attachment (inode = shmid), when attached. */
  shmRegion: MapRegion | null;
  smaps: SmapsFigures | null;
  pages: PageEntry[];
  pfnHiddenReason: string | null;
}

export interface WriteResult {
  process: ProcessName;
  offset: number;
  /** The bytes written, as encoded from the value. */
  bytes: number[];
  /** base + offset in the writing process. */
  address: HexString;
}

export interface ReadResult {
  process: ProcessName;
  offset: number;
  /** The bytes this process read from its own mapping. */
  bytes: number[];
  address: HexString;
}

/** Both processes added 1 to one u32, `times` times each, at once, without a lock. */
export interface RaceResult {
  offset: number;
  times: number;
  /** What the counter would hold if no increment were lost. */
  expected: number;
  /** What process A read from the counter afterwards. */
  final: number;
  lost: number;
  durationMs: number;
}

export interface LabState {
  system: SystemInfo;
  processes: Record<ProcessName, ProcessState>;
  /** Segments this Lab created that still exist (owned: true); never a foreign one. */
  segments: SegmentInfo[];
}

/** Bytes a process saw change in its own mapping. */
export interface MemoryChangedEvent {
  process: ProcessName;
  shmid: number;
  offset: number;
  bytes: number[];
  /** base + offset in the reporting process. */
  address: HexString;
}

/**
 * Pages of the segment outside the viewed window that changed in this process's mapping: their
 * bytes differ, or they got a page frame since the last look. Found by a sweep that is slower
 * than the window's polling (its cost is bounded per tick), so a large segment is covered in
 * several ticks. The UI marks them and can view them with viewMemory.
 */
export interface PagesChangedEvent {
  process: ProcessName;
  shmid: number;
  /** Page indices within the segment (offset / pageSize), ascending. */
  pages: number[];
}

export interface ProcessStatusEvent {
  /**
   * 'reconciled': after a request timed out, the Lab asked the child (and the
   * kernel, through the child's /proc/self/maps) what it has attached and
   * replaced its record with the answer.
   */
  change: 'spawned' | 'attached' | 'detached' | 'exited' | 'reconciled';
  state: ProcessState;
}

export interface SegmentChangedEvent {
  shmid: number;
  /** The new IPC_STAT, or null once the segment is gone. */
  stat: SegmentStat | null;
}

/** Commands; each takes one validated input object (or none). */
export interface LabCommands {
  getState(): Promise<LabState>;
  listSegments(): Promise<SysvSegment[]>;
  createSegment(input: CommandInput<'createSegment'>): Promise<SegmentInfo>;
  statSegment(input: CommandInput<'statSegment'>): Promise<SegmentStat>;
  setSegmentMode(input: CommandInput<'setSegmentMode'>): Promise<SegmentStat>;
  /** IPC_RMID; resolves to the stat afterwards, or null when the segment is already gone. */
  removeSegment(input: CommandInput<'removeSegment'>): Promise<SegmentStat | null>;
  attach(input: CommandInput<'attach'>): Promise<ProcessState>;
  detach(input: CommandInput<'detach'>): Promise<ProcessState>;
  write(input: CommandInput<'write'>): Promise<WriteResult>;
  read(input: CommandInput<'read'>): Promise<ReadResult>;
  inspect(input: CommandInput<'inspect'>): Promise<ProcessFacts>;
  respawn(input: CommandInput<'respawn'>): Promise<ProcessState>;
  /** Runs the unsynchronised read-add-write race in A and B at the same time. */
  race(input: CommandInput<'race'>): Promise<RaceResult>;
  /**
   * The bytes of `process`'s mapping the UI shows now (at most MAX_VIEW_WINDOW), read without
   * faulting pages in (peek), and the window its watcher reports byte-exact from now on:
   * changes inside it arrive as memoryChanged with the bytes; changes elsewhere in the segment
   * as pagesChanged. A new call replaces the window; length 0 watches no bytes exactly.
   */
  viewMemory(input: CommandInput<'viewMemory'>): Promise<ReadResult>;
}

export type Unsubscribe = () => void;

export interface LabEventMap {
  memoryChanged: MemoryChangedEvent;
  pagesChanged: PagesChangedEvent;
  processStatus: ProcessStatusEvent;
  segmentChanged: SegmentChangedEvent;
}

export interface LabEvents {
  onMemoryChanged(listener: (event: MemoryChangedEvent) => void): Unsubscribe;
  onPagesChanged(listener: (event: PagesChangedEvent) => void): Unsubscribe;
  onProcessStatus(listener: (event: ProcessStatusEvent) => void): Unsubscribe;
  onSegmentChanged(listener: (event: SegmentChangedEvent) => void): Unsubscribe;
}

/** The whole API as the renderer uses it: commands throw LabError on failure. */
export type LabApi = LabCommands & LabEvents;

export type CommandOutput<K extends CommandName> = Awaited<ReturnType<LabCommands[K]>>;

/**
 * The API as a transport carries it (preload, web socket): commands resolve
 * to a Result envelope instead of throwing, because errors lose their fields
 * when they cross a process boundary.
 */
export type LabBridge = {
  [K in CommandName]: (input?: CommandInput<K>) => Promise<Result<CommandOutput<K>>>;
} & LabEvents;

export type { ErrorEnvelope, Result };

// Compile-time proof that the name lists and the interfaces agree.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const commandsMatch: Exact<keyof LabCommands, CommandName> = true;
const eventsMatch: Exact<keyof LabEventMap, EventName> = true;
const listenersMatch: Exact<keyof LabEvents, ListenerName<EventName>> = true;
void [commandsMatch, eventsMatch, listenersMatch];
