import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { ProcessName } from '../../src-main/common/api';
import { formatBytes } from '../geometry/format';
import { useChangeAnnouncer } from '../hooks/useChangeAnnouncer';
import { useLabStore } from '../store/lab-store';
import { HexGrid } from './HexGrid';
import type { TypedView } from './hex-view-model';
import { TYPED_VIEWS, toTypedView, typedViewLabel } from './hex-view-model';
import { OutcomeView } from './OutcomeView';
import { kernelAddressText } from './pane-text';
import './HexView.css';

/** The hex view scrolls through at most this much of a segment (browsers cap element height). */
const MAX_SCROLL_BYTES = 8 * 1024 * 1024;

export interface HexViewProps {
  name: ProcessName;
}

/**
 * The segment's bytes as this process read them from its own mapping (never what another pane
 * wrote), with recent changes highlighted and those made by others announced.
 */
export function HexView({ name }: HexViewProps): ReactNode {
  const attachment = useLabStore((s) => s.processes[name].state.attachment);
  // Whether the window was read, not its bytes: the bytes, their changes and the live region
  // belong to HexGrid and LiveChanges, so a change re-renders those and nothing around them.
  const read = useLabStore((s) => s.processes[name].memory !== null);
  const pageSize = useLabStore((s) => s.system?.pageSize ?? null);
  const readOutcome = useLabStore((s) => s.outcomes[`memory-${name}`]);
  const [view, setView] = useState<TypedView>('ascii');
  const id = useId();

  let body: ReactNode;
  if (attachment === null) {
    body = <p className="hex-view__empty">No segment attached in process {name}</p>;
  } else if (!read && readOutcome?.ok === false) {
    // The read failed (e.g. E_TIMEOUT): say so rather than wait forever.
    body = <OutcomeView outcome={readOutcome} renderValue={() => null} />;
  } else if (!read || pageSize === null) {
    body = <p className="hex-view__empty">Reading the segment from process {name}’s mapping…</p>;
  } else {
    const scrolled = Math.min(attachment.size, MAX_SCROLL_BYTES);
    body = (
      <>
        <p className="hex-view__caption muted">
          Bytes process {name} read from its own mapping at{' '}
          <code>{kernelAddressText(attachment.address)}</code>
          {attachment.size > scrolled
            ? `; scrolls through the first ${formatBytes(scrolled)} of ${formatBytes(attachment.size)}`
            : null}
          .
        </p>
        <HexGrid name={name} size={scrolled} pageSize={pageSize} view={view} />
        {readOutcome?.ok === false ? (
          // The window scrolled to could not be read: say so; its rows stay unread (··).
          <OutcomeView outcome={readOutcome} renderValue={() => null} />
        ) : null}
        <p className="hex-view__legend muted">
          Highlights:{' '}
          <span className="hex-view__sample" data-changed="other" aria-hidden="true">
            2a
          </span>{' '}
          changed just now by another process;{' '}
          <span className="hex-view__sample" data-changed="self" aria-hidden="true">
            2a
          </span>{' '}
          written just now from this pane.
        </p>
      </>
    );
  }

  return (
    <div className="hex-view">
      <div className="hex-view__toolbar">
        <h3 className="hex-view__title">Memory as {name} reads it</h3>
        <label className="hex-view__typed-select" htmlFor={`${id}-view`}>
          Read rows as{' '}
          <select
            id={`${id}-view`}
            aria-label={`Read rows of ${name} as`}
            value={view}
            onChange={(event) => setView(toTypedView(event.target.value) ?? view)}
          >
            {TYPED_VIEWS.map((option) => (
              <option key={option} value={option}>
                {typedViewLabel(option)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {body}
      <LiveChanges name={name} />
    </div>
  );
}

/** The live region that says which bytes another process changed (see useChangeAnnouncer). */
function LiveChanges({ name }: { name: ProcessName }): ReactNode {
  const announcement = useChangeAnnouncer(name);
  return (
    <div className="visually-hidden" aria-live="polite">
      {announcement === null ? null : <p key={announcement.id}>{announcement.text}</p>}
    </div>
  );
}
