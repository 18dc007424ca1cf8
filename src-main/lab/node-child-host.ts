// Children as Node processes (child_process.fork): web mode and tests.
import { fork } from 'node:child_process';
import type { ProcessName } from '../common/api';
import type { ChildEntry, ChildHandle, ChildHost } from './child-host';
import { resolveChildEntry } from './child-host';
import { readChildLines } from './child-lines';

export class NodeChildHost implements ChildHost {
  constructor(private readonly entry: ChildEntry = resolveChildEntry()) {}

  spawn(name: ProcessName): ChildHandle {
    const child = fork(this.entry.modulePath, [], {
      execArgv: this.entry.execArgv,
      env: { ...process.env, SHMLAB_CHILD: name },
      // The child's messages come on its standard output; ours go over the IPC channel.
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      serialization: 'json',
    });
    const onMessage = readChildLines(child.stdout);
    return {
      get pid() {
        return child.pid;
      },
      send: (request) => {
        if (child.connected) child.send(request);
      },
      onMessage,
      onExit: (listener) => {
        let reported = false;
        const report = (code: number | null, signal: string | null): void => {
          if (reported) return;
          reported = true;
          listener(code, signal);
        };
        child.once('exit', report);
        // A process that could not be started emits 'error' and never 'exit'.
        child.once('error', () => {
          if (child.pid === undefined) report(null, null);
        });
      },
      kill: (signal = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
    };
  }
}
