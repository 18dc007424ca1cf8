// A C program and Node share one segment: C creates and removes it, Node reads and writes it.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SHM_DEST,
  addTeardownStep,
  adoptSegment,
  attach,
  shm,
  titleWithSkipReason,
} from './helpers';
import { lineReader } from './lines';
import { listedShmids } from './proc';

const source = join(import.meta.dirname, 'fixtures', 'peer.c');
const hasCompiler = spawnSync('cc', ['--version']).status === 0;
const noCompiler = 'needs a C compiler (`cc`) on PATH';

const warningFlags = ['-Wall', '-Wextra', '-Wpedantic'];
let buildDir = '';
let build: { status: number | null; stderr: string } | undefined;
const peers = new Set<ChildProcessWithoutNullStreams>();

beforeAll(() => {
  if (!hasCompiler) return;
  buildDir = mkdtempSync(join(tmpdir(), 'shmlab-peer-'));
  const args = ['-std=c11', ...warningFlags, '-O2', '-o', join(buildDir, 'peer'), source];
  build = spawnSync('cc', args, { encoding: 'utf8' });
});
afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});
addTeardownStep(async () => {
  for (const peer of peers) {
    if (peer.exitCode === null && peer.signalCode === null) {
      const exited = new Promise((resolve) => peer.once('exit', resolve));
      peer.kill('SIGKILL');
      await exited;
    }
  }
  peers.clear();
});

describe('a C peer', () => {
  it.skipIf(!hasCompiler)(
    titleWithSkipReason(
      `compiles with ${warningFlags.join(' ')} and no warning`,
      !hasCompiler,
      noCompiler,
    ),
    () => {
      expect(build).toMatchObject({ status: 0, stderr: '' });
    },
  );

  it.skipIf(!hasCompiler)(
    titleWithSkipReason(
      'reads what C wrote, and C reads what Node wrote, through their own mappings',
      !hasCompiler,
      noCompiler,
    ),
    async () => {
      expect(build?.status, build?.stderr).toBe(0);
      const peer = spawn(join(buildDir, 'peer'), [], { stdio: 'pipe' });
      peers.add(peer);
      let stderr = '';
      peer.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<number | null>((resolve) => peer.once('exit', resolve));
      const nextLine = lineReader(peer);

      const shmid = Number(await nextLine());
      expect(Number.isSafeInteger(shmid)).toBe(true);
      adoptSegment(shmid);
      const stat = shm.shmctl(shmid, 'IPC_STAT');
      expect(stat).toMatchObject({ segsz: 64, cpid: peer.pid, nattch: 1 });

      const attachment = attach(shmid);
      const little = endianness() === 'LE';
      const header = attachment.read(0, 64);
      expect(little ? header.readInt32LE(0) : header.readInt32BE(0)).toBe(100);
      expect(header.subarray(4, 4 + 13).toString('latin1')).toBe('hello from C\0');

      const update = Buffer.alloc(4 + 16);
      if (little) update.writeInt32LE(-4242, 0);
      else update.writeInt32BE(-4242, 0);
      update.write('hello from Node\0', 4, 'latin1');
      attachment.write(0, update);
      peer.stdin.write('\n');

      expect(await nextLine()).toBe('value=-4242 text=hello from Node');
      expect(await exited, stderr).toBe(0);
      expect(stderr).toBe('');

      // C detached and removed it; this process's attachment keeps it alive, marked.
      expect(shm.shmctl(shmid, 'IPC_STAT')).toMatchObject({ nattch: 1, mode: SHM_DEST | 0o600 });
      expect(attachment.read(4, 15).toString('latin1')).toBe('hello from Node');
      attachment.detach();
      expect(listedShmids()).not.toContain(shmid);
    },
  );
});
