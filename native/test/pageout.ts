// Puts a segment's pages in swap for the peek tests, with fixtures/pageout.c (compiled with the
// machine's `cc`). Whether pages can go to swap at all depends on the machine: activeSwap() says.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const run = promisify(execFile);
const source = join(import.meta.dirname, 'fixtures', 'pageout.c');
let buildDir: string | undefined;

afterAll(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

/** Why swapped pages cannot be made here, or null when they can. */
export function whyNoSwap(): string | null {
  // /proc/swaps: a header line, then one line per active swap area.
  const areas = readFileSync('/proc/swaps', 'utf8').trim().split('\n').length - 1;
  if (areas === 0) return 'needs an active swap area (none in /proc/swaps; see swapon(8))';
  if (spawnSync('cc', ['--version']).status !== 0) return 'needs a C compiler (`cc`) on PATH';
  return null;
}

/**
 * Asks the kernel to page out every page the segment has in memory; no process but the helper
 * may map them at the time, or the kernel keeps them. Rejects with the helper's stderr on failure.
 */
export async function pageOut(shmid: number): Promise<void> {
  if (!buildDir) {
    buildDir = mkdtempSync(join(tmpdir(), 'shmlab-pageout-'));
    const args = [
      '-std=c11',
      '-Wall',
      '-Wextra',
      '-Wpedantic',
      '-O2',
      '-o',
      join(buildDir, 'pageout'),
      source,
    ];
    await run('cc', args);
  }
  await run(join(buildDir, 'pageout'), [String(shmid)]);
}
