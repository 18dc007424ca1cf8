import type { EditorView } from '@codemirror/view';
import type { ReactNode, RefObject } from 'react';
import { programActions, useProgramStore } from '../../store/program-store';
import { commandLine } from './command-line';
import { compileSummary } from './compile-summary';
import { DiagnosticsList } from './DiagnosticsList';

export interface CompilePanelProps {
  viewRef: RefObject<EditorView | null>;
}

/**
 * Compile: the button, then what the Lab ran and what the compiler said: the exact command line,
 * what the compiler could read and its limits, the duration, the messages that name a line (each
 * one a way to that line) and the compiler's whole output verbatim, folded.
 */
export function CompilePanel({ viewRef }: CompilePanelProps): ReactNode {
  const compiler = useProgramStore((s) => s.compiler);
  const compiled = useProgramStore((s) => s.compiled);
  const source = useProgramStore((s) => s.source);
  const busy = useProgramStore((s) => s.busy);
  const error = useProgramStore((s) =>
    s.error?.command === 'compileProgram' ? s.error.error : null,
  );
  const noCompiler = compiler !== null && compiler.path === null;
  const stale = compiled !== null && compiled.source !== source;
  return (
    <section className="program-compile" aria-label="Compile">
      <div className="program-view__row">
        <button
          type="button"
          disabled={busy !== null || noCompiler || compiler === null}
          onClick={() => void programActions.compile()}
        >
          {busy === 'compile' ? 'Compiling…' : 'Compile'}
        </button>
        {compiled === null ? null : (
          <p className="program-compile__summary" role="status">
            <span className={compiled.result.ok ? 'program-ok' : 'program-error'}>
              {compileSummary(compiled.result)}
            </span>
            {stale ? <span className="muted"> The editor changed since.</span> : null}
          </p>
        )}
      </div>
      {error === null ? null : (
        <p className="program-error" role="alert">
          Not compiled: <code>{error.code}</code> {error.message}
        </p>
      )}
      {compiled === null ? null : (
        <>
          <p className="program-compile__command">
            <span className="muted">Ran: </span>
            <code aria-label="The compiler's command line">
              {commandLine(compiled.result.command)}
            </code>
          </p>
          {compiled.result.confinement === undefined ? null : (
            <p className="program-compile__command">
              <span className="muted">Under: </span>
              <span aria-label="What the compiler could read, and its limits">
                {compiled.result.confinement}
              </span>
            </p>
          )}
          <DiagnosticsList compiled={compiled} viewRef={viewRef} />
          <details className="program-compile__output">
            <summary>
              Compiler output, verbatim (
              {compiled.result.output === ''
                ? 'empty'
                : `${compiled.result.output.split('\n').filter((l) => l !== '').length} lines`}
              )
            </summary>
            <pre tabIndex={0} aria-label="Compiler output">
              {compiled.result.output === ''
                ? '(the compiler printed nothing)'
                : compiled.result.output}
            </pre>
          </details>
        </>
      )}
    </section>
  );
}
