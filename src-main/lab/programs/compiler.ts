// The machine's C compiler: `cc` found on the Lab's PATH, its version, and a compile of the
// learner's source with an exact argv, a timeout and an output cap.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { CompileResult } from '../../common/api';
import { collect } from './compile-collect';
import { parseDiagnostics } from './diagnostics';

/** How long a compile may take before its whole process group gets SIGKILL (ms). */
export const COMPILE_TIMEOUT_MS = 30_000;
/** The most output kept from one compile, per stream (bytes). */
export const COMPILE_OUTPUT_CAP = 256 * 1024;

/** The first executable regular file named `name` in the folders of `pathEnv`, or null. */
export function findOnPath(name: string, pathEnv: string): string | null {
  for (const dir of pathEnv.split(delimiter)) {
    // An empty or relative entry means "the current folder": never trust it for a compiler.
    if (dir === '' || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there, or not executable: look further.
    }
  }
  return null;
}

/** The environment the compiler and its version query run with. */
export function compilerEnv(pathEnv: string): NodeJS.ProcessEnv {
  // LC_ALL=C: the severity words the parser looks for ("error", "warning") are translated in
  // other locales, and plain quotes read the same everywhere.
  return { ...process.env, PATH: pathEnv, LC_ALL: 'C' };
}

/** The first line `cc --version` prints, or null when it prints nothing or fails. */
export async function compilerVersion(ccPath: string, pathEnv: string): Promise<string | null> {
  try {
    const run = await collect([ccPath, '--version'], {
      cwd: '/',
      env: compilerEnv(pathEnv),
      timeoutMs: 10_000,
      cap: 16 * 1024,
    });
    const first = run.stdout.split('\n')[0]?.trim() ?? '';
    return run.exitCode === 0 && first !== '' ? first : null;
  } catch {
    return null;
  }
}

/** The argv compiling `source` into `binary` (both paths in the Lab's private folder). */
export function compileCommand(ccPath: string, source: string, binary: string): string[] {
  return [
    ccPath,
    '-std=gnu17',
    '-Wall',
    '-Wextra',
    '-g',
    '-O0',
    '-fdiagnostics-color=never',
    '-o',
    binary,
    source,
  ];
}

/** Runs `command` (from compileCommand) and maps its messages to lines of `source`. */
export async function runCompiler(
  command: string[],
  source: string,
  options: { cwd: string; pathEnv: string; timeoutMs?: number },
): Promise<Omit<CompileResult, 'programId'>> {
  const started = performance.now();
  const run = await collect(command, {
    cwd: options.cwd,
    env: compilerEnv(options.pathEnv),
    timeoutMs: options.timeoutMs ?? COMPILE_TIMEOUT_MS,
    cap: COMPILE_OUTPUT_CAP,
  });
  const durationMs = Math.round(performance.now() - started);
  let output = run.stdout + run.stderr;
  if (run.timedOut) {
    output += `\n[ShmLab stopped the compiler after ${Math.round((options.timeoutMs ?? COMPILE_TIMEOUT_MS) / 1000)} s (SIGKILL)]\n`;
  }
  return {
    ok: run.exitCode === 0 && !run.timedOut,
    command,
    exitCode: run.exitCode,
    signal: run.signal,
    output,
    diagnostics: parseDiagnostics(output, source),
    durationMs,
  };
}
