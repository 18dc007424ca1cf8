import type { ReactNode } from 'react';
import { programActions, useProgramStore } from '../../store/program-store';

/**
 * Which compiler the Lab found, or, when there is none, that nothing can be compiled here and how
 * to install one; and when running was turned off, that and why. The editor stays usable.
 */
export function CompilerStatus(): ReactNode {
  const compiler = useProgramStore((s) => s.compiler);
  if (compiler === null) return <p className="muted program-view__note">Looking for cc…</p>;
  return (
    <>
      {compiler.path === null ? (
        <div className="program-view__alert" role="alert">
          <p>
            <strong>No C compiler here.</strong>{' '}
            {compiler.unavailableReason ?? 'The Lab found no cc on its PATH.'} You can still edit
            the program; to compile and run it, install one:
          </p>
          <pre className="program-view__hint">{compiler.installHint}</pre>
          <p>
            <button
              type="button"
              className="secondary"
              onClick={() => void programActions.loadCompiler()}
            >
              Look for cc again
            </button>
          </p>
        </div>
      ) : (
        <p className="muted program-view__note">
          Compiler: <code>{compiler.path}</code>
          {compiler.version === null ? '' : ` (${compiler.version})`}
        </p>
      )}
      {compiler.runDisabled ? (
        <div className="program-view__alert" role="alert">
          <p>
            <strong>Running programs is turned off.</strong>{' '}
            {compiler.unavailableReason ??
              'This host was started with --no-run, so programs compile but do not run.'}{' '}
            Start the host without <code>--no-run</code> to run them.
          </p>
        </div>
      ) : null}
    </>
  );
}
