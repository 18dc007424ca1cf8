// The compiler runner's own guards, with stand-in commands that behave like a stuck or a
// chatty compiler, run in the compile sandbox (built with the machine's cc): the timeout kills
// the whole process group; the output is capped and says so.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skippableTitle } from '../../proc/fixtures/ipc-peer';
import { COMPILE_OUTPUT_CAP, findOnPath, runCompiler } from './compiler';
import { NO_CC, hasCompiler, isLiveProcess } from './program-harness';

let dir: string;
let source: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shmlab-compiler-'));
  source = join(dir, 'p1.c');
  writeFileSync(source, 'int main(void) { return 0; }\n');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasCompiler)(skippableTitle('runCompiler', !hasCompiler, NO_CC), () => {
  it('kills the whole group at the timeout (a helper it started too) and says so', async () => {
    const pidFile = join(dir, 'helper.pid');
    // Like cc waiting on cc1: a helper in the background, the command waiting for it.
    const command = ['/bin/sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`];
    const result = await runCompiler(command, source, {
      cwd: dir,
      pathEnv: process.env.PATH ?? '',
      timeoutMs: 300,
    });
    expect(result).toMatchObject({ ok: false, exitCode: null, signal: 'SIGKILL' });
    expect(result.output).toContain('ShmLab stopped the compiler after');
    const helper = Number(readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 2000;
    while (isLiveProcess(helper) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(isLiveProcess(helper)).toBe(false);
  });

  it('keeps at most the cap of output per stream, and says how much more there was', async () => {
    const bytes = COMPILE_OUTPUT_CAP + 1000;
    // (No /dev/zero in the sandbox: `yes` makes the bytes.)
    const command = ['/bin/sh', '-c', `yes a | tr -d '\\n' | head -c ${bytes} >&2; exit 1`];
    const result = await runCompiler(command, source, {
      cwd: dir,
      pathEnv: process.env.PATH ?? '',
    });
    expect(result).toMatchObject({ ok: false, exitCode: 1, diagnostics: [] });
    expect(result.output.startsWith('a'.repeat(COMPILE_OUTPUT_CAP))).toBe(true);
    expect(result.output).toContain('[1000 more bytes not kept]');
  });
});

describe('findOnPath', () => {
  it('finds an executable file, skipping empty and relative entries and non-executables', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'cc'), '#!/bin/sh\n');
    chmodSync(join(bin, 'cc'), 0o644);
    expect(findOnPath('cc', `:relative:${bin}`)).toBeNull();
    chmodSync(join(bin, 'cc'), 0o755);
    expect(findOnPath('cc', `:relative:${bin}`)).toBe(join(bin, 'cc'));
    mkdirSync(join(dir, 'dir-named-cc', 'cc'), { recursive: true });
    expect(findOnPath('cc', join(dir, 'dir-named-cc'))).toBeNull();
  });
});
