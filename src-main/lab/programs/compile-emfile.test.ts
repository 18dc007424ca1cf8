// Issue 21: with the host out of file descriptors, a compile used to end the whole process
// ("uncaught Error: spawn /usr/bin/cc EMFILE": the pipes were read before spawn's error had a
// listener). A real process with a low RLIMIT_NOFILE fills it, compiles, and must live.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { NO_CC, hasCompiler } from './program-harness';

interface ChildReport {
  before: boolean;
  openError: string;
  held: number;
  exhausted: { answered: string; code?: string; syscall?: string; message?: string };
  version: string | null;
  after: boolean;
}

describe.skipIf(!hasCompiler)(
  skippableTitle('out of file descriptors', !hasCompiler, NO_CC),
  () => {
    it('a compile answers EMFILE from spawn, and the process compiles again afterwards', () => {
      const child = join(import.meta.dirname, 'fixtures', 'compile-emfile-child.ts');
      // `ulimit -n` lowers soft and hard limits, so Node cannot raise it back at start.
      const run = spawnSync(
        '/bin/sh',
        ['-c', 'ulimit -n 256 && exec "$0" --import tsx "$1"', process.execPath, child],
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.stderr).not.toMatch(/uncaught|EMFILE/i);
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;
      expect(report.before).toBe(true);
      expect(report.openError).toBe('EMFILE');
      expect(report.held).toBeGreaterThan(100);
      expect(report.exhausted).toMatchObject({
        answered: 'error',
        code: 'EMFILE',
        syscall: 'spawn',
      });
      expect(report.exhausted.message).toContain('EMFILE');
      // The version query is an answer too (no version), not an exit.
      expect(report.version).toBeNull();
      expect(report.after).toBe(true);
    });
  },
);
