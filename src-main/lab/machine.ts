// The `machine` command: every IPC object of this machine (System V segments, semaphore sets and
// message queues, POSIX objects in /dev/shm), who maps each, and the kernel's limits, read now
// and joined. Nothing is kept between refreshes: each one reads the kernel afresh.
import { readFileSync } from 'node:fs';
import type {
  MachineLimits,
  MachineMessageQueue,
  MachineSegment,
  MachineSemaphoreSet,
  MachineSnapshot,
  Mapper,
  PosixShmObject,
} from '../common/api';
import type { DevShmEntry } from '../proc/dev-shm';
import { readDevShm } from '../proc/dev-shm';
import type { KernelIpcLimits } from '../proc/kernel-limits';
import { readKernelLimits } from '../proc/kernel-limits';
import type { MapperScan, PosixMapping } from '../proc/mappers';
import { scanMappers } from '../proc/mappers';
import type { ShmSegmentRecord } from '../proc/sysvipc-shm';
import { readSysvShm } from '../proc/sysvipc-shm';
import { readSysvMessageQueues } from '../proc/sysvipc-msg';
import { readSysvSemaphores } from '../proc/sysvipc-sem';
import { native } from './native';
import { userNameIn } from './user-names';

/** SHM_DEST in shm_perm.mode (the kernel's value, from the addon): alive until the last detach. */
const SHM_DEST = native.constants.SHM_DEST;

/** What the Lab knows that the kernel does not: which objects it made, which processes are its. */
export interface MachineContext {
  readonly pageSize: number;
  /** Whether this Lab created the segment (its segment book). */
  ownsSegment(shmid: number): boolean;
  /** Whether this Lab created the semaphore set. */
  ownsSemaphoreSet(semid: number): boolean;
  /** The Lab's own processes: pid → 'A', 'B' or 'host'. */
  readonly labProcesses: ReadonlyMap<number, Mapper['labProcess']>;
  /** /etc/passwd by default (tests may point elsewhere). */
  readonly passwdFile?: string;
}

type UserName = (uid: number) => string | null;

/** Looks user names up in one read of the passwd file, each uid once. */
function userNames(passwdFile: string): UserName {
  let text = '';
  try {
    text = readFileSync(passwdFile, 'utf8');
  } catch {
    // Unreadable: every name is unknown, the uids are still shown.
  }
  const known = new Map<number, string | null>();
  return (uid) => {
    let name = known.get(uid);
    if (name === undefined) {
      name = userNameIn(text, uid);
      known.set(uid, name);
    }
    return name;
  };
}

/** Linux's dev_t encoding (glibc's major() and minor()), to compare lstat's st_dev with maps. */
function splitDevice(dev: number): { major: number; minor: number } {
  const value = BigInt(dev);
  return {
    major: Number(((value >> 8n) & 0xfffn) | ((value >> 32n) & ~0xfffn)),
    minor: Number((value & 0xffn) | ((value >> 12n) & ~0xffn)),
  };
}

/** The mappers of a /dev/shm file: mappings of that name whose device and inode are its own. */
function posixMappers(entry: DevShmEntry, found: readonly PosixMapping[] | undefined): Mapper[] {
  if (found === undefined) return [];
  const { major, minor } = splitDevice(entry.dev);
  return found
    .filter((m) => m.inode === entry.ino && m.device.major === major && m.device.minor === minor)
    .map((m) => m.mapper);
}

/** Only the named fields of `row`: a reader may carry more (unknown columns) than is shown. */
function pick<T, K extends keyof T>(row: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = row[key];
  return picked;
}

const SEMAPHORE_SET_FIELDS = [
  ...['key', 'semid', 'perms', 'nsems', 'uid', 'gid', 'cuid', 'cgid', 'otime', 'ctime'],
] as const satisfies readonly (keyof MachineSemaphoreSet)[];

const MESSAGE_QUEUE_FIELDS = [
  ...['key', 'msqid', 'perms', 'cbytes', 'qnum', 'lspid', 'lrpid', 'uid', 'gid', 'cuid', 'cgid'],
  ...['stime', 'rtime', 'ctime'],
] as const satisfies readonly (keyof MachineMessageQueue)[];

const POSIX_FIELDS = [
  ...['name', 'size', 'uid', 'gid', 'mode', 'atime', 'mtime', 'ctime'],
] as const satisfies readonly (keyof PosixShmObject)[];

/**
 * A segment's row. Written out field by field rather than picked and spread like the smaller
 * tables: a machine can hold thousands of segments, and this builds each row in one allocation
 * of one shape, once a second. Only the named fields: a reader may carry more (unknown columns).
 */
function machineSegment(
  record: ShmSegmentRecord,
  scan: MapperScan,
  context: MachineContext,
  user: UserName,
): MachineSegment {
  return {
    key: record.key,
    shmid: record.shmid,
    perms: record.perms,
    size: record.size,
    cpid: record.cpid,
    lpid: record.lpid,
    nattch: record.nattch,
    uid: record.uid,
    gid: record.gid,
    cuid: record.cuid,
    cgid: record.cgid,
    atime: record.atime,
    dtime: record.dtime,
    ctime: record.ctime,
    rss: record.rss,
    swap: record.swap,
    user: user(record.uid),
    owned: context.ownsSegment(record.shmid),
    dest: (record.perms & SHM_DEST) !== 0,
    mappers: scan.segments.get(record.shmid) ?? [],
  };
}

function posixObject(entry: DevShmEntry, scan: MapperScan, user: UserName): PosixShmObject {
  return {
    ...pick(entry, POSIX_FIELDS),
    user: user(entry.uid),
    mappers: posixMappers(entry, scan.posix.get(entry.name)),
  };
}

function machineLimits(
  kernel: KernelIpcLimits,
  pageSize: number,
  segments: readonly ShmSegmentRecord[],
  semsUsed: number,
): MachineLimits {
  const shmPagesUsed = segments.reduce((sum, s) => sum + Math.ceil(s.size / pageSize), 0);
  return { ...kernel, pageSize, shmPagesUsed, semsUsed };
}

/** /dev/shm's objects; none when the folder does not exist (a container without it). */
function readDevShmIfAny(): DevShmEntry[] {
  try {
    return readDevShm();
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
}

/** CPU time this process has spent so far (user + system), ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Reads and joins everything the machine view shows, now. costMs is the CPU this process spent
 * from the first read to the join's end (work the event loop ran in between included: the scan
 * yields to it every hundred processes).
 *
 * @throws ProcFileError / ProcFormatError when a table itself cannot be read or is malformed
 *   (a process that cannot be read is counted instead, never an error).
 */
export async function readMachine(context: MachineContext): Promise<MachineSnapshot> {
  const cpuBefore = cpuMs();
  const takenAt = Date.now();
  const user = userNames(context.passwdFile ?? '/etc/passwd');
  const [shm, sem, msg, kernel] = await Promise.all([
    readSysvShm(),
    readSysvSemaphores(),
    readSysvMessageQueues(),
    readKernelLimits(),
  ]);
  const devShm = readDevShmIfAny();
  const scan = await scanMappers(native.scanProcMaps, {
    labProcesses: context.labProcesses,
    userName: user,
  });

  const snapshot: MachineSnapshot = {
    takenAt,
    segments: shm.map((record) => machineSegment(record, scan, context, user)),
    semaphoreSets: sem.map((set) => ({
      ...pick(set, SEMAPHORE_SET_FIELDS),
      user: user(set.uid),
      owned: context.ownsSemaphoreSet(set.semid),
    })),
    messageQueues: msg.map((queue) => ({
      ...pick(queue, MESSAGE_QUEUE_FIELDS),
      user: user(queue.uid),
    })),
    posix: devShm.map((entry) => posixObject(entry, scan, user)),
    limits: machineLimits(
      kernel,
      context.pageSize,
      shm,
      sem.reduce((sum, set) => sum + set.nsems, 0),
    ),
    processesRead: scan.processesRead,
    processesUnreadable: scan.processesUnreadable,
    costMs: 0,
  };
  snapshot.costMs = Math.round((cpuMs() - cpuBefore) * 1000) / 1000;
  return snapshot;
}
