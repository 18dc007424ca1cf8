// UtilityChildHost against a fake utilityProcess (the Electron binary is not
// available to tests). Signals other than SIGTERM go to a real process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChildMessage, ChildRequest } from '../lab/child-protocol';
import { UtilityChildHost } from './utility-child-host';

const fakes = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;

  class FakeUtilityProcess {
    pid: number | undefined = undefined;
    /** Made at fork time, when the test's imports exist: a real stream, as Electron gives. */
    stdout: NodeJS.ReadWriteStream | null = null;
    readonly posted: unknown[] = [];
    kills = 0;
    private readonly listeners = new Map<string, { listener: Listener; once: boolean }[]>();
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), { listener, once: false }]);
      return this;
    }
    once(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), { listener, once: true }]);
      return this;
    }
    emit(name: string, ...args: unknown[]): void {
      const registered = this.listeners.get(name) ?? [];
      this.listeners.set(
        name,
        registered.filter((entry) => !entry.once),
      );
      for (const entry of registered) entry.listener(...args);
    }
    postMessage(message: unknown): void {
      this.posted.push(message);
    }
    kill(): boolean {
      this.kills += 1;
      return true;
    }
  }

  const forks: {
    modulePath: string;
    args: unknown;
    options: unknown;
    child: FakeUtilityProcess;
  }[] = [];
  const utilityProcess = {
    fork: (modulePath: string, args: unknown, options: unknown): FakeUtilityProcess => {
      const child = new FakeUtilityProcess();
      child.stdout = new PassThrough();
      forks.push({ modulePath, args, options, child });
      return child;
    },
  };
  return { forks, utilityProcess };
});

vi.mock('electron', () => ({ utilityProcess: fakes.utilityProcess }));

const entry = { modulePath: '/opt/shmlab/out/main/child.js', execArgv: ['--enable-source-maps'] };
const request: ChildRequest = { id: 1, op: 'detach' } as unknown as ChildRequest;

describe('UtilityChildHost', () => {
  beforeEach(() => {
    fakes.forks.length = 0;
  });

  function spawnA() {
    const handle = new UtilityChildHost(entry).spawn('A');
    const forked = fakes.forks[0];
    if (forked === undefined) throw new Error('utilityProcess.fork was not called');
    return { handle, forked, child: forked.child };
  }

  it('forks the entry with its flags, a service name and SHMLAB_CHILD', () => {
    const { forked } = spawnA();
    expect(fakes.forks).toHaveLength(1);
    expect(forked.modulePath).toBe(entry.modulePath);
    expect(forked.args).toEqual([]);
    expect(forked.options).toEqual({
      serviceName: 'ShmLab process A',
      stdio: ['ignore', 'pipe', 'inherit'],
      execArgv: entry.execArgv,
      env: { ...process.env, SHMLAB_CHILD: 'A' },
    });
  });

  it('reports the pid once the process has one', () => {
    const { handle, child } = spawnA();
    expect(handle.pid).toBeUndefined();
    child.pid = 4242;
    expect(handle.pid).toBe(4242);
  });

  it('posts requests while the child lives, and drops them after it exited', () => {
    const { handle, child } = spawnA();
    handle.send(request);
    expect(child.posted).toEqual([request]);
    child.emit('exit', 0);
    handle.send(request);
    expect(child.posted).toEqual([request]);
  });

  it('reads messages from the standard output of the child, line by line, and reports an exit as a code without a signal', async () => {
    const { handle, child } = spawnA();
    const messages: unknown[] = [];
    const unreadable: string[] = [];
    const exits: [number | null, string | null][] = [];
    handle.onMessage(
      (message) => messages.push(message),
      (problem) => unreadable.push(problem),
    );
    handle.onExit((code, signal) => exits.push([code, signal]));
    const ready = { type: 'ready', pid: 99 } as unknown as ChildMessage;
    const looked = { type: 'looked', seq: 7 } as unknown as ChildMessage;
    // One message split across writes, then one whole, then a line that is no JSON.
    const stdout = child.stdout!;
    const text = `${JSON.stringify(ready)}\n${JSON.stringify(looked)}\nnot json\n`;
    stdout.write(text.slice(0, 5));
    stdout.write(text.slice(5));
    await new Promise((resolve) => setImmediate(resolve));
    child.emit('exit', 3);
    expect(messages).toEqual([ready, looked]);
    expect(unreadable).toEqual(['a line of 8 bytes that is not JSON']);
    expect(exits).toEqual([[3, null]]);
  });

  it('kills with utilityProcess.kill for SIGTERM, and not at all after exit', () => {
    const { handle, child } = spawnA();
    handle.kill();
    handle.kill('SIGTERM');
    expect(child.kills).toBe(2);
    child.emit('exit', 0);
    handle.kill();
    handle.kill('SIGKILL');
    expect(child.kills).toBe(2);
  });

  it('sends any other signal to the real process', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const { handle, child } = spawnA();
      child.pid = sleeper.pid;
      const exited = once(sleeper, 'exit');
      handle.kill('SIGKILL');
      expect(await exited).toEqual([null, 'SIGKILL']);
      expect(child.kills).toBe(0);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
