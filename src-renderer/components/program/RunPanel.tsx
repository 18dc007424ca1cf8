import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useLabStore } from '../../store/lab-store';
import { programActions, useProgramStore } from '../../store/program-store';
import { FreshSegment } from '../tutorial/FreshSegment';
import { parseArgs } from './args-text';
import { commandLine } from './command-line';
import { limitsText, processLimitText } from './exit-text';
import { starterById } from './starters';

/**
 * Run and Stop: the arguments field, the segment the program gets as SHMLAB_SHMID, and, once it
 * runs, what the Lab really started (argv, the variables it added, the limits, pid and group).
 */
export function RunPanel(): ReactNode {
  const id = useId();
  const [argsText, setArgsText] = useState('');
  const compiler = useProgramStore((s) => s.compiler);
  const busy = useProgramStore((s) => s.busy);
  const running = useProgramStore((s) => s.running);
  const run = useProgramStore((s) => s.run);
  const starter = useProgramStore((s) => s.starter);
  const error = useProgramStore((s) =>
    s.error !== null && ['runProgram', 'stopProgram', 'programInput'].includes(s.error.command)
      ? s.error
      : null,
  );
  const segment = useLabStore((s) => s.segment);
  const stat = useLabStore((s) => s.stat);
  const parsed = parseArgs(argsText);
  const shmid = segment !== null && stat !== null ? segment.shmid : null;
  const cannotRun = compiler === null || compiler.path === null || compiler.runDisabled;
  const needsSegment = starterById(starter)?.needsSegment === true;

  return (
    <section className="program-run" aria-label="Run">
      <div className="program-view__row">
        <label htmlFor={`${id}-args`}>Arguments</label>
        <input
          id={`${id}-args`}
          className="program-run__args mono"
          value={argsText}
          onChange={(event) => setArgsText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && parsed.ok && !running && busy === null && !cannotRun)
              void programActions.run(parsed.args);
          }}
          aria-invalid={!parsed.ok}
          aria-describedby={`${id}-args-help`}
          placeholder="none"
          spellCheck={false}
          autoComplete="off"
        />
        <button
          type="button"
          disabled={!parsed.ok || running || busy !== null || cannotRun}
          onClick={() => parsed.ok && void programActions.run(parsed.args)}
        >
          {busy === 'run' ? 'Starting…' : 'Run'}
        </button>
        <button
          type="button"
          className="program-run__stop"
          disabled={!running || busy === 'stop'}
          onClick={() => void programActions.stop()}
        >
          {busy === 'stop' ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      <p
        id={`${id}-args-help`}
        className={parsed.ok ? 'muted program-view__note' : 'program-error'}
      >
        {parsed.ok
          ? 'Split as a shell splits words; quotes keep spaces. Run compiles first when the editor changed.'
          : `Arguments: ${parsed.error}.`}
      </p>
      <p className="program-view__note">
        {shmid !== null ? (
          <>
            The program gets <code>SHMLAB_SHMID={shmid}</code>: the tutorial&apos;s segment, the one
            A and B use.
          </>
        ) : (
          <>
            No segment yet, so <code>SHMLAB_SHMID</code> is not passed
            {needsSegment ? ' and this program will say so.' : ' (this program does not need it).'}
          </>
        )}
      </p>
      {shmid === null && needsSegment ? <FreshSegment needs="attached" /> : null}
      {error === null ? null : (
        <p className="program-error" role="alert">
          <code>{error.error.code}</code> {error.error.message}
        </p>
      )}
      {run === null ? null : (
        <dl className="program-run__facts" aria-label="What the Lab started">
          <dt>Process</dt>
          <dd>
            pid <span className="mono">{run.pid}</span>, its own process group{' '}
            <span className="mono">{run.pgid}</span> and session, on a new terminal (pty)
            {running ? '' : ' (over)'}
          </dd>
          <dt>argv</dt>
          <dd>
            <code>{commandLine(run.argv)}</code>
          </dd>
          <dt>Environment</dt>
          <dd>
            {Object.keys(run.env).length === 0 ? (
              <span className="muted">nothing added</span>
            ) : (
              Object.entries(run.env).map(([name, value]) => (
                <code key={name} className="program-run__env">
                  {name}={value}
                </code>
              ))
            )}
          </dd>
          <dt>Limits</dt>
          <dd>
            {limitsText(run.limits)}
            <span className="program-run__limit-hold muted">
              {' '}
              {processLimitText(run.processLimit, run.limits.processes)}
            </span>
          </dd>
        </dl>
      )}
    </section>
  );
}
