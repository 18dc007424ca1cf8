// `npm start` as a user runs it (tsx on launch.ts), here where Electron cannot
// start: it must say why in one sentence, build, serve web mode, print the URL,
// ask the browser to open it, and on Ctrl+C leave no process and no segment.
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { native } from '../lab/native';
import { isAlive, listedShmids, trackLeftovers } from '../lab/test-helpers';
import { apiClient, openApi } from '../web/test-client';
import { fallbackSentence, planLaunch } from './launch-plan';

const projectRoot = join(import.meta.dirname, '..', '..');
const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
const launcher = join(import.meta.dirname, 'launch.ts');
const leftovers = trackLeftovers();
/** Launchers a test started: one that failed before its Ctrl+C still gets one, so nothing stays. */
const launched: ChildProcess[] = [];
afterEach(async () => {
  for (const child of launched.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  }
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  leftovers.dirs.push(dir);
  return dir;
}

/** Every process whose chain of parents leads to `root`, from /proc. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: read after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // It exited while we looked.
    }
  }
  const found: number[] = [];
  for (const pid of parentOf.keys()) {
    for (let up = parentOf.get(pid); up !== undefined && up > 1; up = parentOf.get(up)) {
      if (up === root) {
        found.push(pid);
        break;
      }
    }
  }
  return found;
}

function fetchPage(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

interface Launched {
  child: ChildProcess;
  url: string;
  printed: string[];
  opened: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `npm start` (tsx launch.ts) with `args` and `env` until it printed the URL and the banner. */
async function launch(args: string[], env: NodeJS.ProcessEnv): Promise<Launched> {
  // A display and a stand-in xdg-open that records the URL it was given.
  const bin = tempDir('shmlab-bin-');
  const opened = join(bin, 'opened');
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const child = spawn(tsx, [launcher, ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      ...env,
      DISPLAY: ':99',
      PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
      SHMLAB_STATE_DIR: tempDir('shmlab-state-'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  launched.push(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const printed: string[] = [];
  let url: string | null = null;
  for await (const line of createInterface({ input: child.stdout! })) {
    printed.push(line);
    url ??= /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{32})/.exec(line)?.[1] ?? null;
    // The banner ends with the line about running programs (after the URL).
    if (url !== null && /^(C programs typed in the app|Running C programs)/.test(line)) {
      child.stdout!.on('data', (chunk: Buffer) => printed.push(...chunk.toString().split('\n')));
      return { child, url, printed, opened, exited };
    }
  }
  throw new Error(`the launcher exited before printing a URL:\n${printed.join('\n')}`);
}

async function waitUntil(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uses the app, presses Ctrl+C, and checks that nothing is left. */
async function useThenInterrupt(run: Launched): Promise<void> {
  const { origin } = new URL(run.url);
  const page = await fetchPage(`${origin}/`);
  expect(page.status).toBe(200);
  expect(page.body).toContain('<title>ShmLab</title>');
  const token = /token=([0-9a-f]+)/.exec(run.url)![1]!;
  // The browser is given a one-time code for the same page, never the token (which `ps` shows).
  let opened = '';
  await waitUntil(() => {
    try {
      opened = readFileSync(run.opened, 'utf8');
      return opened !== '';
    } catch {
      return false;
    }
  }, 'xdg-open was asked to open the page');
  expect(opened).toMatch(new RegExp(`^${origin.replaceAll('.', '\\.')}/#code=[0-9a-f]{32}$`));
  expect(opened).not.toContain(token);

  const socket = await openApi(Number(new URL(run.url).port), token);
  const api = apiClient(socket);
  const created = await api.call('createSegment', { key: 0, size: native.constants.pageSize });
  const shmid = (created.value as { shmid: number }).shmid;
  leftovers.segments.push(shmid);
  expect((await api.call('attach', { process: 'A', shmid })).ok).toBe(true);
  socket.close();

  const tree = descendants(run.child.pid!);
  // tsx, the launcher, the web host and its children A and B.
  expect(tree.length).toBeGreaterThanOrEqual(3);
  run.child.kill('SIGINT');
  const end = await run.exited;
  expect(end.code).toBe(130);
  await waitUntil(() => tree.every((pid) => !isAlive(pid)), 'every process it started is gone');
  await waitUntil(async () => !(await listedShmids()).has(shmid), 'its segment is gone');
}

describe('npm start', () => {
  it('with --web --no-run: builds, serves web mode without running programs, opens the browser, cleans up on Ctrl+C', async () => {
    const run = await launch(['--web', '--no-run'], {});
    expect(run.printed.join('\n')).not.toContain('cannot open its desktop window');
    // --no-run reaches the web host, which says running programs is off.
    expect(run.printed).toContain('Running C programs is turned off (--no-run).');
    await useThenInterrupt(run);
  });

  it('without an Electron binary: says why in one sentence, then runs web mode', async () => {
    const missing = join(tempDir('shmlab-no-electron-'), 'electron');
    const run = await launch([], { ELECTRON_EXEC_PATH: missing });
    await waitUntil(
      () =>
        run.printed.some((line) => line.startsWith('C programs typed in the app run as your user')),
      'the host said programs run as your user',
    );
    expect(run.printed).toContain(
      `ShmLab cannot open its desktop window: ELECTRON_EXEC_PATH points to ${missing}, ` +
        'which is not an existing file; starting web mode instead.',
    );
    await useThenInterrupt(run);
  });
});

describe('planLaunch', () => {
  const display = { DISPLAY: ':0' };

  it('runs Electron when its binary is there and there is a display', () => {
    expect(planLaunch({ found: true, path: '/opt/electron' }, display)).toEqual({
      mode: 'electron',
      binary: '/opt/electron',
    });
    expect(
      planLaunch({ found: true, path: '/opt/electron' }, { WAYLAND_DISPLAY: 'wayland-0' }).mode,
    ).toBe('electron');
  });

  it('falls back to web mode, with the reason, without a binary or a display', () => {
    expect(planLaunch({ found: false, reason: 'no binary' }, display)).toEqual({
      mode: 'web',
      why: 'no binary',
    });
    const headless = planLaunch({ found: true, path: '/opt/electron' }, {});
    expect(headless.mode).toBe('web');
    expect(headless.mode === 'web' && headless.why).toMatch(/DISPLAY/);
  });

  it('says it in one sentence', () => {
    const sentence = fallbackSentence('the binary is missing');
    expect(sentence).toBe(
      'ShmLab cannot open its desktop window: the binary is missing; starting web mode instead.',
    );
    expect(sentence.match(/\./g)).toHaveLength(1);
  });
});
