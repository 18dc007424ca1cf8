// The Lab's side of the supervisor's protocol, against a real process that writes the lines the
// supervisor writes, all in one write(): readline hands them over in one go, before any run
// listens (the run exists only once "started" was read).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SupervisorLine } from './supervisor';
import { Supervisor } from './supervisor';

const dir = mkdtempSync(join(tmpdir(), 'shmlab-supervisor-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('supervisor lines', () => {
  it('lines that came with "started" reach the listener that comes after it', async () => {
    const script = join(dir, 'one-write.sh');
    // One printf, one write(2): started, a segment, the program's exit, over.
    writeFileSync(
      script,
      '#!/bin/sh\nprintf "started $$ seccomp=on\\nsegment 7 -1 $$\\nexit $$ 0\\nover\\n"\n',
    );
    chmodSync(script, 0o755);
    const supervisor = Supervisor.launch(
      script,
      {
        slavePath: '/dev/null',
        cpuSeconds: 1,
        dataBytes: 1 << 20,
        nproc: null,
        cgroup: null,
        program: '/bin/true',
        args: [],
      },
      { cwd: dir, env: { PATH: '/usr/bin:/bin' } },
    );
    const started = await supervisor.started;
    expect(started).toEqual({ programPid: supervisor.pid, seccomp: 'on' });
    // Whatever else was read meanwhile, the listener hears all of it, in order.
    await supervisor.gone;
    const heard: SupervisorLine[] = [];
    supervisor.onLine((line) => heard.push(line));
    expect(heard).toEqual([
      { kind: 'started', pid: supervisor.pid, seccomp: 'on' },
      { kind: 'segment', shmid: 7, key: -1, cpid: supervisor.pid },
      { kind: 'exit', pid: supervisor.pid, waitStatus: 0 },
      { kind: 'over' },
    ]);
    expect(await supervisor.gone).toBe(true);
  });
});
