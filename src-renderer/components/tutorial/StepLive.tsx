import type { ReactNode } from 'react';
import { formatHex } from '../../../src-main/common/hex';
import { useLabStore } from '../../store/lab-store';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';

/** Pane 6: both panes write and read; what each process saw, as it reported it. */
export function StepLive(): ReactNode {
  const log = useLabStore((s) => s.changeLog);
  return (
    <StepFrame number={6} title="Live: both ways">
      <p>
        Now use the writers in the two process panes below. Each process watches its own mapping and
        reports every byte that changed, with the bytes it read itself. A change made through one
        process flashes in the other’s memory view, at the other’s own address. Write in B and A
        sees it just the same: the segment has no owner side.
      </p>
      <p>
        Nothing tells a process that memory changed: the kernel sends no signal. To show it to you,
        ShmLab’s processes compare their mapping with a copy: thousands of times a second while it
        changes, ten times a second once it has been still for a while. Real programs agree on a
        protocol instead (next steps).
      </p>
      <FreshSegment needs="attached" />
      <table className="change-log" aria-label="Changes the processes reported">
        <thead>
          <tr>
            <th scope="col">seen by</th>
            <th scope="col">offset</th>
            <th scope="col">address in that process</th>
            <th scope="col">bytes read</th>
          </tr>
        </thead>
        <tbody>
          {log.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                No change reported yet.
              </td>
            </tr>
          ) : (
            [...log].reverse().map((event, index) => (
              <tr key={`${log.length - index}`}>
                <td>{event.process}</td>
                <td className="mono">{event.offset}</td>
                <td className="mono">{event.address}</td>
                <td className="mono">
                  {formatHex(Uint8Array.from(event.bytes.slice(0, 16)))}
                  {event.bytes.length > 16 ? ' …' : ''}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </StepFrame>
  );
}
