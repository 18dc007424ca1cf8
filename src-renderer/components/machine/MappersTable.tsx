import type { ReactNode } from 'react';
import type { Mapper } from '../../../src-main/common/api';
import { mapperRole, sortMappers } from './machine-mappers';

export interface MappersTableProps {
  /** The table's accessible name ('Processes that map segment 5'). */
  label: string;
  mappers: readonly Mapper[];
}

/** Who maps an object now, from each process's /proc/<pid>/maps. */
export function MappersTable({ label, mappers }: MappersTableProps): ReactNode {
  if (mappers.length === 0) return null;
  return (
    <table className="machine-mappers" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">pid</th>
          <th scope="col">command</th>
          <th scope="col">user</th>
          <th scope="col">address</th>
          <th scope="col">bytes</th>
          <th scope="col">access</th>
          <th scope="col">in the Lab</th>
        </tr>
      </thead>
      <tbody>
        {sortMappers(mappers).map((mapper) => {
          const role = mapperRole(mapper);
          return (
            <tr key={`${mapper.pid}@${mapper.address}`} data-pid={mapper.pid}>
              <td className="mono machine-table__numeric">{mapper.pid}</td>
              <td className="mono">{mapper.command}</td>
              <td className="mono">{mapper.user ?? mapper.uid}</td>
              <td className="mono">{mapper.address}</td>
              <td className="mono machine-table__numeric">{mapper.size}</td>
              <td>{mapper.readOnly ? 'read-only' : 'read-write'}</td>
              <td>
                {role === null ? (
                  <span className="muted">—</span>
                ) : (
                  <strong
                    className={`machine-role machine-role--${role === 'ShmLab host' ? 'host' : role}`}
                  >
                    {role}
                  </strong>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
