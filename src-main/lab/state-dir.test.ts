import { spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
      segments: [{ shmid: foreign.shmid, key: 0 }],
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

describe('a host started with HOME=/nonexistent (a service account)', () => {
  it('uses a private fallback folder, says so in one line, and never prints a stack trace', async () => {
    // As root, /nonexistent could simply be created: run as nobody instead,
    // from a copy that uid can read. Others run as themselves.
    const bundle = await bundleForOtherUser({
      'host-start': join(import.meta.dirname, 'fixtures', 'host-start.ts'),
    });
    leftovers.dirs.push(bundle);
    const temp = freshDir('shmlab-service-tmp-', 0o777);
    const runAs = isRoot
      ? ['/usr/bin/setpriv', '--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups']
      : [];
    const [file, ...args] = [...runAs, process.execPath, join(bundle, 'host-start.js')];
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent', TMPDIR: temp };
    const run = spawn(file!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => run.once('close', resolve));
    expect(stderr).not.toMatch(/\n\s+at /);
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ShmLab: cannot use \/nonexistent\/\.local\/state\/shmlab .*; using .* instead\.$/,
    );
    expect(code).toBe(0);
    const facts = JSON.parse(stdout) as { stateDir: string; shmid: number; recorded: number[] };
    expect(facts.stateDir).toBe(join(temp, `shmlab-${isRoot ? NOBODY : uid}`));
    expectPrivate(facts.stateDir, isRoot ? NOBODY : uid);
    expect(facts.recorded).toEqual([facts.shmid]);
    // It closed cleanly: its segment and its record are gone.
    expect((await listedShmids()).has(facts.shmid)).toBe(false);
    expect(readdirSync(facts.stateDir)).toEqual([]);
  });
});
