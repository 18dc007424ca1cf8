// Test helper: the web host as users run it (`web-main`, its own process, its own state folder),
// started with tsx, with what it printed and what /proc says about it.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const webMain = join(import.meta.dirname, 'web-main.ts');

export interface HostProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  token: string;
  /** Every line it printed on stdout up to and including the last banner line. */
  banner: string;
  stderr(): string;
  /** Ctrl+C; resolves once it exited and its state folder is gone. */
  stop(): Promise<void>;
}

/** Starts web-main with `args` and `env` added to this process's environment. */
export async function startHostProcess(
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<HostProcess> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-web-'));
  const child = spawn(process.execPath, ['--import', 'tsx', webMain, ...args], {
    env: { ...process.env, SHMLAB_STATE_DIR: stateDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
    rmSync(stateDir, { recursive: true, force: true });
  };
  let banner = '';
  let url: RegExpExecArray | null = null;
  for await (const line of createInterface({ input: child.stdout! })) {
    banner += `${line}\n`;
    url ??= /http:\/\/127\.0\.0\.1:(\d+)\/#token=([0-9a-f]{32})/.exec(line);
    // The banner ends with the line about running programs; --open adds one more after it.
    const last = args.includes('--open')
      ? /^(Asked your default browser|Not opening)/
      : /C programs/;
    if (url !== null && last.test(line)) break;
  }
  if (url === null) {
    await stop();
    throw new Error(`the web host printed no URL:\n${banner}${stderr}`);
  }
  return {
    child,
    pid: child.pid!,
    port: Number(url[1]),
    token: url[2]!,
    banner,
    stderr: () => stderr,
    stop,
  };
}

/** How many file descriptors process `pid` has open now, from /proc/<pid>/fd. */
export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident memory of process `pid` in MiB, from /proc/<pid>/status. */
export function residentMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match === null) throw new Error(`/proc/${pid}/status has no VmRSS line`);
  return Number(match[1]) / 1024;
}
