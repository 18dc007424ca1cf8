import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { SegmentStat } from '../../src-main/common/api';
import { formatCtime, formatKey, formatOctal } from '../geometry/ipcs-format';
import { useShallow } from 'zustand/react/shallow';
import { actions, useLabStore } from '../store/lab-store';
import { useProgramStore } from '../store/program-store';
import { segmentOwnership } from '../store/segment-ownership';
import { OutcomeView } from './OutcomeView';
import { ShmctlButton } from './ShmctlButton';
import {
  cpidText,
  exitDetachText,
  lpidText,
  parseModeText,
  usedByText,
} from './segment-panel-model';
import { creatorText } from './segment-owner-text';

export interface SegmentPanelCardProps {
  shmid: number;
  /** Whether the panel's last IPC_RMID / IPC_SET was this card's (its answer shows here). */
  showsAnswer: boolean;
  onAct: () => void;
  /** Who uses the segment, for the foreign confirmations (see ShmctlButton's `users`). */
  users?: string | null;
}

function ipcsFields(stat: SegmentStat): [string, string][] {
  const status = [stat.dest ? 'dest' : null, stat.locked ? 'locked' : null]
    .filter(Boolean)
    .join(' ');
  return [
    ['key', formatKey(stat.key)],
    ['shmid', String(stat.shmid)],
    ['uid', String(stat.uid)],
    ['gid', String(stat.gid)],
    ['cuid', String(stat.cuid)],
    ['cgid', String(stat.cgid)],
    ['mode', formatOctal(stat.mode)],
    ['access_perms', formatOctal(stat.mode & 0o777)],
    ['bytes', String(stat.segsz)],
    ['nattch', String(stat.nattch)],
    ['cpid', String(stat.cpid)],
    ['lpid', String(stat.lpid)],
    ['att_time', formatCtime(stat.atime)],
    ['det_time', formatCtime(stat.dtime)],
    ['change_time', formatCtime(stat.ctime)],
    ['status', status === '' ? '—' : status],
  ];
}

/**
 * What the learner's program did to this segment: who lpid is, when it is a pid of the run, and
 * each exit that detached it implicitly (nattch dropping with no shmdt of the panel's).
 */
function ProgramFacts({
  cpid,
  lpid,
  detaches,
}: {
  cpid: string | null;
  lpid: string | null;
  detaches: readonly string[];
}): ReactNode {
  if (cpid === null && lpid === null && detaches.length === 0) return null;
  return (
    <div className="segment-panel__program" role="note" aria-label="Your program and this segment">
      {cpid === null ? null : <p data-note="cpid">{cpid}</p>}
      {lpid === null ? null : <p data-note="lpid">{lpid}</p>}
      {detaches.map((text, index) => (
        <p key={index} data-note="exit-detach">
          {text}
        </p>
      ))}
    </div>
  );
}

/** One segment of the panel: its IPC_STAT, who created it, and IPC_SET / IPC_RMID. */
export function SegmentPanelCard(props: SegmentPanelCardProps): ReactNode {
  const { shmid, showsAnswer, onAct, users = null } = props;
  const system = useLabStore((s) => s.system);
  const known = useLabStore((s) => s.known);
  const lookup = useLabStore((s) => s.lookups[shmid]);
  const tutorial = useLabStore((s) => s.segment?.shmid === shmid);
  const runProcesses = useProgramStore((s) => s.processes);
  const runExits = useProgramStore((s) => s.exits);
  const detaches = useProgramStore(
    useShallow((s) => s.exitDetaches.filter((note) => note.shmid === shmid)),
  );
  const usedBy = useLabStore((s) => usedByText(shmid, s, ['A', 'B'], { processes: runProcesses }));
  const rmidOutcome = useLabStore((s) => s.outcomes['panel-rmid']);
  const modeOutcome = useLabStore((s) => s.outcomes['panel-mode']);
  const [modeText, setModeText] = useState('');
  const id = useId();
  const ownership = segmentOwnership(shmid, {
    known,
    lookup,
    hostPid: system?.hostPid ?? null,
  });
  const foreign = ownership.kind === 'foreign';
  const headingId = `${id}-heading`;
  const heading = (
    <h2 id={headingId}>
      Segment {shmid}{' '}
      <span className="muted">
        (
        {[tutorial ? 'the tutorial’s' : null, foreign ? 'foreign' : null, usedBy]
          .filter(Boolean)
          .join(', ')}
        )
      </span>
    </h2>
  );

  let body: ReactNode;
  if (lookup === undefined) {
    body = <p className="muted">Reading IPC_STAT of shmid {shmid}…</p>;
  } else if (lookup.kind === 'missing') {
    body = (
      <p>Removed: IPC_STAT on shmid {shmid} fails, and /proc/sysvipc/shm no longer lists it.</p>
    );
  } else if (lookup.kind === 'refused') {
    body = (
      <p>
        IPC_STAT on shmid {shmid} refused: <code>{lookup.error.code}</code> — {lookup.error.message}
      </p>
    );
  } else {
    const { stat } = lookup;
    const mode = parseModeText(modeText);
    body = (
      <>
        <p className="muted segment-panel__live">IPC_STAT, live — as ipcs -m -i {shmid}</p>
        <dl className="segment-panel__fields">
          {ipcsFields(stat).map(([name, value]) => (
            <div key={name} className="segment-panel__field">
              <dt>{name}</dt>
              <dd className="mono" data-field={name}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        <p className="segment-panel__creator" data-foreign={foreign}>
          <strong>Created by</strong> (cpid) {creatorText(stat, system)}
        </p>
        <ProgramFacts
          cpid={cpidText(stat, { processes: runProcesses, exits: runExits })}
          lpid={lpidText(stat, { processes: runProcesses, exits: runExits })}
          detaches={detaches.map((note) =>
            exitDetachText(
              note,
              runExits.find((exit) => exit.pid === note.pid),
            ),
          )}
        />
        <div className="segment-panel__actions">
          <div className="segment-panel__mode">
            <label htmlFor={`${id}-mode`}>New mode (octal)</label>
            <input
              id={`${id}-mode`}
              className="mono"
              size={5}
              placeholder={formatOctal(stat.mode & 0o777)}
              value={modeText}
              aria-invalid={modeText !== '' && mode === null}
              onChange={(event) => setModeText(event.target.value)}
            />
            <ShmctlButton
              shmid={shmid}
              command="IPC_SET"
              users={users}
              className="secondary"
              disabled={mode === null}
              onRun={(confirmForeign) => {
                if (mode === null) return;
                onAct();
                void actions.setSegmentMode('panel-mode', { shmid, mode, confirmForeign });
              }}
            >
              {`Set mode of ${shmid} (IPC_SET)`}
            </ShmctlButton>
          </div>
          <ShmctlButton
            shmid={shmid}
            command="IPC_RMID"
            users={users}
            className="secondary"
            disabled={stat.dest}
            why={stat.dest ? 'Already marked for destruction (dest).' : null}
            onRun={(confirmForeign) => {
              onAct();
              void actions.removeSegment('panel-rmid', { shmid, confirmForeign });
            }}
          >
            {`Remove ${shmid} (IPC_RMID)`}
          </ShmctlButton>
        </div>
      </>
    );
  }
  return (
    <article className="segment-panel__card" aria-labelledby={headingId}>
      {heading}
      {body}
      {showsAnswer ? (
        <>
          <OutcomeView
            outcome={modeOutcome}
            renderValue={(stat) => `IPC_SET done: mode is now ${formatOctal(stat.mode & 0o777)}.`}
          />
          <OutcomeView
            outcome={rmidOutcome}
            renderValue={(stat) =>
              stat === null
                ? 'IPC_RMID done: nobody had it attached, so the kernel freed it at once.'
                : `IPC_RMID done: marked for destruction; it goes with the last of ${stat.nattch} attachments.`
            }
          />
        </>
      ) : null}
    </article>
  );
}
