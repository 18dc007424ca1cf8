// The starting programs are real C: each one compiles with warnings as errors, and the ones that
// use a segment are run against a real segment made here, so what their comments promise is what
// they do (the writer's bytes, the forker's shared address, the creator's cleanup, ftok's key).
/* eslint-disable no-restricted-imports -- the test compiles and runs the programs in Node */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { native } from '../../../src-main/lab/native';
import { skippableTitle } from '../../../src-main/proc/fixtures/ipc-peer';
/* eslint-enable no-restricted-imports */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTERS, starterById } from './starters';

const hasCompiler = spawnSync('cc', ['--version']).status === 0;
const NO_CC = 'no C compiler (cc) on PATH to compile the starting programs';

describe('the starting programs', () => {
  it('are five, with distinct ids, each a C program with main', () => {
    expect(STARTERS.map((s) => s.id)).toEqual(['writer', 'reader', 'creator', 'forker', 'ftok']);
    for (const starter of STARTERS) {
      expect(starter.source).toMatch(/\bint main\(/);
      expect(starterById(starter.id)).toBe(starter);
      // Those that need the tutorial's segment read it from the environment and say when it is missing.
      expect(starter.source.includes('getenv("SHMLAB_SHMID")')).toBe(starter.needsSegment);
    }
    expect(starterById('nope')).toBeNull();
  });
});

describe.skipIf(!hasCompiler)(
  skippableTitle('the starting programs, compiled and run', !hasCompiler, NO_CC),
  () => {
    let dir = '';
    const made: number[] = [];
    const binary = (id: string): string => join(dir, id);
    const run = (id: string, env: Record<string, string>, input = '', args: string[] = []) =>
      spawnSync(binary(id), args, {
        env: { PATH: process.env.PATH ?? '', ...env },
        input,
        encoding: 'utf8',
        timeout: 20_000,
      });
    const segment = (): number => {
      const shmid = native.shmget(
        native.constants.IPC_PRIVATE,
        4096,
        native.constants.IPC_CREAT | 0o600,
      );
      made.push(shmid);
      return shmid;
    };

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'shmlab-starters-'));
    });
    afterAll(() => {
      for (const shmid of made) {
        try {
          native.shmctl(shmid, 'IPC_RMID');
        } catch {
          // already removed by the test that made it
        }
      }
      rmSync(dir, { recursive: true, force: true });
    });

    it.each(STARTERS.map((s) => [s.id, s] as const))(
      '%s compiles with -Wall -Wextra -Werror',
      (id, starter) => {
        const file = join(dir, `${id}.c`);
        writeFileSync(file, starter.source);
        const cc = spawnSync(
          'cc',
          ['-std=gnu17', '-Wall', '-Wextra', '-Werror', '-o', binary(id), file],
          {
            encoding: 'utf8',
          },
        );
        expect(cc.stderr).toBe('');
        expect(cc.status).toBe(0);
      },
    );

    it('every program that needs the segment says so without SHMLAB_SHMID, and exits 2', () => {
      for (const starter of STARTERS.filter((s) => s.needsSegment)) {
        const result = run(starter.id, {});
        expect(result.status).toBe(2);
        expect(result.stderr).toContain('SHMLAB_SHMID is not set');
      }
    });

    it('the writer stores its number and text in the segment, and exit detaches it', () => {
      const shmid = segment();
      const result = run('writer', { SHMLAB_SHMID: String(shmid) });
      expect(result.status).toBe(0);
      // Its exit was the last detach: nattch back to 0, and the kernel names it as the last pid.
      const pid = /pid (\d+) attached/.exec(result.stdout)?.[1];
      const stat = native.shmctl(shmid, 'IPC_STAT');
      expect(stat.nattch).toBe(0);
      expect(String(stat.lpid)).toBe(pid);
      expect(result.stdout).toContain('exiting without shmdt: exit detaches');
      const view = native.shmat(shmid);
      try {
        expect(view.read(16, 4).readUInt32LE(0)).toBe(2026);
        expect(view.read(20, 13).toString('latin1')).toBe('hello from C\0');
      } finally {
        view.detach();
      }
    });

    it('the reader prints the number at offset 16 and stops on q', () => {
      const shmid = segment();
      const view = native.shmat(shmid);
      view.write(16, Buffer.from([0x39, 0x30, 0, 0])); // 12345
      try {
        const result = run('reader', { SHMLAB_SHMID: String(shmid) }, '\nq\n');
        expect(result.status).toBe(0);
        expect(result.stdout).toContain('offset 16: u32 12345 (0x00003039)');
        expect(result.stdout).toContain('detached, bye');
      } finally {
        view.detach();
      }
    });

    it('the forker’s parent and child see the segment at the same address', () => {
      const shmid = segment();
      const result = run('forker', { SHMLAB_SHMID: String(shmid) });
      expect(result.status).toBe(0);
      const parent = /parent pid (\d+): segment \d+ at (0x[0-9a-f]+)/.exec(result.stdout);
      const child = /child {2}pid (\d+): segment \d+ at (0x[0-9a-f]+)/.exec(result.stdout);
      expect(parent).not.toBeNull();
      expect(child).not.toBeNull();
      expect(child![2]).toBe(parent![2]);
      expect(child![1]).not.toBe(parent![1]);
      // The child wrote its pid; the parent read it back through its own pointer.
      expect(result.stdout).toContain(`offset 16 holds ${child![1]}`);
    });

    it('the creator makes a segment, prints its id and removes it on Enter', () => {
      const result = run('creator', {}, '\n');
      expect(result.status).toBe(0);
      const id = /= (\d+)\n/.exec(result.stdout);
      expect(id).not.toBeNull();
      expect(result.stdout).toContain(`segment ${id![1]} removed`);
      expect(() => native.shmctl(Number(id![1]), 'IPC_STAT')).toThrow(
        expect.objectContaining({ code: 'EINVAL' }) as Error,
      );
    });

    it('the ftok program prints the key glibc builds from the file’s inode and device', () => {
      const result = run('ftok', {}, '\n', [dir, '65']);
      expect(result.status).toBe(0);
      const printed = /= 0x([0-9a-f]{8})\n/.exec(result.stdout);
      expect(printed).not.toBeNull();
      const stat = spawnSync('stat', ['-c', '%i %d', dir], { encoding: 'utf8' })
        .stdout.trim()
        .split(' ');
      const [inode, device] = stat.map(Number) as [number, number];
      const minor = (device & 0xff) | ((device >> 12) & ~0xff);
      const expected = ((65 & 0xff) << 24) | ((minor & 0xff) << 16) | (inode & 0xffff);
      expect(printed![1]).toBe((expected >>> 0).toString(16).padStart(8, '0'));
      expect(result.stdout).toMatch(/again = (\d+)/);
      expect(result.stdout).toMatch(/segment \d+ removed/);
    });
  },
);
