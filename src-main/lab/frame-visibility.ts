// Whether this machine shows the Lab real page frame numbers, found by
// asking the kernel rather than guessing from capabilities: root inside a
// container, for one, still reads frame 0.
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import type { SystemInfo } from '../common/api';
import { readMaps } from '../proc/maps';
import { readPagemap } from '../proc/pagemap';
import { native } from './native';

const HIDDEN =
  'The kernel shows page frame numbers in /proc/<pid>/pagemap only to readers with CAP_SYS_ADMIN ' +
  '(in the initial user namespace). Run ShmLab as root on the host to see them.';

/** Reads the pagemap entry of a page this process surely touched (its stack top). */
export async function probeFrameVisibility(): Promise<{ visible: boolean; reason: string | null }> {
  const pageSize = native.constants.pageSize;
  try {
    const stack = (await readMaps(process.pid)).find((region) => region.path === '[stack]');
    if (stack === undefined) return { visible: false, reason: HIDDEN };
    const [page] = await readPagemap(process.pid, [stack.end - BigInt(pageSize)], pageSize);
    if (page?.pfn !== null && page?.pfn !== undefined) return { visible: true, reason: null };
    return { visible: false, reason: page?.pfnHiddenReason ?? HIDDEN };
  } catch (error) {
    return { visible: false, reason: `${HIDDEN} (${(error as Error).message})` };
  }
}

/** This process's command name (/proc/self/comm, without its newline). */
export function readOwnCommand(): string {
  try {
    return readFileSync('/proc/self/comm', 'utf8').trim();
  } catch {
    return process.title; // /proc not mounted: the name Node itself knows
  }
}

/** The facts about this machine, and the host process, that the UI shows. */
export async function describeSystem(host: SystemInfo['host']): Promise<SystemInfo> {
  const limits = native.limits();
  const frames = await probeFrameVisibility();
  return {
    host,
    platform: process.platform,
    kernelRelease: release(),
    pageSize: native.constants.pageSize,
    shmlba: native.constants.SHMLBA,
    limits: {
      shmmax: limits.SHMMAX.toString(),
      shmmin: limits.SHMMIN,
      shmmni: limits.SHMMNI,
      shmall: limits.SHMALL.toString(),
    },
    uid: process.getuid?.() ?? -1,
    pfnVisible: frames.visible,
    pfnHiddenReason: frames.reason,
    hostPid: process.pid,
    hostCommand: readOwnCommand(),
  };
}
