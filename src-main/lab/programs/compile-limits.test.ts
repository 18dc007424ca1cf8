// Issue 21, item 6: every compile runs under limits of its own. A compiler reading an endless
// file in its folder (a FIFO fed from /dev/zero: what `#include "/dev/zero"` did before the
// sandbox) ends with "out of memory" at the address-space limit; a compile spinning on the CPU
// ends with SIGXCPU; one writing a huge file is stopped at the file-size limit.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import type { CompileLimits } from './compile-limits';
import { COMPILE_LIMITS, limitsText, secondsText } from './compile-limits';
import { compileCommand, findOnPath, runCompiler } from './compiler';
import { compilerProcesses } from './compile-test-procs';
import { NO_CC, hasCompiler } from './program-harness';

const pathEnv = process.env.PATH ?? '';
const MIB = 1024 * 1024;
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function folder(): { dir: string; source: string } {
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-compile-limits-'));
  made.push(dir);
  return { dir, source: join(dir, 'p1.c') };
}

function compile(dir: string, source: string, command: string[], limits: Partial<CompileLimits>) {
  return runCompiler(command, source, { cwd: dir, pathEnv, limits });
}

describe.skipIf(!hasCompiler)(skippableTitle('compile limits', !hasCompiler, NO_CC), () => {
  it('an endless include ends with "out of memory" at the address-space limit', async () => {
    const { dir, source } = folder();
    const fifo = join(dir, 'endless');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    writeFileSync(source, '#include "endless"\nint main(void) { return 0; }\n');
    // Outside the sandbox, the test feeds the FIFO for as long as the compiler reads.
    const feeder = spawn('/bin/sh', ['-c', 'exec cat /dev/zero > "$0"', fifo], { stdio: 'ignore' });
    const limit = 256 * MIB;
    let peak = 0;
    const watch = setInterval(() => {
      for (const cc1 of compilerProcesses(dir, 'cc1')) peak = Math.max(peak, cc1.vmPeakBytes);
    }, 25);
    try {
      const cc = findOnPath('cc', pathEnv) ?? 'cc';
      const result = await compile(dir, source, compileCommand(cc, source, join(dir, 'p1')), {
        addressSpaceBytes: limit,
      });
      console.log(
        `cc1 peak address space seen: ${(peak / MIB).toFixed(0)} MiB; ${result.durationMs} ms`,
      );
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/out of memory|memory exhausted|cannot allocate/i);
      expect(result.output).not.toContain('ShmLab stopped the compiler');
      expect(peak).toBeLessThanOrEqual(limit);
    } finally {
      clearInterval(watch);
      feeder.kill('SIGKILL');
    }
  });

  it('a compile spinning on the CPU ends with SIGXCPU at the CPU limit', async () => {
    const { dir, source } = folder();
    writeFileSync(source, '\n');
    const result = await compile(dir, source, ['/bin/sh', '-c', 'while :; do :; done'], {
      cpuSeconds: 1,
    });
    expect(result).toMatchObject({ ok: false, signal: 'SIGXCPU' });
    expect(result.output).not.toContain('ShmLab stopped the compiler');
  });

  it('a file it writes stops at the file-size limit', async () => {
    const { dir, source } = folder();
    writeFileSync(source, '\n');
    const result = await compile(dir, source, ['/bin/sh', '-c', 'yes > big'], {
      fileSizeBytes: MIB,
    });
    expect(result.ok).toBe(false);
    expect(statSync(join(dir, 'big')).size).toBe(MIB);
  });
});

describe('limitsText', () => {
  it('says the limits in one line, as the compile panel shows them', () => {
    expect(limitsText(COMPILE_LIMITS)).toBe(
      '512 MiB address space, 10 s CPU, 64 MiB per file, 20 s in all, 2 compiles at a time',
    );
    expect(secondsText(1500)).toBe('1.5 s');
  });
});
