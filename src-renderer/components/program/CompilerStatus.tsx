import type { ReactNode } from 'react';
import { programActions, useProgramStore } from '../../store/program-store';

/**
 * Which compiler the Lab found, or, when there is none, that nothing can be compiled here and how
 * to install one; and when running was turned off, that and why. The editor stays usable. The
 * reasons are the Lab's own words (compilerInfo); the view adds what still works.
 */
export function CompilerStatus(): ReactNode {
  const compiler = useProgramStore((s) => s.compiler);
  if (compiler === null) return <p className="muted program-view__note">Looking for cc…</p>;
  if (compiler.path === null) {
    return (
      <div className="program-view__alert" role="alert">
        <p>
          <strong>No C compiler here.</strong>{' '}
          {compiler.unavailableReason ?? 'The Lab found no cc on its PATH.'}
        </p>
        <p>You can still edit the program. To compile and run it, install a compiler:</p>
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
    );
  }
  return (
    <>
      <p className="muted program-view__note">
        Compiler: <code>{compiler.path}</code>
        {compiler.version === null ? '' : ` (${compiler.version})`}
      </p>
      {compiler.runDisabled ? (
        <div className="program-view__alert" role="alert">
          <p>
            <strong>Running programs is turned off.</strong>{' '}
            {compiler.unavailableReason ??
              'This host was started with --no-run: programs compile but do not run.'}
          </p>
        </div>
      ) : null}
    </>
  );
}
