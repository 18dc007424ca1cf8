// Item: a segment whose mode refuses IPC_STAT to its own creator must still
// be tracked, recorded and removed. Root has CAP_IPC_OWNER, which bypasses
// the mode bits, so as root the Lab runs with that capability dropped.
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import type { SegmentInfo } from '../common/api';
import { sweepDeadRuns } from './sweep';
import { isAlive, listedShmids, trackLeftovers } from './test-helpers';

const SETPRIV = '/usr/bin/setpriv';
const CAP_IPC_OWNER = 15;

function hasCapIpcOwner(): boolean {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CapEff:'));
  return ((BigInt(`0x${line?.split(/\s+/)[1] ?? '0'}`) >> BigInt(CAP_IPC_OWNER)) & 1n) === 1n;
}

interface Facts {
  outcome: { ok: true; info: SegmentInfo } | { ok: false; error: { code: string } };
  statError: string | null;
  recorded: number[];
  listed: number[];
  pid: number;
}

const leftovers = trackLeftovers();

async function startRun(
  mode: number,
): Promise<{ run: ChildProcessByStdio<Writable, Readable, null>; facts: Facts; stateDir: string }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-unreadable-'));
  leftovers.dirs.push(stateDir);
  const node = [
    process.execPath,
    '--import',
    'tsx',
    join(import.meta.dirname, 'fixtures', 'lab-create.ts'),
    mode.toString(8),
  ];
  const privileged = hasCapIpcOwner();
  if (privileged)
    expect(existsSync(SETPRIV), 'setpriv (util-linux) drops the capability').toBe(true);
  const [file, ...args] = privileged
    ? [SETPRIV, '--inh-caps=-all', '--bounding-set=-ipc_owner', ...node]
    : node;
  const run = spawn(file!, args, {
    detached: true,
    env: { ...process.env, SHMLAB_STATE_DIR: stateDir },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: run.stdout })) {
    const facts = JSON.parse(line) as Facts;
    if (facts.outcome.ok) leftovers.segments.push(facts.outcome.info.shmid);
    return { run, facts, stateDir };
  }
  throw new Error('the Lab run exited before printing its facts');
}

describe('a segment whose mode refuses IPC_STAT (0o000, 0o200, 0o044)', () => {
  it.each(['000', '200', '044'])(
    'mode 0o%s: created, recorded, listed, and removed when the Lab closes',
    async (octal) => {
      const mode = Number.parseInt(octal, 8);
      const { run, facts } = await startRun(mode);
      const exited = new Promise((resolve) => run.once('exit', resolve));
      // The kernel really refuses IPC_STAT to the Lab: the case being tested.
      expect(facts.statError).toBe('EACCES');
      expect(facts.outcome.ok).toBe(true);
      if (!facts.outcome.ok) return;
      const { info } = facts.outcome;
      expect(info.owned).toBe(true);
      expect(info.stat.mode & 0o777).toBe(mode);
      expect(info.stat.cpid).toBe(facts.pid);
      expect(facts.recorded).toEqual([info.shmid]);
      expect(facts.listed).toEqual([info.shmid]);
      expect((await listedShmids()).has(info.shmid)).toBe(true);
      run.stdin.write('close\n');
      await exited;
      expect((await listedShmids()).has(info.shmid)).toBe(false);
    },
  );

  it('left by a run killed with SIGKILL, it is removed by the next sweep', async () => {
    const { run, facts, stateDir } = await startRun(0);
    expect(facts.outcome.ok).toBe(true);
    if (!facts.outcome.ok) return;
    const { shmid } = facts.outcome.info;
    process.kill(-run.pid!, 'SIGKILL');
    while (isAlive(facts.pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await listedShmids()).has(shmid)).toBe(true);
    expect(sweepDeadRuns(stateDir).removed).toEqual([shmid]);
    expect((await listedShmids()).has(shmid)).toBe(false);
  });
});
