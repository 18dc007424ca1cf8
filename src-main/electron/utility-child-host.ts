// Children as Electron utility processes (utilityProcess.fork).
import { utilityProcess } from 'electron';
import type { ProcessName } from '../common/api';
import type { ChildEntry, ChildHandle, ChildHost } from '../lab/child-host';
import { readChildLines } from '../lab/child-lines';

export class UtilityChildHost implements ChildHost {
  constructor(private readonly entry: ChildEntry) {}

  spawn(name: ProcessName): ChildHandle {
    const child = utilityProcess.fork(this.entry.modulePath, [], {
      serviceName: `ShmLab process ${name}`,
      // The child's messages come on its standard output (child-lines.ts); ours go by
      // postMessage. utilityProcess has no stdin: it must be 'ignore'.
      stdio: ['ignore', 'pipe', 'inherit'],
      // Empty for the built child; `--import tsx` when the entry is the TypeScript source.
      execArgv: this.entry.execArgv,
      env: { ...process.env, SHMLAB_CHILD: name },
    });
    const onMessage = readChildLines(child.stdout);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (request) => {
        if (!exited) child.postMessage(request);
      },
      onMessage,
      // utilityProcess reports an exit code only, never a signal name.
      onExit: (listener) => child.once('exit', (code) => listener(code, null)),
      kill: (signal) => {
        if (exited) return;
        if (signal === undefined || signal === 'SIGTERM' || child.pid === undefined) child.kill();
        else process.kill(child.pid, signal);
      },
    };
  }
}
