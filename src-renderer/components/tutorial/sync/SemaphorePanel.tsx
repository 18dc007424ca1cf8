import type { ReactNode } from 'react';
import { syncActions, useSyncStore } from '../../../store/lab-store';
import { useLiveRefresh } from '../../../hooks/useLiveRefresh';
import { SEMAPHORE_COLUMNS, lockText, semaphoreHeaderFields } from './semaphore-panel-model';

/** At most two IPC_STATs a second while the panel is on screen. */
const REFRESH_MS = 500;

/**
 * The panes' semaphore set, live, field for field as `ipcs -s -i <semid>` prints it: the
 * semid_ds header and one row per semaphore (semval, semncnt, semzcnt, sempid). Re-read after
 * every semop answer and semopFinished event, and every half second while shown.
 */
export function SemaphorePanel(): ReactNode {
  const set = useSyncStore((s) => s.set);
  const stat = useSyncStore((s) => s.stat);
  const statError = useSyncStore((s) => s.statError);
  useLiveRefresh(syncActions.refreshSet, REFRESH_MS);
  if (set === null) return null;
  return (
    <section className="sync-panel" aria-label="Semaphore set">
      <h3>
        Semaphore set {set.semid}{' '}
        <span className="sync-panel__live">IPC_STAT, live, as ipcs -s -i {set.semid}</span>
      </h3>
      {stat === null ? (
        <p role="status">
          {statError === null
            ? 'Reading the set…'
            : `IPC_STAT of semid ${set.semid} failed with ${statError.code}: the set is gone (removed with IPC_RMID), or was never readable.`}
        </p>
      ) : (
        <>
          <dl className="sync-panel__fields">
            {semaphoreHeaderFields(stat).map((field) => (
              <div
                key={field.name}
                className={field.name.endsWith('time') ? 'sync-panel__wide' : ''}
              >
                <dt>{field.name}</dt>
                <dd data-field={field.name}>{field.value}</dd>
              </div>
            ))}
          </dl>
          <table className="sync-table">
            <caption className="visually-hidden">The semaphores of set {stat.semid}</caption>
            <thead>
              <tr>
                {SEMAPHORE_COLUMNS.map((column) => (
                  <th key={column.name} scope="col" title={column.meaning}>
                    {column.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {stat.sems.map((sem) => (
                <tr key={sem.semnum}>
                  {SEMAPHORE_COLUMNS.map((column) => (
                    <td key={column.name} data-field={`${column.name}-${sem.semnum}`}>
                      {sem[column.field]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">{lockText(stat)}</p>
        </>
      )}
    </section>
  );
}
