// Children as Node processes (child_process.fork): web mode and tests.
import { fork } from 'node:child_process';
import type { ProcessName } from '../common/api';
import type { ChildEntry, ChildHandle, ChildHost } from './child-host';
import { exitReport, resolveChildEntry, undeliveredError } from './child-host';
import { readChildLines } from './child-lines';

export class NodeChildHost implements ChildHost {
  constructor(private readonly entry: ChildEntry = resolveChildEntry()) {}

  /** Forks the child; throws only for what fork() itself throws (the slot turns it into an error). */
  spawn(name: ProcessName): ChildHandle {
    const child = fork(this.entry.modulePath, [], {
      execArgv: this.entry.execArgv,
      env: { ...process.env, SHMLAB_CHILD: name },
      // The child's messages come on its standard output; ours go over the IPC channel.
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      serialization: 'json',
    });
    const onMessage = readChildLines(child.stdout);
    const exit = exitReport();
    child.once('exit', (code, signal) => exit.end(code, signal));
    // For the child's whole life, never `once`: an 'error' without a listener ends the host.
    // A process that could not be started (ENOENT, EMFILE, EAGAIN) emits it and never 'exit'.
    // Sends pass a callback, so their failures come there, never here; what else comes (a
    // kill that failed) is said, and the exit, or its absence, is what the Lab acts on.
    child.on('error', (error) => {
      if (child.pid === undefined) exit.end(null, null, error.message);
      else process.emitWarning(`process ${name}: ${error.message}`);
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message, undelivered) => {
        const fail = (error: unknown): void =>
          undelivered(undeliveredError(name, message.op, error));
        try {
          // Without a callback, Node emits a failed write (EPIPE when the child died with
          // messages on their way) as an 'error' event; with one, it comes here.
          child.send(message, (error) => {
            if (error !== null) fail(error);
          });
        } catch (error) {
          // A message the channel cannot carry throws before it is written.
          queueMicrotask(() => fail(error));
        }
      },
      onMessage,
      onExit: exit.onExit,
      kill: (signal = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      },
    };
  }
}
