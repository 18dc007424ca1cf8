import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { native } from './native';
import { bundleForOtherUser } from './other-user-bundle';
import { SegmentRegistry } from './registry';
import { openStateDir } from './state-dir';
import { sweepDeadRuns } from './sweep';
import { listedShmids, makeForeignSegment, trackLeftovers } from './test-helpers';

const uid = process.getuid!();
const isRoot = uid === 0;
/** A place no one can create, not even root: /proc takes no new folders. */
const UNWRITABLE = '/proc/shmlab-no-such-home/.local/state/shmlab';
const NOBODY = 65534;

const leftovers = trackLeftovers();

function freshDir(prefix: string, mode = 0o700): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, mode);
  leftovers.dirs.push(dir);
  return dir;
}

function expectPrivate(dir: string, owner = uid): void {
  const stat = statSync(dir);
  expect(stat.isDirectory()).toBe(true);
  expect(stat.uid).toBe(owner);
  expect(stat.mode & 0o777).toBe(0o700);
}

describe('the state folder', () => {
  it('is created 0700 where it was asked for, without a notice', () => {
    const parent = freshDir('shmlab-parent-');
    const wanted = join(parent, 'state', 'shmlab');
    expect(openStateDir({}, wanted)).toEqual({ dir: wanted, notice: null });
    expectPrivate(wanted);
  });

  it('falls back to $XDG_RUNTIME_DIR/shmlab when the usual place cannot be made, and says so in one line', () => {
    const runtime = freshDir('shmlab-runtime-');
    const opened = openStateDir({ XDG_RUNTIME_DIR: runtime }, UNWRITABLE);
    expect(opened.dir).toBe(join(runtime, 'shmlab'));
    expect(opened.notice).toContain(UNWRITABLE);
    expect(opened.notice).toContain(opened.dir);
    expect(opened.notice).not.toContain('\n');
    expectPrivate(opened.dir);
  });

  it('else falls back to a private folder in the temp dir', () => {
    const temp = freshDir('shmlab-tmp-', 0o777);
    const opened = openStateDir({ TMPDIR: temp }, UNWRITABLE);
    expect(opened.dir).toBe(join(temp, `shmlab-${uid}`));
    expectPrivate(opened.dir);
  });

  it('never uses a fallback folder that is writable by others; makes a fresh one instead', () => {
    const temp = freshDir('shmlab-tmp-', 0o777);
    const planted = join(temp, `shmlab-${uid}`);
    mkdirSync(planted, { mode: 0o777 });
    chmodSync(planted, 0o777);
    const opened = openStateDir({ TMPDIR: temp }, UNWRITABLE);
    expect(opened.dir).not.toBe(planted);
    expect(opened.dir.startsWith(join(temp, 'shmlab-'))).toBe(true);
    expectPrivate(opened.dir);
  });

  it('never makes a home folder that does not exist: a private per-user folder instead, named in one line', () => {
    const temp = freshDir('shmlab-tmp-', 0o777);
    const home = join(temp, 'no-such-home');
    // No runtime folder either (a missing one is not made): the temp dir's.
    const env = { HOME: home, TMPDIR: temp, XDG_RUNTIME_DIR: join(temp, 'no-such-runtime') };
    const opened = openStateDir(env);
    expect(existsSync(home)).toBe(false);
    expect(existsSync(env.XDG_RUNTIME_DIR)).toBe(false);
    expect(opened.dir).toBe(join(temp, `shmlab-${uid}`));
    expectPrivate(opened.dir);
    expect(opened.notice).toBe(
      `ShmLab: cannot use ${join(home, '.local', 'state', 'shmlab')} for its crash records ` +
        `(the home folder ${home} does not exist); using ${opened.dir} instead.`,
    );
  });

  it('with no home but $XDG_STATE_HOME set, uses $XDG_STATE_HOME/shmlab', () => {
    const temp = freshDir('shmlab-tmp-', 0o777);
    const home = join(temp, 'no-such-home');
    const state = join(freshDir('shmlab-xdg-'), 'state');
    const opened = openStateDir({ HOME: home, TMPDIR: temp, XDG_STATE_HOME: state });
    expect(opened).toEqual({ dir: join(state, 'shmlab'), notice: null });
    expectPrivate(opened.dir);
    expect(existsSync(home)).toBe(false);
  });

  it('a registry that cannot use its folder still writes its record in the fallback', () => {
    const runtime = freshDir('shmlab-runtime-');
    const notices: string[] = [];
    const registry = new SegmentRegistry(UNWRITABLE, {
      env: { XDG_RUNTIME_DIR: runtime },
      warn: (line) => notices.push(line),
    });
    expect(registry.stateDir).toBe(join(runtime, 'shmlab'));
    expect(notices).toHaveLength(1);
    expect(readdirSync(registry.stateDir!)).toEqual([`run-${process.pid}.json`]);
    expect(statSync(join(registry.stateDir!, `run-${process.pid}.json`)).mode & 0o777).toBe(0o600);
    registry.close();
  });
});

describe('the sweep trusts only private records', () => {
  /** A dead run's record claiming a real segment made by a process that has exited. */
  async function plantRecord(dir: string): Promise<{ shmid: number; file: string }> {
    const foreign = await makeForeignSegment();
    leftovers.segments.push(foreign.shmid);
    const file = join(dir, `run-${foreign.pid}.json`);
    const record = {
      pid: foreign.pid,
      startTime: '1',
      bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(),
      segments: [
        { shmid: foreign.shmid, key: 0, ctime: native.shmctl(foreign.shmid, 'IPC_STAT').ctime },
      ],
    };
    writeFileSync(file, JSON.stringify(record), { mode: 0o600 });
    return { shmid: foreign.shmid, file };
  }

  it('removes a dead run’s segment when folder and record are ours and private', async () => {
    const dir = freshDir('shmlab-sweep-');
    const { shmid } = await plantRecord(dir);
    expect(sweepDeadRuns(dir).removed).toEqual([shmid]);
  });

  it('refuses a record writable by others, and leaves its segment and file', async () => {
    const dir = freshDir('shmlab-sweep-');
    const { shmid, file } = await plantRecord(dir);
    chmodSync(file, 0o666);
    const report = sweepDeadRuns(dir);
    expect(report.removed).toEqual([]);
    expect(report.refused).toEqual([expect.stringContaining('writable by others')]);
    expect((await listedShmids()).has(shmid)).toBe(true);
    expect(existsSync(file)).toBe(true);
  });

  it('refuses a whole folder that is writable by others', async () => {
    const dir = freshDir('shmlab-sweep-');
    const { shmid } = await plantRecord(dir);
    chmodSync(dir, 0o777);
    const report = sweepDeadRuns(dir);
    expect(report.removed).toEqual([]);
    expect(report.refused).toEqual([expect.stringContaining('writable by others')]);
    expect((await listedShmids()).has(shmid)).toBe(true);
  });

  it.runIf(isRoot)('refuses a record owned by another user (root only: chown)', async () => {
    const dir = freshDir('shmlab-sweep-');
    const { shmid, file } = await plantRecord(dir);
    chownSync(file, NOBODY, NOBODY);
    const report = sweepDeadRuns(dir);
    expect(report.removed).toEqual([]);
    expect(report.refused).toEqual([expect.stringContaining(`uid ${NOBODY}`)]);
    expect((await listedShmids()).has(shmid)).toBe(true);
  });

  it.runIf(isRoot)('refuses a folder owned by another user (root only: chown)', async () => {
    const dir = freshDir('shmlab-sweep-');
    const { shmid } = await plantRecord(dir);
    chownSync(dir, NOBODY, NOBODY);
    expect(sweepDeadRuns(dir).refused).toEqual([expect.stringContaining(`uid ${NOBODY}`)]);
    expect((await listedShmids()).has(shmid)).toBe(true);
  });
});

/** Where a host without $XDG_RUNTIME_DIR falls back: /run/user/<uid>/shmlab if that exists. */
function fallbackIn(temp: string, owner: number): string {
  const runtime = `/run/user/${owner}`;
  return existsSync(runtime) ? join(runtime, 'shmlab') : join(temp, `shmlab-${owner}`);
}

/** Runs fixtures/host-start.js (bundled) or .ts (from source) as `runAs` with `env`. */
async function startHost(
  env: NodeJS.ProcessEnv,
  runAs: string[],
): Promise<{ code: unknown; stdout: string; stderr: string }> {
  const [file, ...args] =
    runAs.length > 0
      ? [...runAs, process.execPath, join(await bundledHost(), 'host-start.js')]
      : [
          process.execPath,
          '--import',
          'tsx',
          join(import.meta.dirname, 'fixtures', 'host-start.ts'),
        ];
  const run = spawn(file!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  run.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise((resolve) => run.once('close', resolve));
  return { code, stdout, stderr };
}

async function bundledHost(): Promise<string> {
  const bundle = await bundleForOtherUser({
    'host-start': join(import.meta.dirname, 'fixtures', 'host-start.ts'),
  });
  leftovers.dirs.push(bundle);
  return bundle;
}

describe('a host started as ourselves (root too) with a home that does not exist', () => {
  it('leaves the home unmade, keeps its records in a private per-user folder and says which in one line', async () => {
    const temp = freshDir('shmlab-service-tmp-', 0o777);
    const home = join(temp, 'nonexistent');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: temp };
    const { code, stdout, stderr } = await startHost(env, []);
    expect(existsSync(home)).toBe(false);
    expect(stderr).not.toMatch(/\n\s+at /);
    const facts = JSON.parse(stdout) as { stateDir: string; shmid: number; recorded: number[] };
    const expected = fallbackIn(temp, uid);
    expect(facts.stateDir).toBe(expected);
    expectPrivate(facts.stateDir);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `ShmLab: cannot use ${home}/.local/state/shmlab for its crash records ` +
        `(the home folder ${home} does not exist); using ${expected} instead.`,
    ]);
    expect(code).toBe(0);
    expect(facts.recorded).toEqual([facts.shmid]);
    expect((await listedShmids()).has(facts.shmid)).toBe(false);
  });
});

describe('a host started with HOME=/nonexistent (a service account)', () => {
  it('uses a private fallback folder, says so in one line, and never prints a stack trace', async () => {
    // The unprivileged path: as root, run as nobody, from a copy that uid can read; others run
    // as themselves.
    const temp = freshDir('shmlab-service-tmp-', 0o777);
    const runAs = isRoot
      ? ['/usr/bin/setpriv', '--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups']
      : ['/usr/bin/env'];
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', TMPDIR: temp };
    const { code, stdout, stderr } = await startHost(env, runAs);
    expect(stderr).not.toMatch(/\n\s+at /);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ShmLab: cannot use \/nonexistent\/\.local\/state\/shmlab .*; using .* instead\.$/,
    );
    expect(code).toBe(0);
    const facts = JSON.parse(stdout) as { stateDir: string; shmid: number; recorded: number[] };
    expect(facts.stateDir).toBe(fallbackIn(temp, isRoot ? NOBODY : uid));
    expectPrivate(facts.stateDir, isRoot ? NOBODY : uid);
    expect(facts.recorded).toEqual([facts.shmid]);
    // It closed cleanly: its segment and its record are gone.
    expect((await listedShmids()).has(facts.shmid)).toBe(false);
    expect(readdirSync(facts.stateDir)).toEqual([]);
  });
});
