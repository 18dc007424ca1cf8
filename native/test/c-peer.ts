// A C program compiled for a test file: built once before its tests (when there is a compiler),
// removed after them, and every peer it started killed at teardown, so none outlives the test.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { addTeardownStep } from './helpers';

export const hasCompiler = spawnSync('cc', ['--version']).status === 0;
export const noCompiler = 'needs a C compiler (`cc`) on PATH';

export interface CPeer {
  /** What the compiler answered; undefined before the build (or without a compiler). */
  build(): { status: number | null; stderr: string } | undefined;
  /** Starts the program with `args`, to be killed at teardown if it is still running. */
  start(args?: readonly string[]): ChildProcessWithoutNullStreams;
}

/** Compiles `fixtures/<file>` with cc -std=c11 -O2 and `flags`, for the tests of this file. */
export function cPeer(file: string, flags: readonly string[]): CPeer {
  const source = join(import.meta.dirname, 'fixtures', file);
  const peers = new Set<ChildProcessWithoutNullStreams>();
  let buildDir = '';
  let build: { status: number | null; stderr: string } | undefined;
  beforeAll(() => {
    if (!hasCompiler) return;
    buildDir = mkdtempSync(join(tmpdir(), 'shmlab-peer-'));
    const args = ['-std=c11', ...flags, '-O2', '-o', join(buildDir, 'peer'), source];
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
  return {
    build: () => build,
    start: (args = []) => {
      const peer = spawn(join(buildDir, 'peer'), [...args], { stdio: 'pipe' });
      peers.add(peer);
      return peer;
    },
  };
}
