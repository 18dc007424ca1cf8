import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { ProgramProcess } from '../../../src-main/common/api';
import { programActions, useProgramStore } from '../../store/program-store';
import { exitNoteText, programName } from '../diagram-program-text';
import { kernelAddressText } from '../pane-text';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';

function attachmentsText(process: ProgramProcess): string {
  if (process.attachments.length === 0) return 'no segment attached';
  return process.attachments
    .map(
      (attachment) =>
        `shmid ${attachment.shmid} at ${kernelAddressText(attachment.address)}${attachment.readOnly ? ' (read-only)' : ''}`,
    )
    .join(', ');
}

/** Opens the program view with one of its starting programs in the editor. */
function open(starter: string | null): void {
  if (starter !== null) programActions.chooseStarter(starter);
  programActions.setOpen(true);
}

/** The run's processes now, and how those that ended ended: from the program store. */
function RunNow(): ReactNode {
  const run = useProgramStore((s) => s.run);
  const processes = useProgramStore((s) => s.processes);
  const exits = useProgramStore((s) => s.exits);
  if (run === null) {
    return <p className="muted">No run yet: the list of its processes appears here.</p>;
  }
  const parents = new Map(processes.map((process) => [process.pid, process.ppid]));
  return (
    <section aria-label="Your program's run now" className="program-run-now">
      <p>
        Run {run.runId}: pid {run.pid}
        {processes.length === 0 ? ', over: none of its processes is left.' : '.'}
      </p>
      {processes.length === 0 ? null : (
        <ul aria-label="Processes of the run">
          {processes.map((process) => (
            <li key={process.pid} data-pid={process.pid}>
              <strong>{programName(process)}</strong>, state{' '}
              <span className="mono">{process.state}</span>: {attachmentsText(process)}
            </li>
          ))}
        </ul>
      )}
      {exits.length === 0 ? null : (
        <ul aria-label="Ended">
          {exits.map((exit) => (
            <li key={exit.pid} data-pid={exit.pid}>
              {exitNoteText(exit, parents.get(exit.pid) ?? null)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Pane 17: the learner's own C program, as one more process beside A and B. */
export function StepProgram(): ReactNode {
  const compiler = useProgramStore((s) => s.compiler);
  useEffect(() => {
    if (compiler === null) void programActions.loadCompiler();
  }, [compiler]);
  return (
    <StepFrame number={17} title="Your own program">
      <p>
        A and B are Node processes that make the calls for you. In the program view you write the C
        yourself: the Lab compiles it with this machine&apos;s <code>cc</code> (you see the exact
        command line and the compiler&apos;s messages on their lines) and runs it for real, as your
        user, on a terminal of its own, in its own process group, with limits on CPU time, memory,
        the number of processes and the time it may run (the program view says which hold). It gets
        the tutorial&apos;s segment id in the environment variable <code>SHMLAB_SHMID</code>, so it
        can attach the segment A and B use without typing it.
      </p>
      <p>
        Each of its processes is drawn in the diagram, in a row under A and B, from its own{' '}
        <code>/proc/&lt;pid&gt;/maps</code> and <code>pagemap</code>, with arrows to the same page
        frames; the segment panel names it when it is the last to attach or detach (lpid).
      </p>
      <ul className="tutorial-step__facts">
        <li>
          <strong>Writer</strong>: it writes a number; A&apos;s and B&apos;s views show it. It exits
          without <code>shmdt</code>, and nattch still drops: exit detaches.
        </li>
        <li>
          <strong>Forker</strong>: after <code>fork</code> the child has the parent&apos;s
          attachment at the same address (a fourth column); once it writes, its page points at the
          same frame. It leaves when it exits.
        </li>
        <li>
          <strong>Creator</strong>: a segment of its own; its cpid is your program.
        </li>
      </ul>
      {compiler !== null && compiler.unavailableReason !== null ? (
        <p role="note" className="tutorial-step__not-run">
          {compiler.unavailableReason} {compiler.path === null ? compiler.installHint : ''}
        </p>
      ) : null}
      <div className="tutorial-step__buttons">
        <button type="button" onClick={() => open(null)}>
          Open the program view
        </button>
        <button type="button" className="secondary" onClick={() => open('forker')}>
          Open it with the forker
        </button>
        <button type="button" className="secondary" onClick={() => open('writer')}>
          Open it with the writer
        </button>
      </div>
      <FreshSegment needs="attached" />
      <RunNow />
    </StepFrame>
  );
}
