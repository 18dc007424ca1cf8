import type { ReactNode } from 'react';
import type { ProcessName } from '../../../src-main/common/api';
import { formatAddress } from '../../../src-main/common/address';
import { formatBytes } from '../../geometry/format';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { actions, useLabStore } from '../../store/lab-store';
import { CodeBlock } from './CodeBlock';
import { StepFrame } from './StepFrame';
import {
  X86_64_KERNEL_START,
  X86_64_USER_END,
  largestAnonymous,
  upperBand,
} from './address-space-facts';

/** How often the step re-reads both processes' maps while it is shown. */
export const LIVE_MAPS_INTERVAL_MS = 1000;

const CODE = [
  '/* Each process can list its mappings. */',
  'FILE *maps = fopen("/proc/self/maps", "r");',
  'char line[512];',
  'while (fgets(line, sizeof line, maps))',
  '    fputs(line, stdout);',
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

/** The band above the stack, in A's real numbers. */
function UpperBandNote(): ReactNode {
  const maps = useLabStore((s) => s.processes.A.facts?.maps ?? null);
  const band = maps === null ? null : upperBand(maps);
  if (band === null) return null;
  const hex = formatAddress;
  return (
    <li>
      <strong>The {formatBytes(band.bytes)} band above [stack]</strong> (in A, from{' '}
      <code>{hex(band.stackEnd)}</code> to <code>{hex(band.vsyscallStart)}</code>) is not spare
      room.{' '}
      {band.x86_64 ? (
        <>
          On x86-64 with 4-level page tables a user address has 47 bits, so user space ends at{' '}
          <code>{hex(X86_64_USER_END - 1n)}</code> ({formatBytes(X86_64_USER_END)}). The addresses
          after it, up to <code>{hex(X86_64_KERNEL_START - 1n)}</code>, are non-canonical: the CPU
          refuses them outright, and they make up almost all of the band. From{' '}
          <code>{hex(X86_64_KERNEL_START)}</code> up is the kernel’s half: the kernel is mapped
          there in every process, out of reach of user code. <code>[vsyscall]</code> is the one
          kernel page maps lists, a fixed-address entry kept for old programs. (5-level page tables
          move these boundaries to 56 bits.)
        </>
      ) : (
        <>Its top belongs to the kernel, which user code cannot reach.</>
      )}
    </li>
  );
}

/** What the nameless blocks are, with A's largest as the example. */
function AnonymousNote(): ReactNode {
  const maps = useLabStore((s) => s.processes.A.facts?.maps ?? null);
  const largest = maps === null ? null : largestAnonymous(maps);
  return (
    <li>
      <strong>Blocks labelled “anon”</strong> are anonymous memory: mappings with no file behind
      them, which the kernel lists without a name and without saying who asked for them.
      {largest === null ? null : (
        <>
          {' '}
          A’s largest is {formatBytes(largest.bytes)} at <code>{formatAddress(largest.start)}</code>
          , mapped <code>{largest.perms}</code>
          {largest.perms.startsWith('---')
            ? ': no access at all, so it is address space set aside, with no memory behind it yet'
            : ''}
          .
        </>
      )}{' '}
      In a Node process most large ones are address space that the JavaScript engine, V8, reserves
      up front for its heap and its compiled code; others are the C library’s malloc arenas and the
      threads’ stacks. As maps does not say which is which, the diagram calls them all anonymous,
      and never names them after the library next to them.
    </li>
  );
}

/** Pane 1: two processes, two separate virtual address spaces. */
export function StepSpaces(): ReactNode {
  const hostPid = useLabStore((s) => s.system?.hostPid ?? 0);
  useLiveRefresh(actions.inspectBoth, LIVE_MAPS_INTERVAL_MS);
  return (
    <StepFrame number={1} title="Two processes, two address spaces">
      <p>
        Processes A and B are two real processes on this machine: Node.js programs that the ShmLab
        host{hostPid > 0 ? ` (pid ${hostPid})` : ''} started. When you press a button in a step,
        they make the very system calls the step’s C code shows (<code>shmat</code>,{' '}
        <code>shmdt</code>, loads and stores through the mapping) with the same arguments, through
        ShmLab’s native addon; <code>shmget</code> and <code>shmctl</code> run in the host itself.
      </p>
      <p>
        Each process has its own virtual address space: the same address means different things in
        each, and neither can see the other’s memory. The two columns of the diagram are drawn from
        each process’s own <code>/proc/&lt;pid&gt;/maps</code>: program text, heap, shared
        libraries, stack. Almost all of the space is empty, so the long unmapped stretches are
        folded and labelled with their real size.
      </p>
      <CodeBlock lines={CODE} running={2} label="Reading /proc/self/maps in C" />
      <p className="muted">
        Each line reads: start-end, permissions, offset, device, inode, path. Live: A and B re-read
        their maps every second while this step is shown.
      </p>
      <ul className="tutorial-step__facts" aria-label="What A and B map now">
        <MapsSummary name="A" />
        <MapsSummary name="B" />
      </ul>
      <ul className="tutorial-step__facts" aria-label="What the columns show">
        <UpperBandNote />
        <AnonymousNote />
      </ul>
    </StepFrame>
  );
}
