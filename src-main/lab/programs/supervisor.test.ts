// The supervisor and the Lab's side of its protocol: lines written all in one write() (readline
// hands them over in one go, before any run listens: the run exists only once "started" was
// read), and the real supervisor ending a program's whole group on a real pty.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { native } from '../native';
import { NO_CC, hasCompiler, waitUntil } from './program-harness';
import { childrenOf } from './processes';
import type { SupervisorLine } from './supervisor';
import { Supervisor, supervisorPath } from './supervisor';

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

describe.skipIf(!hasCompiler)(skippableTitle('the supervisor', !hasCompiler, NO_CC), () => {
  it('SIGTERM kills the program’s group at once: its child ends by SIGKILL, not by SIGHUP', async () => {
    // stubborn.c: the program and its child (in its group) ignore SIGINT and wait for ever.
    const binary = join(dir, 'stubborn');
    const source = join(import.meta.dirname, 'fixtures', 'stubborn.c');
    expect(spawnSync('cc', ['-o', binary, source]).status).toBe(0);
    const pty = native.openPty();
    try {
      const supervisor = Supervisor.launch(
        supervisorPath(),
        {
          slavePath: pty.slavePath,
          cpuSeconds: 10,
          dataBytes: 64 << 20,
          nproc: null,
          cgroup: null,
          program: binary,
          args: [],
        },
        { cwd: dir, env: { PATH: '/usr/bin:/bin' } },
      );
      const exits = new Map<number, number>();
      supervisor.onLine((line) => {
        if (line.kind === 'exit') exits.set(line.pid, line.waitStatus);
      });
      const { programPid } = await supervisor.started;
      await waitUntil(() => childrenOf(programPid).length === 1, 'the program forked');
      const [child] = childrenOf(programPid);
      supervisor.end();
      expect(await supervisor.gone).toBe(true);
      // One by one, the session leader's death would hang up its terminal and end the child,
      // in its foreground group, with SIGHUP (wait status 1) before the second SIGKILL.
      expect(exits.get(programPid)).toBe(9);
      expect(exits.get(child!)).toBe(9);
    } finally {
      closeSync(pty.masterFd);
    }
  });
});
