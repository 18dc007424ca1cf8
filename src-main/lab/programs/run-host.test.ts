// No process of a run outlives its host: a real Lab in a child process (fixtures/run-host.ts)
// runs a program whose grandchild double-forked into a session of its own and made a segment.
// The host ends (SIGTERM), is killed (SIGKILL: its supervisor ends the run), or is killed with
// the supervisor (the next start's sweep ends what is left); each time, no process of the run
// remains (found by a marker in their argv) and the segment is removed.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { Lab } from '../lab';
import { NodeChildHost } from '../node-child-host';
import { SegmentRegistry } from '../registry';
import { sweepDeadRuns } from '../sweep';
import { listedShmids, trackLeftovers } from '../test-helpers';
import {
  NO_CC,
  hasCompiler,
  isLiveProcess,
  killMarked,
  newMarker,
  processesMarked,
  waitUntil,
} from './program-harness';

interface HostFacts {
  host: number;
  program: number;
  supervisor: number;
  grandchild: number;
  shmid: number;
}

const leftovers = trackLeftovers();
const markers: string[] = [];
afterEach(() => {
  for (const marker of markers.splice(0)) killMarked(marker);
});

/** Starts the host; resolves once its run's grandchild made its segment and it was recorded. */
async function startHost(): Promise<{
  child: ChildProcess;
  facts: HostFacts;
  marker: string;
  stateDir: string;
  reaped: Promise<unknown>;
}> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-run-host-'));
  leftovers.dirs.push(stateDir);
  const marker = newMarker();
  markers.push(marker);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'run-host.ts')],
    {
      detached: true,
      env: { ...process.env, SHMLAB_STATE_DIR: stateDir, RUN_MARKER: marker },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  leftovers.processes.push(-child.pid!);
  const reaped = new Promise((resolve) => child.once('exit', resolve));
  for await (const line of createInterface({ input: child.stdout! })) {
    const facts = JSON.parse(line) as HostFacts;
    leftovers.segments.push(facts.shmid);
    return { child, facts, marker, stateDir, reaped };
  }
  throw new Error('the host exited before printing its line');
}

describe.skipIf(!hasCompiler)(skippableTitle('a run’s host ends', !hasCompiler, NO_CC), () => {
  it('the host stops on SIGTERM: no process of the run is left, the segment is gone', async () => {
    const { facts, marker, reaped } = await startHost();
    expect(processesMarked(marker).sort()).toEqual([facts.program, facts.grandchild].sort());
    process.kill(facts.host, 'SIGTERM');
    await reaped;
    await waitUntil(() => processesMarked(marker, true).length === 0, 'no process of the run');
    expect((await listedShmids()).has(facts.shmid)).toBe(false);
  });

  it('the host is killed: its supervisor ends the run; the next start removes the segment', async () => {
    const { facts, marker, stateDir, reaped } = await startHost();
    process.kill(facts.host, 'SIGKILL');
    // Until its parent (this test) reaps it, the dead Lab is a zombie with its start time, and
    // the sweep rightly takes its run for a live one.
    await reaped;
    await waitUntil(() => processesMarked(marker, true).length === 0, 'no process of the run');
    const report = sweepDeadRuns(stateDir);
    expect(report.removed).toContain(facts.shmid);
    expect((await listedShmids()).has(facts.shmid)).toBe(false);
  });

  it('the host and its supervisor are killed: the next start ends what is left', async () => {
    const { facts, marker, stateDir, reaped } = await startHost();
    process.kill(facts.supervisor, 'SIGKILL');
    process.kill(facts.host, 'SIGKILL');
    await reaped;
    // Nothing was left to end them: reparented to init, they live on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(isLiveProcess(facts.grandchild)).toBe(true);
    // The next start: a Lab on the same state folder sweeps (records, then run cgroups).
    const lab = await Lab.start({
      host: new NodeChildHost(),
      hostKind: 'web',
      registry: new SegmentRegistry(stateDir),
    });
    try {
      expect(lab.sweptAtStart?.removed).toContain(facts.shmid);
      await waitUntil(() => processesMarked(marker, true).length === 0, 'no process of the run');
      expect((await listedShmids()).has(facts.shmid)).toBe(false);
    } finally {
      await lab.close();
    }
  });
});
