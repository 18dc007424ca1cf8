import type { ReactNode } from 'react';
import type { ProcessName } from '../../../src-main/common/api';
import { formatBytes } from '../../geometry/format';
import { actions, useLabStore } from '../../store/lab-store';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';

const CODE = [
  '/* Every process can list its own mappings. */',
  'FILE *maps = fopen("/proc/self/maps", "r");',
  'char line[512];',
  'while (fgets(line, sizeof line, maps))',
  '    fputs(line, stdout);   /* start-end perms offset dev inode path */',
  'fclose(maps);',
];

function MapsSummary({ name }: { name: ProcessName }): ReactNode {
  const facts = useLabStore((s) => s.processes[name].facts);
  const state = useLabStore((s) => s.processes[name].state);
  if (facts === null)
    return (
      <li>
        Process {name}: {state.status === 'running' ? 'reading its maps…' : state.status}
      </li>
    );
  const mapped = facts.maps.reduce((sum, r) => sum + (BigInt(r.end) - BigInt(r.start)), 0n);
  return (
    <li>
      Process {name} (pid {facts.state.pid}): {facts.maps.length} mappings, {formatBytes(mapped)}{' '}
      mapped, from <code>{facts.maps[0]?.start}</code> to <code>{facts.maps.at(-1)?.end}</code>
    </li>
  );
}

/** Pane 1: two processes, two separate virtual address spaces. */
export function StepSpaces(): ReactNode {
  return (
    <StepFrame number={1} title="Two processes, two address spaces">
      <p>
        Processes A and B are two real processes on this machine. Each has its own virtual address
        space: the same address means different things in each, and neither can see the other’s
        memory. The two columns of the diagram are drawn from each process’s own{' '}
        <code>/proc/&lt;pid&gt;/maps</code>: program text, heap, shared libraries, stack. Almost all
        of the space is empty, so the long unmapped stretches are folded and labelled with their
        real size.
      </p>
      <CodeBlock lines={CODE} running={2} label="Reading /proc/self/maps in C" />
      <button type="button" onClick={actions.inspectBoth}>
        Read the maps of A and B
      </button>
      <ul className="tutorial-step__facts">
        <MapsSummary name="A" />
        <MapsSummary name="B" />
      </ul>
    </StepFrame>
  );
}
