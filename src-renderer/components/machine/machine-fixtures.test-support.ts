// Snapshots for the machine view's model tests, shaped like machine() answers on a real machine
// (the numbers are from /proc/sysvipc and /proc/sys/kernel of a Debian 12 box).
import type {
  Mapper,
  MachineLimits,
  MachineMessageQueue,
  MachineSegment,
  MachineSemaphoreSet,
  MachineSnapshot,
  PosixShmObject,
} from '../../../src-main/common/api';

export function mapper(pid: number, overrides: Partial<Mapper> = {}): Mapper {
  return {
    pid,
    command: 'client',
    uid: 1000,
    user: 'alice',
    address: '0x7f3a1442e000',
    size: 4096,
    readOnly: false,
    labProcess: null,
    ...overrides,
  };
}

export function segment(shmid: number, overrides: Partial<MachineSegment> = {}): MachineSegment {
  return {
    key: 0,
    shmid,
    perms: 0o600,
    size: 4096,
    cpid: 19045,
    lpid: 19057,
    nattch: 0,
    uid: 0,
    gid: 0,
    cuid: 0,
    cgid: 0,
    atime: 1795995601,
    dtime: 0,
    ctime: 1795995601,
    rss: 0,
    swap: 0,
    user: 'root',
    owned: false,
    dest: false,
    mappers: [],
    ...overrides,
  };
}

export function semaphoreSet(
  semid: number,
  overrides: Partial<MachineSemaphoreSet> = {},
): MachineSemaphoreSet {
  return {
    key: 0x51000001,
    semid,
    perms: 0o600,
    nsems: 1,
    uid: 0,
    gid: 0,
    cuid: 0,
    cgid: 0,
    otime: 0,
    ctime: 1795995601,
    user: 'root',
    owned: false,
    ...overrides,
  };
}

export function queue(
  msqid: number,
  overrides: Partial<MachineMessageQueue> = {},
): MachineMessageQueue {
  return {
    key: 0,
    msqid,
    perms: 0o600,
    cbytes: 0,
    qnum: 0,
    lspid: 0,
    lrpid: 0,
    uid: 0,
    gid: 0,
    cuid: 0,
    cgid: 0,
    stime: 0,
    rtime: 0,
    ctime: 1795995601,
    user: 'root',
    ...overrides,
  };
}

export function posixObject(name: string, overrides: Partial<PosixShmObject> = {}): PosixShmObject {
  return {
    name,
    size: 8192,
    uid: 0,
    gid: 0,
    user: 'root',
    mode: 0o600,
    atime: 1795995601,
    mtime: 1795995601,
    ctime: 1795995601,
    mappers: [],
    ...overrides,
  };
}

export const LIMITS: MachineLimits = {
  pageSize: 4096,
  shmmax: '18446744073692774399',
  shmall: '18446744073692774399',
  shmmni: 4096,
  shmPagesUsed: 0,
  semmsl: 32000,
  semmns: 1024000000,
  semopm: 500,
  semmni: 32000,
  semsUsed: 0,
  msgmax: 8192,
  msgmnb: 16384,
  msgmni: 32000,
};

export function snapshot(overrides: Partial<MachineSnapshot> = {}): MachineSnapshot {
  return {
    takenAt: 1_000,
    segments: [],
    semaphoreSets: [],
    messageQueues: [],
    posix: [],
    limits: LIMITS,
    processesRead: 120,
    processesUnreadable: 0,
    costMs: 3.5,
    ...overrides,
  };
}
