// The compiler runner's own guards, with stand-in commands that behave like a stuck or a
// chatty compiler: the timeout kills the whole process group; the output is capped and says so.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILE_OUTPUT_CAP, findOnPath, runCompiler } from './compiler';
import { isLiveProcess } from './program-harness';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'shmlab-compiler-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('runCompiler', () => {
  it('kills the whole group at the timeout (a helper it started too) and says so', async () => {
    const pidFile = join(dir, 'helper.pid');
    // Like cc waiting on cc1: a helper in the background, the command waiting for it.
    const command = ['/bin/sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`];
    const result = await runCompiler(command, join(dir, 'p1.c'), {
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
    const command = ['/bin/sh', '-c', `head -c ${bytes} /dev/zero | tr '\\0' a >&2; exit 1`];
    const result = await runCompiler(command, join(dir, 'p1.c'), {
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
