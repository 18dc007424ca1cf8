import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { machineActions, useMachineStore } from '../../store/machine-store';
import type { MachineTab } from './machine-columns';
import { formatShortTime, plural } from './machine-format';
import { countsText } from './machine-limits';
import { LimitsPanel } from './LimitsPanel';
import { MachineTabPanel } from './MachineTabPanel';
import { OutcomeView } from '../OutcomeView';
import { useMachinePolling } from './useMachinePolling';
import './MachineView.css';

const TABS: { tab: MachineTab; label: string }[] = [
  { tab: 'shm', label: 'Segments' },
  { tab: 'sem', label: 'Semaphore sets' },
  { tab: 'msg', label: 'Message queues' },
  { tab: 'posix', label: 'POSIX (/dev/shm)' },
];

/** Keys the tutorial uses (←/→, Home/End, PageUp/PageDown): here they belong to the view. */
const VIEW_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * "This machine": every System V segment, semaphore set and message queue, and every /dev/shm
 * object, live (one machine() per second while shown), with who maps each and the limits.
 */
export function MachineView(): ReactNode {
  useMachinePolling();
  const snapshot = useMachineStore((s) => s.snapshot);
  const error = useMachineStore((s) => s.error);
  const tab = useMachineStore((s) => s.tab);
  const filter = useMachineStore((s) => s.filter);
  const tables = useMachineStore((s) => s.tables);
  const tabRefs = useRef<Partial<Record<MachineTab, HTMLButtonElement | null>>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  // Opened from the header (or the address): a keyboard or screen-reader user lands on its heading.
  useEffect(() => headingRef.current?.focus(), []);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.findIndex((t) => t.tab === tab);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % TABS.length
        : event.key === 'ArrowLeft'
          ? (index + TABS.length - 1) % TABS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? TABS.length - 1
              : null;
    if (next === null) return;
    event.preventDefault();
    const target = TABS[next]!.tab;
    machineActions.setTab(target);
    tabRefs.current[target]?.focus();
  };
  const goneCount = tables[tab].filter((row) => row.gone !== null).length;

  return (
    <section
      id="machine-view"
      className="machine-view"
      aria-labelledby={`${id}-title`}
      // The tutorial's keys must not turn its (hidden) panes while the learner works here.
      onKeyDown={(event) => {
        if (VIEW_KEYS.has(event.key)) event.stopPropagation();
      }}
    >
      <header className="machine-view__header">
        <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
          This machine
        </h2>
        <button type="button" className="secondary" onClick={() => machineActions.setOpen(false)}>
          Back to the tutorial
        </button>
      </header>
      <p className="machine-view__live muted">
        {snapshot === null
          ? 'Reading /proc/sysvipc, /dev/shm and every process’s maps…'
          : `${countsText(snapshot)}. Live: read at ${formatShortTime(Math.floor(snapshot.takenAt / 1000))}, once a second while this view is shown; that read cost the Lab ${snapshot.costMs.toFixed(1)} ms of CPU and looked at the maps of ${plural(snapshot.processesRead, 'process', 'processes')}${snapshot.processesUnreadable > 0 ? ` (${snapshot.processesUnreadable} could not be read)` : ''}.`}
      </p>
      {error === null ? null : (
        <OutcomeView
          outcome={{ ok: false, error, at: 0, seq: 0, about: null }}
          renderValue={() => null}
        />
      )}
      {snapshot === null ? null : <LimitsPanel snapshot={snapshot} />}
      <div
        className="machine-view__tabs"
        role="tablist"
        aria-label="Kinds of object"
        onKeyDown={onTabKey}
      >
        {TABS.map(({ tab: t, label }) => {
          const rows = tables[t];
          const present = rows.filter((row) => row.gone === null).length;
          return (
            <button
              key={t}
              ref={(element) => {
                tabRefs.current[t] = element;
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${t}`}
              aria-selected={tab === t}
              aria-controls={`${id}-panel`}
              tabIndex={tab === t ? 0 : -1}
              className="machine-view__tab"
              onClick={() => machineActions.setTab(t)}
            >
              {label} <span className="machine-view__count">{present}</span>
            </button>
          );
        })}
      </div>
      <div className="machine-view__filter">
        <label htmlFor={`${id}-filter`}>Filter</label>
        <input
          id={`${id}-filter`}
          type="search"
          placeholder="key, id, owner, pid, command…"
          value={filter.text}
          onChange={(event) => machineActions.setFilter({ text: event.target.value })}
        />
        <label className="pane-choice">
          <input
            type="checkbox"
            checked={filter.onlyLab}
            onChange={(event) => machineActions.setFilter({ onlyLab: event.target.checked })}
          />
          only this Lab’s
        </label>
        {goneCount > 0 ? (
          <button
            type="button"
            className="secondary"
            onClick={() => machineActions.dismissAllGone(tab)}
          >
            {`Dismiss ${plural(goneCount, 'gone row')}`}
          </button>
        ) : null}
      </div>
      <div
        role="tabpanel"
        id={`${id}-panel`}
        aria-labelledby={`${id}-tab-${tab}`}
        className="machine-view__panel"
      >
        <MachineTabPanel tab={tab} />
      </div>
    </section>
  );
}
