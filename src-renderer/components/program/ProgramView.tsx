import type { EditorView } from '@codemirror/view';
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { programActions } from '../../store/program-store';
import { CompilePanel } from './CompilePanel';
import { CompilerStatus } from './CompilerStatus';
import { ProgramEditor } from './ProgramEditor';
import { ProgramTerminal } from './ProgramTerminal';
import { RunEnds } from './RunEnds';
import { RunPanel } from './RunPanel';
import { StarterChooser } from './StarterChooser';
import './ProgramView.css';

/** Keys the tutorial uses (←/→, Home/End, PageUp/PageDown): here they belong to the view. */
const VIEW_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * "Your program": a C program the learner edits, compiles with the machine's cc and runs for
 * real, as one more process beside A and B, on a terminal of its own.
 */
export function ProgramView(): ReactNode {
  const id = useId();
  const viewRef = useRef<EditorView | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
    // Asked every time the view opens: a compiler installed meanwhile is found.
    void programActions.loadCompiler();
  }, []);
  return (
    <section
      id="program-view"
      className="program-view"
      aria-labelledby={`${id}-title`}
      onKeyDown={(event) => {
        if (VIEW_KEYS.has(event.key)) event.stopPropagation();
      }}
    >
      <header className="program-view__header">
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          Your program
        </h2>
        <button type="button" className="secondary" onClick={() => programActions.setOpen(false)}>
          Back to the tutorial
        </button>
      </header>
      <p className="program-view__intro">
        A C program of your own, compiled with this machine&apos;s <code>cc</code> and run for real
        as your user, in its own process group, with the tutorial&apos;s segment id in{' '}
        <code>SHMLAB_SHMID</code>. Its processes appear in the diagram beside A and B.
      </p>
      <CompilerStatus />
      <StarterChooser />
      <h3 id={`${id}-editor`} className="program-view__label">
        Source (C)
      </h3>
      <ProgramEditor viewRef={viewRef} labelId={`${id}-editor`} />
      <CompilePanel viewRef={viewRef} />
      <RunPanel />
      <h3 id={`${id}-terminal`} className="program-view__label">
        Terminal
      </h3>
      <p className="muted program-view__note">
        What the program prints appears here; what you type goes to it (Enter sends the line, ^C is
        SIGINT). Tab leaves the terminal.
      </p>
      <ProgramTerminal labelId={`${id}-terminal`} />
      <RunEnds />
    </section>
  );
}
