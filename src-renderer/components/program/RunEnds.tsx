import type { ReactNode } from 'react';
import type { ProgramExitedEvent } from '../../../src-main/common/api';
import { useProgramStore } from '../../store/program-store';
import { plural } from '../machine/machine-format';
import { detachText } from './detach-text';
import { endText, stopText, wallClockText } from './exit-text';

function whoEnded(exit: ProgramExitedEvent, programPid: number | null): string {
  if (exit.role === 'program') return `pid ${exit.pid} (your program)`;
  return programPid === null
    ? `pid ${exit.pid} (a process it forked)`
    : `pid ${exit.pid} (forked by your program, pid ${programPid})`;
}

/**
 * The run's processes now, and how each one ended: its exit status or signal in words, what the
 * exit detached (with nattch before and after), what Stop sent, and what the Lab removed.
 */
export function RunEnds(): ReactNode {
  const run = useProgramStore((s) => s.run);
  const running = useProgramStore((s) => s.running);
  const processes = useProgramStore((s) => s.processes);
  const exits = useProgramStore((s) => s.exits);
  const stopped = useProgramStore((s) => s.stopped);
  const detaches = useProgramStore((s) => s.exitDetaches);
  if (run === null) return null;
  const removedSegments = [...new Set(exits.flatMap((e) => e.removedSegments))];
  const removedSets = [...new Set(exits.flatMap((e) => e.removedSemaphoreSets))];
  const wallClock = exits.findLast((e) => e.wallClockSignals !== null)?.wallClockSignals ?? null;
  return (
    <section className="program-ends" aria-label="Processes of the run">
      {processes.length === 0 ? null : (
        <ul className="program-ends__list" aria-label="Running now">
          {processes.map((p) => (
            <li key={p.pid}>
              pid <span className="mono">{p.pid}</span>{' '}
              {p.role === 'program' ? '(your program)' : `(forked by pid ${p.ppid})`}, state{' '}
              <span className="mono">{p.state}</span>,{' '}
              {p.attachments.length === 0
                ? 'no segment attached'
                : p.attachments
                    .map(
                      (a) =>
                        `segment ${a.shmid} at ${a.address}${a.readOnly ? ' (read-only)' : ''}`,
                    )
                    .join(', ')}
            </li>
          ))}
        </ul>
      )}
      {stopped === null ? null : (
        <p role="status" className="program-ends__stop">
          {stopText(stopped)}
        </p>
      )}
      {wallClock === null ? null : (
        <p role="status" className="program-ends__stop">
          {wallClockText(wallClock, run.limits)}
        </p>
      )}
      {exits.length === 0 ? null : (
        <ul className="program-ends__list" aria-label="Ended">
          {exits.map((exit) => (
            <li key={exit.pid}>
              <strong>{whoEnded(exit, run.pid === exit.pid ? null : run.pid)}</strong>{' '}
              {endText({
                exitCode: exit.exitCode,
                signal: exit.signal,
                limits: run.limits,
                stopped,
                wallClockSignals: exit.wallClockSignals,
              })}
              .
              {detaches
                .filter((note) => note.pid === exit.pid)
                .map((note) => (
                  <span key={note.shmid} className="program-ends__detach">
                    {' '}
                    {detachText(note)}.
                  </span>
                ))}
            </li>
          ))}
        </ul>
      )}
      {removedSegments.length + removedSets.length === 0 ? null : (
        <p className="program-view__note">
          The Lab removed what the run made:{' '}
          {[
            removedSegments.length > 0
              ? `${plural(removedSegments.length, 'segment')} (${removedSegments.join(', ')})`
              : null,
            removedSets.length > 0
              ? `${plural(removedSets.length, 'semaphore set')} (${removedSets.join(', ')})`
              : null,
          ]
            .filter((part) => part !== null)
            .join(' and ')}
          .
        </p>
      )}
      {!running && exits.length > 0 ? (
        <p className="muted program-view__note">The run is over: none of its processes is left.</p>
      ) : null}
    </section>
  );
}
