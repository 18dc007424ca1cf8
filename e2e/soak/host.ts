// The web host under soak: `node out/main/web.js` as `npm run web` starts
// it (minus the browser), with HOME and XDG_STATE_HOME in a fresh temp
// folder so its crash records and sweep are its own. Its stdout and stderr
// are kept (the last lines), so an exit can say why.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Interface } from 'node:readline';
import { createInterface } from 'node:readline';
import { webMain } from '../web-host';
import { findPageUrl } from './host-token';

/** How the host process ended. */
export interface HostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms since the soak's host started. */
  atMs: number;
}

const TAIL_LINES = 40;

export class SoakHost {
  readonly stderrTail: string[] = [];
  readonly stdoutTail: string[] = [];
  exit: HostExit | null = null;
  readonly exited: Promise<HostExit>;
  readonly pid: number;
  /** The URL it printed, with its token; '' until it did. */
  pageUrl = '';
  private readonly stdoutLines: Interface;

  private constructor(
    readonly child: ChildProcess,
    readonly home: string,
  ) {
    this.pid = child.pid!;
    const startedAt = performance.now();
    this.exited = new Promise<HostExit>((resolve) =>
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, atMs: performance.now() - startedAt };
        resolve(this.exit);
      }),
    );
    const keep = (tail: string[]) => (line: string) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    };
    createInterface({ input: child.stderr! }).on('line', keep(this.stderrTail));
    this.stdoutLines = createInterface({ input: child.stdout! });
    this.stdoutLines.on('line', keep(this.stdoutTail));
  }

  /** Starts the host on a fresh state folder; resolves once it printed its URL. */
  static async start(): Promise<SoakHost> {
    const home = mkdtempSync(join(tmpdir(), 'shmlab-soak-'));
    mkdirSync(join(home, 'state'), { mode: 0o700 });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_STATE_HOME: join(home, 'state'),
    };
    // The soak's own folder, not one a test or an earlier run chose.
    delete env.SHMLAB_STATE_DIR;
    // Its own process group: a Ctrl+C in the soak's terminal ends the soak, which then stops the
    // host with SIGTERM, instead of reaching the host and counting as an exit.
    const child = spawn(process.execPath, [webMain], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    // Should the soak itself die, the host does not outlive it.
    const orphanGuard = () => child.kill('SIGTERM');
    process.once('exit', orphanGuard);
    child.once('exit', () => process.removeListener('exit', orphanGuard));
    const host = new SoakHost(child, home);
    host.pageUrl = await new Promise<string>((resolve, reject) => {
      host.stdoutLines.on('line', (line) => {
        const url = findPageUrl(line);
        if (url !== null) resolve(url);
      });
      void host.exited.then((exit) =>
        reject(
          new Error(
            `the web host exited (code ${exit.code}, signal ${exit.signal}) before printing ` +
              `its URL; its stderr ended:\n${host.stderrTail.join('\n')}`,
          ),
        ),
      );
    });
    return host;
  }
  get alive(): boolean {
    return this.exit === null;
  }

  /**
   * SIGTERM, as a service manager or `kill` stops it; waits `graceMs` for it to clean up and
   * exit, then SIGKILL. Resolves with how it ended and whether SIGKILL was needed.
   */
  async stop(graceMs: number): Promise<{ exit: HostExit; killed: boolean }> {
    if (this.exit !== null) return { exit: this.exit, killed: false };
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), graceMs)));
    const exit = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (exit !== null) return { exit, killed: false };
    this.child.kill('SIGKILL');
    return { exit: await this.exited, killed: true };
  }

  /** Removes the temp HOME (its state folder and crash records with it). */
  removeHome(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}
