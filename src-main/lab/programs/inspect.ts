// inspectProgramProcess: the maps of one process of a run, and the smaps figures and pagemap of
// its attachment of a segment, read the way A and B read themselves (child-inspect.ts).
import type { ProgramProcess, ProgramProcessFacts } from '../../common/api';
import { LabError } from '../../common/errors';
import { ProcFileError } from '../../proc/proc-error';
import { findShmRegion, isSysvRegion, readMaps } from '../../proc/maps';
import { inspectProcessMemory } from '../child-inspect';
import { readProcess } from './processes';

function gone(pid: number): LabError {
  return new LabError('E_NO_SUCH_RUN', `pid ${pid} has exited: its memory can no longer be read`);
}

/**
 * Reads process `pid` of run `runId` now, with the figures of one of its attachments: of
 * `shmid` when it maps that segment, else of its first (lowest) attachment, whatever segment
 * that is. A program given one id in SHMLAB_SHMID may attach another; it is drawn with what it
 * maps. Its stat is read again after its maps: a process that ended in between is reported
 * gone, never as alive with nothing attached.
 */
export async function inspectRunProcess(
  runId: number,
  role: ProgramProcess['role'],
  input: { pid: number; shmid: number | null },
  smaps = true,
): Promise<ProgramProcessFacts> {
  const seen = readProcess(input.pid);
  if (seen === null || seen.state === 'Z') throw gone(input.pid);
  try {
    const regions = await readMaps(input.pid);
    const region =
      (input.shmid === null ? undefined : findShmRegion(regions, input.shmid)) ??
      regions.find((candidate) => isSysvRegion(candidate));
    const target =
      region === undefined
        ? null
        : { shmid: region.inode, address: region.start, size: Number(region.end - region.start) };
    const memory = await inspectProcessMemory(input.pid, target, smaps);
    const after = readProcess(input.pid);
    if (after === null || after.state === 'Z' || after.startTime !== seen.startTime)
      throw gone(input.pid);
    return {
      process: {
        runId,
        pid: seen.pid,
        ppid: seen.ppid,
        pgid: seen.pgid,
        role,
        command: seen.command,
        state: seen.state,
        attachments: seen.attachments,
      },
      ...memory,
    };
  } catch (error) {
    if (error instanceof ProcFileError) throw gone(input.pid);
    throw error;
  }
}
