import type { ReactNode } from 'react';
import { formatCtime, formatKey, formatOctal } from '../geometry/ipcs-format';
import { useLabStore } from '../store/lab-store';
import './SegmentPanel.css';

/** The live shmid_ds of the tutorial's segment, laid out like `ipcs -m -i <id>`. */
export function SegmentPanel(): ReactNode {
  const segment = useLabStore((s) => s.segment);
  const stat = useLabStore((s) => s.stat);
  if (segment === null) {
    return (
      <section className="segment-panel panel" aria-label="Segment">
        <h2>Segment</h2>
        <p className="muted">No segment yet. Create one with shmget (step 2).</p>
      </section>
    );
  }
  if (stat === null) {
    return (
      <section className="segment-panel panel" aria-label="Segment">
        <h2>Segment {segment.shmid}</h2>
        <p>
          Removed: IPC_STAT on shmid {segment.shmid} fails, and /proc/sysvipc/shm no longer lists
          it.
        </p>
      </section>
    );
  }
  const status = [stat.dest ? 'dest' : null, stat.locked ? 'locked' : null]
    .filter(Boolean)
    .join(' ');
  const fields: [string, string][] = [
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
  return (
    <section className="segment-panel panel" aria-label="Segment">
      <h2>
        Segment {stat.shmid}{' '}
        <span className="muted">(IPC_STAT, live — as ipcs -m -i {stat.shmid})</span>
      </h2>
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
    </section>
  );
}
