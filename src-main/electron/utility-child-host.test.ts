// UtilityChildHost against a fake utilityProcess (the Electron binary is not
// available to tests). The fake is a real EventEmitter, as Electron's is, so an 'error' without
// a listener throws here as it would end Electron's main. Signals other than SIGTERM go to a
// real process.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabError } from '../common/errors';
import type { ChildMessage, ChildRequest } from '../lab/child-protocol';
import { UtilityChildHost } from './utility-child-host';

const fakes = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');

  class FakeUtilityProcess extends EventEmitter {
    pid: number | undefined = undefined;
    /** Made at fork time, when the test's imports exist: a real stream, as Electron gives. */
    stdout: NodeJS.ReadWriteStream | null = null;
    readonly posted: unknown[] = [];
    /** What postMessage throws, when set (as Electron does for a message it cannot clone). */
    postError: Error | null = null;
    kills = 0;
    postMessage(message: unknown): void {
      if (this.postError !== null) throw this.postError;
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

  it('posts requests while the child lives; after it exited, says each was not sent', async () => {
    const { handle, child } = spawnA();
    const undelivered: LabError[] = [];
    handle.send(request, (error) => undelivered.push(error));
    expect(child.posted).toEqual([request]);
    child.emit('exit', 0);
    handle.send(request, (error) => undelivered.push(error));
    handle.send({ op: 'expect', withinUs: 10 }, (error) => undelivered.push(error));
    expect(child.posted).toEqual([request]);
    await Promise.resolve();
    expect(undelivered.map(({ code, message }) => ({ code, message }))).toEqual([
      { code: 'E_CHILD_EXITED', message: 'process A has exited; detach was not sent' },
      { code: 'E_CHILD_EXITED', message: 'process A has exited; expect was not sent' },
    ]);
  });

  it('turns a postMessage that throws into a coded error, never a throw', async () => {
    const { handle, child } = spawnA();
    const undelivered: LabError[] = [];
    child.postError = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    expect(() => handle.send(request, (error) => undelivered.push(error))).not.toThrow();
    child.postError = new Error('An object could not be cloned.');
    handle.send(request, (error) => undelivered.push(error));
    await Promise.resolve();
    expect(undelivered).toHaveLength(2);
    expect(undelivered[0]).toMatchObject({
      code: 'E_CHILD_EXITED',
      message: expect.stringMatching(/^process A could not be sent detach \(EPIPE\)/),
    });
    expect(undelivered[1]).toMatchObject({
      code: 'E_INTERNAL',
      message: 'process A could not be sent detach: An object could not be cloned.',
    });
  });

  it("keeps an 'error' listener for the child's whole life, and reports the fatal error with its exit", () => {
    const { handle, child } = spawnA();
    const exits: unknown[][] = [];
    handle.onExit((...outcome) => exits.push(outcome));
    // Twice: a listener added with once() would leave the second to end main.
    expect(() => child.emit('error', 'FatalError', 'v8::ToLocalChecked', '{}')).not.toThrow();
    expect(() => child.emit('error', 'FatalError', 'v8::ToLocalChecked', '{}')).not.toThrow();
    child.emit('exit', 133);
    expect(exits).toEqual([[133, null, 'FatalError at v8::ToLocalChecked']]);
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
