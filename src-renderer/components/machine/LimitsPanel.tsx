import type { ReactNode } from 'react';
import type { MachineSnapshot } from '../../../src-main/common/api';
import { limitUsages, percentText } from './machine-limits';

/** Every System V limit of /proc/sys/kernel against what the machine uses now, as bars. */
export function LimitsPanel({ snapshot }: { snapshot: MachineSnapshot }): ReactNode {
  return (
    <section className="machine-limits" aria-label="Limits">
      <h3 className="visually-hidden">Limits</h3>
      <ul className="machine-limits__list">
        {limitUsages(snapshot).map((usage) => (
          <li key={usage.name} className="machine-limits__item" data-limit={usage.name}>
            <span className="machine-limits__name mono" title={usage.meaning}>
              {usage.name}
            </span>
            <meter
              className="machine-limits__bar"
              min={0}
              max={1}
              value={Math.min(usage.ratio, 1)}
              high={0.8}
              optimum={0}
              aria-label={`${usage.name}: ${usage.text} (${usage.meaning})`}
            />
            <span className="machine-limits__text">
              {usage.text} <span className="muted">({percentText(usage.ratio)})</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
