// Issue 21, item 6: 16 compiles hanging on a FIFO all ran at once. Now at most `running` run
// (cc1 processes counted in /proc), `waiting` more wait their turn, the rest are refused with
// EAGAIN at once, and every one ends: the wall clock kills each stuck compiler's group.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { CompileQueue } from './compile-queue';
import { compilerProcesses } from './compile-test-procs';
import { compileCommand, findOnPath, runCompiler } from './compiler';
import { NO_CC, hasCompiler } from './program-harness';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A promise and its resolve, to hold a queued job open. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('CompileQueue', () => {
  it('runs `running` at once, lets `waiting` wait in order, refuses the rest with EAGAIN', async () => {
    const queue = new CompileQueue(2, 2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const jobs = gates.map((g, index) =>
      queue.run(async () => {
        started.push(index);
        await g.opened;
        return index;
      }),
    );
    await expect(queue.run(async () => 99)).rejects.toMatchObject({ code: 'EAGAIN' });
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.counts).toEqual({ running: 2, waiting: 2 });
    gates[1]?.open();
    await jobs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3]);
    expect(queue.counts).toEqual({ running: 0, waiting: 0 });
    // A failed job frees its slot too.
    await expect(queue.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(queue.counts).toEqual({ running: 0, waiting: 0 });
  });
});

describe.skipIf(!hasCompiler)(
  skippableTitle('16 compiles stuck on a FIFO', !hasCompiler, NO_CC),
  () => {
    it('at most 2 run at once, 6 wait, 8 are refused, and all end', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shmlab-compile-queue-'));
      made.push(dir);
      // Nobody ever writes to it: open() in cc1 waits for a writer forever.
      expect(spawnSync('mkfifo', [join(dir, 'stuck')]).status).toBe(0);
      const cc = findOnPath('cc', process.env.PATH ?? '') ?? 'cc';
      const queue = new CompileQueue(2, 6);
      let most = 0;
      const watch = setInterval(() => {
        most = Math.max(most, compilerProcesses(dir, 'cc1').length);
      }, 20);
      const compiles = Array.from({ length: 16 }, (_, index) => {
        const source = join(dir, `p${index + 1}.c`);
        writeFileSync(source, '#include "stuck"\nint main(void) { return 0; }\n');
        return runCompiler(compileCommand(cc, source, join(dir, `p${index + 1}`)), source, {
          cwd: dir,
          pathEnv: process.env.PATH ?? '',
          timeoutMs: 1500,
          queue,
        });
      });
      const settled = await Promise.allSettled(compiles);
      clearInterval(watch);
      const refused = settled.filter((s) => s.status === 'rejected');
      const ended = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      console.log(`cc1 processes at once, at most: ${most}`);
      expect(most).toBeGreaterThanOrEqual(1);
      expect(most).toBeLessThanOrEqual(2);
      expect(refused).toHaveLength(8);
      for (const r of refused)
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'EAGAIN' });
      expect(ended).toHaveLength(8);
      for (const result of ended) {
        expect(result.ok).toBe(false);
        expect(result.output).toContain('ShmLab stopped the compiler after 1.5 s');
      }
      expect(compilerProcesses(dir, 'cc1')).toEqual([]);
    });
  },
);
