// inspectProgramProcess: the maps of one process of a run, and the smaps figures and pagemap of
// its attachment of a segment, read the way A and B read themselves (child-inspect.ts).
import type { ProgramProcess, ProgramProcessFacts } from '../../common/api';
import { LabError } from '../../common/errors';
import { ProcFileError } from '../../proc/proc-error';
import { findShmRegion, readMaps } from '../../proc/maps';
import { inspectProcessMemory } from '../child-inspect';
import { readProcess } from './processes';

function gone(pid: number): LabError {
  return new LabError('E_NO_SUCH_RUN', `pid ${pid} has exited: its memory can no longer be read`);
}

/** Reads process `pid` of run `runId` now; `shmid` picks the attachment (its lowest one). */
export async function inspectRunProcess(
  runId: number,
  role: ProgramProcess['role'],
  input: { pid: number; shmid: number | null },
): Promise<ProgramProcessFacts> {
  const seen = readProcess(input.pid);
  if (seen === null || seen.state === 'Z') throw gone(input.pid);
  try {
    let target = null;
    if (input.shmid !== null) {
      const region = findShmRegion(await readMaps(input.pid), input.shmid);
      if (region !== undefined) {
        target = {
          shmid: input.shmid,
          address: region.start,
          size: Number(region.end - region.start),
        };
      }
    }
    const memory = await inspectProcessMemory(input.pid, target);
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
