import type { ReactNode } from 'react';
import type { MachineSemaphoreSet, SemaphoreSetStat } from '../../../src-main/common/api';
import { formatCtime, formatKey, formatOctal } from '../../geometry/ipcs-format';
import { machineActions, useMachineStore } from '../../store/machine-store';
import { OutcomeView } from '../OutcomeView';
import type { TrackedRow } from './machine-tracking';
import { ownerName } from './machine-format';
import { refusalText } from './refusal-text';
import { useLabStore } from '../../store/lab-store';

function Fields({ fields }: { fields: [string, string][] }): ReactNode {
  return (
    <dl className="segment-panel__fields">
      {fields.map(([name, value]) => (
        <div key={name} className="segment-panel__field">
          <dt>{name}</dt>
          <dd className="mono" data-field={name}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The /proc/sysvipc/sem line of a set, field by field. */
function procFields(set: MachineSemaphoreSet): [string, string][] {
  return [
    ['key', formatKey(set.key)],
    ['semid', String(set.semid)],
    ['uid', `${set.uid} (${ownerName(set.user, set.uid)})`],
    ['gid', String(set.gid)],
    ['cuid', String(set.cuid)],
    ['cgid', String(set.cgid)],
    ['mode', formatOctal(set.perms & 0o777)],
    ['nsems', String(set.nsems)],
    ['otime', formatCtime(set.otime)],
    ['ctime', formatCtime(set.ctime)],
  ];
}

function StatView({ stat }: { stat: SemaphoreSetStat }): ReactNode {
  return (
    <>
      <p className="muted segment-panel__live">semctl IPC_STAT — as ipcs -s -i {stat.semid}</p>
      <Fields
        fields={[
          ['uid', String(stat.uid)],
          ['gid', String(stat.gid)],
          ['cuid', String(stat.cuid)],
          ['cgid', String(stat.cgid)],
          ['mode', formatOctal(stat.mode & 0o777)],
          ['access_perms', formatOctal(stat.mode & 0o777)],
          ['nsems', String(stat.nsems)],
          ['otime', formatCtime(stat.otime)],
          ['ctime', formatCtime(stat.ctime)],
        ]}
      />
      <table className="machine-mappers" aria-label={`Semaphores of set ${stat.semid}`}>
        <thead>
          <tr>
            <th scope="col">semnum</th>
            <th scope="col">value</th>
            <th scope="col">ncount</th>
            <th scope="col">zcount</th>
            <th scope="col">pid</th>
          </tr>
        </thead>
        <tbody>
          {stat.sems.map((sem) => (
            <tr key={sem.semnum}>
              <td className="mono machine-table__numeric">{sem.semnum}</td>
              <td className="mono machine-table__numeric">{sem.semval}</td>
              <td className="mono machine-table__numeric">{sem.semncnt}</td>
              <td className="mono machine-table__numeric">{sem.semzcnt}</td>
              <td className="mono machine-table__numeric">{sem.sempid}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * The details of a semaphore set: its /proc line field by field, and on request semctl IPC_STAT
 * with every semaphore's value, waiters and last pid (statSemaphore).
 */
export function SemaphoreDetail({
  tracked,
}: {
  tracked: TrackedRow<MachineSemaphoreSet>;
}): ReactNode {
  const set = tracked.row;
  const answer = useMachineStore((s) => s.semaphoreStats[set.semid]);
  const labUid = useLabStore((s) => s.system?.uid ?? null);
  const refusal =
    answer?.ok === false
      ? refusalText(answer.error, `Semaphore set ${set.semid}`, set, labUid, 'read')
      : null;
  return (
    <div className="machine-detail">
      <h3 className="machine-detail__title">Semaphore set {set.semid}</h3>
      <p className="muted segment-panel__live">/proc/sysvipc/sem</p>
      <Fields fields={procFields(set)} />
      {tracked.gone !== null ? (
        <p className="machine-detail__gone">
          This set is gone: /proc/sysvipc/sem no longer lists it. These are its last values.
        </p>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => void machineActions.statSemaphore(set.semid)}
        >
          {`IPC_STAT of set ${set.semid} (semctl)`}
        </button>
      )}
      {answer?.ok === true ? <StatView stat={answer.stat} /> : null}
      {answer?.ok === false ? (
        <>
          {refusal === null ? null : <p className="machine-refusal">{refusal}</p>}
          <OutcomeView
            outcome={{ ok: false, error: answer.error, at: answer.at, seq: 0, about: null }}
            renderValue={() => null}
          />
        </>
      ) : null}
    </div>
  );
}
