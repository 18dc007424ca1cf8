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

/** killProcess's answer: the child's state once it exited, and what was sent to it. */
export interface KilledProcess extends ProcessState {
  /**
   * The signals sent, in order: the one asked for, then SIGCONT after SIGTERM when the child was
   * stopped (state T), since a stopped process acts on SIGTERM only once continued.
   */
  signals: string[];
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

/**
 * The pages of an attachment whose pagemap entries a process's facts carry: the first ones, as
 * many as any view shows (the pages table's rows). A segment of a million pages costs no more.
 */
export const FACT_PAGES = 64;

/** What one child process reports about itself, read from its own /proc. */
export interface ProcessFacts {
  state: ProcessState;
  maps: MapRegion[];
  /** The maps line of the attachment (inode = shmid), when attached. */
  shmRegion: MapRegion | null;
  smaps: SmapsFigures | null;
  /** Pages of the attachment (0 when none); `pages` has the first min(pageCount, FACT_PAGES). */
  pageCount: number;
  pages: PageEntry[];
  pfnHiddenReason: string | null;
}

/**
 * A process's facts, re-read by the Lab after anything that could have changed them (a command,
 * a watcher's report, a process of a run appearing, attaching, detaching or ending), sent when
 * they differ from the last sent. A or B ('child'), or a process of the learner's run.
 */
export type FactsChangedEvent =
  { kind: 'child'; facts: ProcessFacts } | { kind: 'program'; facts: ProgramProcessFacts };

/** The learner touched a page: a one-byte load, then a write fault that changes no byte. */
export interface TouchResult {
  process: ProcessName;
  offset: number;
  /** The byte the load read. */
  value: number;
  /** Whether the write fault was made (not on a read-only attachment). */
  wrote: boolean;
  /** base + offset in the touching process. */
  address: HexString;
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

// ── Synchronisation (issue 9): System V semaphores, stepping, free runs ────────────────────

/** One semaphore of a set, read with semctl GETVAL, GETPID, GETNCNT and GETZCNT. */
export interface SemaphoreValue {
  semnum: number;
  semval: number;
  /** The pid of the last process that operated on it (0: none yet). */
  sempid: number;
  /** Processes waiting for semval to grow (a semop that would make it negative). */
  semncnt: number;
  /** Processes waiting for semval to be zero. */
  semzcnt: number;
}

/** A semaphore set as `ipcs -s -i <semid>` prints it: struct semid_ds and every semaphore. */
export interface SemaphoreSetStat {
  semid: number;
  key: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  /** Permission bits. */
  mode: number;
  nsems: number;
  /** Last semop and last change, seconds since the epoch; 0 when never. */
  otime: number;
  ctime: number;
  sems: SemaphoreValue[];
}

/** A set semget returned, with the call as it was made and what the kernel holds. */
export interface SemaphoreSetInfo {
  semid: number;
  /** Created by this Lab (removed at exit); false when semget opened someone else's set. */
  owned: boolean;
  requestedKey: number;
  /** The flags passed to semget (IPC_CREAT, IPC_EXCL, mode). */
  flags: number;
  stat: SemaphoreSetStat;
}

/** One operation of a semop (struct sembuf), as the UI asks for it. */
export interface SemaphoreOp {
  semnum: number;
  /** −1 is P (wait, take), +1 is V (signal, give back), 0 waits for zero. */
  op: number;
  undo: boolean;
  nowait: boolean;
}

/**
 * A thread as the kernel shows it in /proc/<pid>/task/<tid>/stat and .../wchan: the one in a
 * child that makes a semop, so "blocked" is read from the kernel, not from our bookkeeping.
 */
export interface ThreadState {
  pid: number;
  tid: number;
  /** The state letter of field 3: 'R' running, 'S' sleeping, 'D', 'T', 'Z'… */
  state: string;
  /** The letter in words ('sleeping (interruptible wait)'). */
  stateText: string;
  /** The kernel function it sleeps in, from wchan; null when it is not readable (or "0"). */
  wchan: string | null;
}

/**
 * The answer to a semop command: 'done' when the operations completed at once; 'waiting' when
 * the kernel made the process wait (read from its thread's state, with semncnt/semzcnt). A wait
 * ends later with a semopFinished event.
 */
export interface SemopResult {
  process: ProcessName;
  semid: number;
  ops: SemaphoreOp[];
  status: 'done' | 'waiting';
  /** The thread making the call, as the kernel shows it when the answer was made. */
  thread: ThreadState | null;
  /** The set right after (values, sempid, semncnt…). */
  stat: SemaphoreSetStat;
}

export interface SemopFinishedEvent {
  process: ProcessName;
  semid: number;
  /**
   * 'done': the wait ended and the operations were made (another process gave the semaphore);
   * 'cancelled': the learner cancelled it; 'failed': the call returned an error (EIDRM when the
   * set was removed); 'exited': the process died while waiting.
   */
  outcome: 'done' | 'cancelled' | 'failed' | 'exited';
  error: ErrorEnvelope | null;
  /** The set afterwards; null when it is gone. */
  stat: SemaphoreSetStat | null;
}

/** The three instructions of `counter = counter + 1`, as the learner steps them. */
export type Instruction = 'load' | 'add' | 'store';

/**
 * One instruction executed by a child on its own mapping: load reads the u32 counter into the
 * child's register, add adds 1 to the register, store writes the register to the counter.
 */
export interface StepResult {
  process: ProcessName;
  instruction: Instruction;
  offset: number;
  /** The child's register after the step; null after a reset, before any load. */
  register: number | null;
  /** The counter as this process reads it from its own mapping after the step. */
  counter: number;
  /** base + offset in this process. */
  address: HexString;
}

export type RaceVariant = 'plain' | 'semaphore' | 'atomic';

/** A free run: A and B each add 1 to one u32 `times` times, at once, in one variant. */
export interface RaceResult {
  variant: RaceVariant;
  offset: number;
  times: number;
  /** What the counter would hold if no increment were lost (of those done). */
  expected: number;
  /** What process A read from the counter afterwards. */
  final: number;
  lost: number;
  durationMs: number;
  /** Increments each process did, and its time per increment on its own loop (ns). */
  perProcess: Record<ProcessName, { done: number; nsPerIncrement: number }>;
  cancelled: boolean;
  /** The set the semaphore variant used (made for the run and removed after); null otherwise. */
  semid: number | null;
}

export interface RaceProgressEvent {
  variant: RaceVariant;
  times: number;
  done: Record<ProcessName, number>;
}

// ── This machine (issue 10): every IPC object, who maps it, the limits ───────────────────────

/** A process that maps a segment or a /dev/shm file, from its /proc/<pid>/maps. */
export interface Mapper {
  pid: number;
  /** /proc/<pid>/comm. */
  command: string;
  uid: number;
  user: string | null;
  /** Where the mapping starts in that process. */
  address: HexString;
  size: number;
  readOnly: boolean;
  /** 'A' or 'B' when it is one of this Lab's children; 'host' for the Lab itself. */
  labProcess: ProcessName | 'host' | null;
}

/** A System V segment on this machine: /proc/sysvipc/shm, and who maps it now. */
export interface MachineSegment extends SysvSegment {
  /** Owner's user name (uid), or null when unknown. */
  user: string | null;
  /** Created by this Lab. */
  owned: boolean;
  /** SHM_DEST: removed, alive until the last detach. */
  dest: boolean;
  mappers: Mapper[];
}

/** One line of /proc/sysvipc/sem. */
export interface MachineSemaphoreSet {
  key: number;
  semid: number;
  perms: number;
  nsems: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  otime: number;
  ctime: number;
  user: string | null;
  owned: boolean;
}

/** One line of /proc/sysvipc/msg. */
export interface MachineMessageQueue {
  key: number;
  msqid: number;
  perms: number;
  cbytes: number;
  qnum: number;
  lspid: number;
  lrpid: number;
  uid: number;
  gid: number;
  cuid: number;
  cgid: number;
  stime: number;
  rtime: number;
  ctime: number;
  user: string | null;
}

/** A POSIX shared-memory object: a file in /dev/shm, and who maps it now. */
export interface PosixShmObject {
  /** The name shm_open takes ('/name'). */
  name: string;
  size: number;
  uid: number;
  gid: number;
  user: string | null;
  /** Permission bits. */
  mode: number;
  /** Seconds since the epoch. */
  atime: number;
  mtime: number;
  ctime: number;
  mappers: Mapper[];
}

/** The kernel's limits (/proc/sys/kernel) and how much of each is used now. */
export interface MachineLimits {
  pageSize: number;
  /** Bytes; a decimal string, because the default is near 2^64. */
  shmmax: string;
  /** Pages, system-wide; decimal string. */
  shmall: string;
  shmmni: number;
  /** Pages all segments take now (sum of ceil(size / pageSize)). */
  shmPagesUsed: number;
  semmsl: number;
  semmns: number;
  semopm: number;
  semmni: number;
  /** Semaphores in all sets now. */
  semsUsed: number;
  msgmax: number;
  msgmnb: number;
  msgmni: number;
}

/** Everything on this machine at one moment. */
export interface MachineSnapshot {
  /** When it was read, ms since the epoch. */
  takenAt: number;
  segments: MachineSegment[];
  semaphoreSets: MachineSemaphoreSet[];
  messageQueues: MachineMessageQueue[];
  posix: PosixShmObject[];
  limits: MachineLimits;
  /** Processes whose maps were read, and those that could not be (another user, gone). */
  processesRead: number;
  processesUnreadable: number;
  /** CPU time this refresh cost the Lab (user + system), ms. */
  costMs: number;
}

// ── Your own program (issue 11): C typed in the app, compiled with cc, run for real ─────────

/** The machine's C compiler, and whether programs may be compiled and run here. */
export interface CompilerInfo {
  /** Absolute path of the `cc` found on the Lab's PATH; null when there is none. */
  path: string | null;
  /** The first line `cc --version` printed; null without a compiler. */
  version: string | null;
  /** Running programs was turned off when the host started (`npm run web -- --no-run`). */
  runDisabled: boolean;
  /** Why programs cannot be compiled or run now, in words; null when they can. */
  unavailableReason: string | null;
  /** How to get a compiler on this machine (e.g. 'apt-get install gcc'), for the message. */
  installHint: string;
}

/** One message of the compiler, mapped to the learner's source (1-based line and column). */
export interface CompilerDiagnostic {
  line: number;
  /** null when the compiler gave no column. */
  column: number | null;
  severity: 'error' | 'warning' | 'note';
  message: string;
}

export interface CompileResult {
  /** Names the built program for runProgram; null when compilation failed. */
  programId: string | null;
  ok: boolean;
  /** The exact command line the Lab ran (argv[0] is the compiler's path). */
  command: string[];
  exitCode: number | null;
  signal: string | null;
  /** Everything the compiler printed (stdout then stderr), verbatim. */
  output: string;
  /** The messages of `output` that name a line of the learner's file. */
  diagnostics: CompilerDiagnostic[];
  durationMs: number;
  /** What the compiler could read and the limits it ran under, in one line, for the panel. */
  confinement?: string;
}

/** The limits a program runs under (setrlimit before exec; processes see ProcessLimitHold). */
export interface ProgramLimits {
  /** RLIMIT_CPU, seconds: SIGXCPU then SIGKILL past it. */
  cpuSeconds: number;
  /** RLIMIT_DATA, bytes: malloc fails past it (shared memory is not counted). */
  dataBytes: number;
  /** The most processes (and threads) the run may have at once: fork fails with EAGAIN past it. */
  processes: number;
  /** Wall-clock seconds after which the Lab ends the run as Stop would. */
  wallSeconds: number;
}

/**
 * What holds the run's process limit on this machine: a pids cgroup made for the run (pids.max),
 * RLIMIT_NPROC (per real uid: it counts every process and thread of the user, so it is set to
 * what the user had at the start, plus the run's supervisor, plus the limit), or nothing (root
 * ignores RLIMIT_NPROC).
 */
export type ProcessLimitHold =
  | { kind: 'cgroup'; version: 1 | 2; path: string }
  | { kind: 'rlimit-nproc'; value: number; userTasksAtStart: number }
  | { kind: 'none'; reason: string };

/** A run of a compiled program: a real process in its own process group, on a terminal. */
export interface ProgramRun {
  runId: number;
  programId: string;
  pid: number;
  /** Its process group (= pid: the program leads a new session and group). */
  pgid: number;
  /** argv as the program receives it (argv[0] is the program's path). */
  argv: string[];
  /** The variables the Lab added to its environment (SHMLAB_SHMID when a segment was given). */
  env: Record<string, string>;
  limits: ProgramLimits;
  processLimit: ProcessLimitHold;
  /** ms since the epoch. */
  startedAt: number;
}

/** A System V attachment of a program's process, read from its /proc/<pid>/maps. */
export interface ProgramAttachment {
  shmid: number;
  address: HexString;
  size: number;
  readOnly: boolean;
}

/** A process of a run: the program itself or a process it forked (and their descendants). */
export interface ProgramProcess {
  runId: number;
  pid: number;
  ppid: number;
  pgid: number;
  /** 'program': the process the Lab started; 'forked': one it (or its children) forked. */
  role: 'program' | 'forked';
  /** /proc/<pid>/comm. */
  command: string;
  /** The state letter of /proc/<pid>/stat ('R', 'S', 'Z'…). */
  state: string;
  /** Its System V attachments, in address order, from its maps. */
  attachments: ProgramAttachment[];
}

/** What one of the program's processes looks like in the kernel, as ProcessFacts for A and B. */
export interface ProgramProcessFacts {
  process: ProgramProcess;
  maps: MapRegion[];
  /** Its maps line for the asked shmid (inode = shmid), when it has one. */
  shmRegion: MapRegion | null;
  smaps: SmapsFigures | null;
  /** Pages of the attachment (0 when none); `pages` has the first min(pageCount, FACT_PAGES). */
  pageCount: number;
  pages: PageEntry[];
  pfnHiddenReason: string | null;
}

/** Bytes the program's terminal showed (the pty's output, decoded as UTF-8). */
export interface ProgramOutputEvent {
  runId: number;
  data: string;
}

/** The processes of a run now; sent whenever one appears, attaches, detaches or leaves. */
export interface ProgramProcessesEvent {
  runId: number;
  processes: ProgramProcess[];
}

/** A process of a run ended (the run is over when the 'program' one has and none is left). */
export interface ProgramExitedEvent {
  runId: number;
  pid: number;
  role: ProgramProcess['role'];
  /**
   * Its exit status, or the signal that ended it (one of the two is null). The program's comes
   * from the Lab, its parent; a forked process's from its zombie (/proc/<pid>/stat field 52).
   * Both null: not seen (its parent reaped it first).
   */
  exitCode: number | null;
  signal: string | null;
  /** What it had attached when it was last seen: exit detached these implicitly. */
  detached: ProgramAttachment[];
  /**
   * The whole run is over: no process of it is left alive (a zombie, which has ended and waits
   * only for its parent to reap it, does not count).
   */
  runOver: boolean;
  /**
   * When runOver after stopProgram or at quit: the segments and semaphore sets the run made that
   * the Lab removed (attributed to it by their creator pid or while it ran).
   */
  removedSegments: number[];
  removedSemaphoreSets: number[];
  /**
   * The signals the Lab sent when the run reached its wall-clock limit (SIGINT, then SIGKILL
   * after the grace), or null when it did not.
   */
  wallClockSignals: string[] | null;
}

/** ftok(3) made for real, with the file facts the key is built from. */
export interface FtokResult {
  /** The key ftok returned (a signed 32-bit int, as key_t). */
  key: number;
  path: string;
  projectId: number;
  /** stat(2) of path: st_ino and st_dev (major, minor). */
  inode: number;
  device: number;
  deviceMajor: number;
  deviceMinor: number;
}

export interface StopProgramResult {
  runId: number;
  /**
   * The signals sent, in order: SIGINT to the process group (none once no process of the run is
   * in it); SIGCONT when a process of the run was stopped, so that it gets the SIGINT; SIGKILL
   * to the group and to each process of the run when it outlived the grace.
   */
  signals: string[];
  /** The program's own exit status or signal. */
  exitCode: number | null;
  signal: string | null;
  removedSegments: number[];
  removedSemaphoreSets: number[];
}

export interface LabState {
  system: SystemInfo;
  processes: Record<ProcessName, ProcessState>;
  /** Segments this Lab created that still exist (owned: true); never a foreign one. */
  segments: SegmentInfo[];
  /**
   * One line saying crash records are off (the run record cannot be written, so a kill -9 would
   * leave this run's objects behind), or null while they are on. crashRecords events follow it.
   */
  crashRecordsOff: string | null;
}

/** Crash records went off (`off`: the line to show) or came back on (`off`: null). */
export interface CrashRecordsEvent {
  off: string | null;
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
  /** The process touches the page holding `offset` as a C program would (see TouchResult). */
  touch(input: CommandInput<'touch'>): Promise<TouchResult>;
  inspect(input: CommandInput<'inspect'>): Promise<ProcessFacts>;
  respawn(input: CommandInput<'respawn'>): Promise<ProcessState>;
  /**
   * The bytes of `process`'s mapping the UI shows now (at most MAX_VIEW_WINDOW), read without
   * faulting pages in (peek), and the window its watcher reports byte-exact from now on:
   * changes inside it arrive as memoryChanged with the bytes; changes elsewhere in the segment
   * as pagesChanged. A new call replaces the window; length 0 watches no bytes exactly.
   */
  viewMemory(input: CommandInput<'viewMemory'>): Promise<ReadResult>;

  // Synchronisation (issue 9).
  /** Runs `variant` of the free run in A and B at once; progress comes as raceProgress. */
  race(input: CommandInput<'race'>): Promise<RaceResult>;
  /** Stops a free run under way (each loop stops after its current increment). */
  cancelRace(): Promise<void>;
  /** One instruction of `counter = counter + 1` in `process`, on its own mapping. */
  step(input: CommandInput<'step'>): Promise<StepResult>;
  /** Clears the child's register (the next step must be a load). */
  resetSteps(input: CommandInput<'resetSteps'>): Promise<StepResult>;
  /** semget (and SETVAL of every semaphore to `initial` when the Lab created it). */
  createSemaphore(input: CommandInput<'createSemaphore'>): Promise<SemaphoreSetInfo>;
  statSemaphore(input: CommandInput<'statSemaphore'>): Promise<SemaphoreSetStat>;
  /** SETVAL; refused for a set this Lab did not create unless confirmForeign. */
  setSemaphoreValue(input: CommandInput<'setSemaphoreValue'>): Promise<SemaphoreSetStat>;
  /** IPC_RMID; resolves null. Refused for a foreign set unless confirmForeign. */
  removeSemaphore(input: CommandInput<'removeSemaphore'>): Promise<null>;
  /** semop made by `process` itself, on a thread of its own; see SemopResult. */
  semop(input: CommandInput<'semop'>): Promise<SemopResult>;
  /** Interrupts the semop `process` is waiting in (semopFinished 'cancelled' follows). */
  cancelSemop(input: CommandInput<'cancelSemop'>): Promise<void>;
  /** The state of the thread `process` makes (or made) its semop on, read from /proc now. */
  threadState(input: CommandInput<'threadState'>): Promise<ThreadState | null>;
  /**
   * Sends the child a real signal (SIGKILL, SIGTERM, with SIGCONT after SIGTERM when it is
   * stopped); resolves with its state once it exited, and the signals sent.
   */
  killProcess(input: CommandInput<'killProcess'>): Promise<KilledProcess>;

  // This machine (issue 10).
  /** Every IPC object on this machine, who maps each, and the limits, read now. */
  machine(): Promise<MachineSnapshot>;

  // Your own program (issue 11).
  /** Where `cc` is, its version, and whether running is turned off. */
  compilerInfo(): Promise<CompilerInfo>;
  /** Compiles the learner's C source with cc; messages mapped to lines. */
  compileProgram(input: CommandInput<'compileProgram'>): Promise<CompileResult>;
  /** Runs a compiled program on a new pty, in its own process group, under ProgramLimits. */
  runProgram(input: CommandInput<'runProgram'>): Promise<ProgramRun>;
  /** Types into the program's terminal (what the learner typed; ^C is the pty's SIGINT). */
  programInput(input: CommandInput<'programInput'>): Promise<void>;
  /** TIOCSWINSZ on the run's pty. */
  resizeProgram(input: CommandInput<'resizeProgram'>): Promise<void>;
  /** SIGINT to the run's process group, SIGKILL after a grace; resolves when all of it is gone. */
  stopProgram(input: CommandInput<'stopProgram'>): Promise<StopProgramResult>;
  /** Maps, smaps and pagemap of one process of a run, for its column in the diagram. */
  inspectProgramProcess(input: CommandInput<'inspectProgramProcess'>): Promise<ProgramProcessFacts>;
  /** ftok(path, projectId) made by the Lab, with the inode and device it is built from. */
  ftok(input: CommandInput<'ftok'>): Promise<FtokResult>;
}

export type Unsubscribe = () => void;

export interface LabEventMap {
  memoryChanged: MemoryChangedEvent;
  pagesChanged: PagesChangedEvent;
  processStatus: ProcessStatusEvent;
  segmentChanged: SegmentChangedEvent;
  semopFinished: SemopFinishedEvent;
  raceProgress: RaceProgressEvent;
  programOutput: ProgramOutputEvent;
  programProcesses: ProgramProcessesEvent;
  programExited: ProgramExitedEvent;
  factsChanged: FactsChangedEvent;
  crashRecords: CrashRecordsEvent;
}

export interface LabEvents {
  onMemoryChanged(listener: (event: MemoryChangedEvent) => void): Unsubscribe;
  onPagesChanged(listener: (event: PagesChangedEvent) => void): Unsubscribe;
  onProcessStatus(listener: (event: ProcessStatusEvent) => void): Unsubscribe;
  onSegmentChanged(listener: (event: SegmentChangedEvent) => void): Unsubscribe;
  onSemopFinished(listener: (event: SemopFinishedEvent) => void): Unsubscribe;
  onRaceProgress(listener: (event: RaceProgressEvent) => void): Unsubscribe;
  onProgramOutput(listener: (event: ProgramOutputEvent) => void): Unsubscribe;
  onProgramProcesses(listener: (event: ProgramProcessesEvent) => void): Unsubscribe;
  onProgramExited(listener: (event: ProgramExitedEvent) => void): Unsubscribe;
  onFactsChanged(listener: (event: FactsChangedEvent) => void): Unsubscribe;
  onCrashRecords(listener: (event: CrashRecordsEvent) => void): Unsubscribe;
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
