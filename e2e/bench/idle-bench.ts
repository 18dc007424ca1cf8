// Idle CPU of the Lab as users run it: `node out/main/web.js` (main, the web
// host and both children), driven over its WebSocket, measured from outside
// through /proc/<pid>/stat.
import { execFileSync } from 'node:child_process';
import WebSocket from 'ws';
import { readPidStat } from '../../src-main/proc/pid-stat';
import { startWebHost } from '../web-host';

export interface IdleCpu {
  seconds: number;
  settleSeconds: number;
  percentOfOneCore: number;
  mainPercent: number;
  childrenPercent: number;
}

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** utime + stime of a process, in seconds. */
export function cpuSecondsOf(pid: number): number {
  const fields = readPidStat(pid);
  if (fields === null) throw new Error(`process ${pid} is gone`);
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Reply = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

export async function runIdleBench(options: {
  idleSeconds: number;
  settleSeconds: number;
}): Promise<IdleCpu> {
  const host = await startWebHost();
  try {
    const url = new URL(host.url);
    const token = url.hash.replace('#token=', '');
    const socket = new WebSocket(`ws://${url.host}/api?token=${token}`, { origin: url.origin });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    let nextId = 1;
    const call = (command: string, input?: unknown): Promise<Reply> =>
      new Promise((resolve) => {
        const id = nextId++;
        const onMessage = (data: WebSocket.RawData): void => {
          const message = JSON.parse(data.toString()) as { id?: number; result?: Reply };
          if (message.id !== id) return;
          socket.off('message', onMessage);
          resolve(message.result!);
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, command, input }));
      });

    const segment = await call('createSegment', { key: 0, size: 4096 });
    const { shmid } = segment.value as { shmid: number };
    await call('attach', { process: 'A', shmid });
    await call('attach', { process: 'B', shmid });
    for (let offset = 0; offset < 64; offset += 4) {
      await call('write', { process: 'A', offset, type: 'u32', value: String(offset) });
    }
    const state = (await call('getState')).value as {
      processes: { A: { pid: number }; B: { pid: number } };
    };
    const children = [state.processes.A.pid, state.processes.B.pid];

    await sleep(options.settleSeconds * 1000);
    const mainBefore = cpuSecondsOf(host.child.pid!);
    const childrenBefore = children.map(cpuSecondsOf);
    await sleep(options.idleSeconds * 1000);
    const mainSeconds = cpuSecondsOf(host.child.pid!) - mainBefore;
    const childrenSeconds = children
      .map(cpuSecondsOf)
      .reduce((sum, value, i) => sum + value - childrenBefore[i]!, 0);
    socket.close();
    const toPercent = (seconds: number): number => (seconds / options.idleSeconds) * 100;
    return {
      seconds: options.idleSeconds,
      settleSeconds: options.settleSeconds,
      percentOfOneCore: toPercent(mainSeconds + childrenSeconds),
      mainPercent: toPercent(mainSeconds),
      childrenPercent: toPercent(childrenSeconds),
    };
  } finally {
    await host.stop();
  }
}
