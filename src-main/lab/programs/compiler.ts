// The machine's C compiler: `cc` found on the Lab's PATH, its version, and a compile of the
// learner's source with an exact argv, in a sandbox, under limits, a few at a time, with an
// output cap.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { CompileResult } from '../../common/api';
import { LabError } from '../../common/errors';
import { collect } from './compile-collect';
import { refuseFilesOutside } from './compile-includes';
import type { CompileLimits } from './compile-limits';
import { COMPILE_LIMITS, limitsText, secondsText } from './compile-limits';
import { CompileQueue } from './compile-queue';
import type { SandboxMode } from './compile-sandbox';
import { prepareSandbox, sandboxArgv, sandboxText } from './compile-sandbox';
import { parseDiagnostics } from './diagnostics';

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

/** What a test (or a host) may change about one compile; everything has a default. */
export interface CompileOptions {
  /** The programs folder: the compiler's working folder, the only one it may write. */
  cwd: string;
  pathEnv: string;
  /** The wall clock (COMPILE_LIMITS.wallClockMs by default), ms. */
  timeoutMs?: number;
  limits?: Partial<CompileLimits>;
  /** The line compiles wait in (one for the whole process by default). */
  queue?: CompileQueue;
  /** The sandboxes to try, best first (SANDBOX_MODES by default). */
  sandboxModes?: readonly SandboxMode[];
}

const sharedQueue = new CompileQueue(COMPILE_LIMITS.running, COMPILE_LIMITS.waiting);

/**
 * Runs `command` (from compileCommand) in the sandbox, under COMPILE_LIMITS, when the queue has
 * a slot, and maps its messages to lines of `source`. E_BAD_INPUT when the source names a file
 * outside what the compiler may read, EAGAIN when too many compiles wait already,
 * E_UNAVAILABLE when no sandbox works here, the errno's name when it cannot start.
 */
export async function runCompiler(
  command: string[],
  source: string,
  options: CompileOptions,
): Promise<Omit<CompileResult, 'programId'>> {
  const limits: CompileLimits = {
    ...COMPILE_LIMITS,
    ...options.limits,
    wallClockMs: options.timeoutMs ?? options.limits?.wallClockMs ?? COMPILE_LIMITS.wallClockMs,
  };
  refuseFilesOutside(readFileSync(source, 'utf8'), options.cwd);
  const queue = options.queue ?? sharedQueue;
  return queue.run(async () => {
    const env = compilerEnv(options.pathEnv);
    // Its temporary files (cc1's .s, as's .o) go where it may write, not to /tmp.
    env.TMPDIR = options.cwd;
    const builder = findOnPath('cc', options.pathEnv);
    if (builder === null) {
      throw new LabError(
        'E_NO_COMPILER',
        `no "cc" on PATH (${options.pathEnv || 'empty'}) to build the compile sandbox with`,
      );
    }
    const sandbox = await prepareSandbox({
      folder: options.cwd,
      cc: builder,
      env,
      limits,
      ...(options.sandboxModes === undefined ? {} : { modes: options.sandboxModes }),
    });
    const started = performance.now();
    const run = await collect(sandboxArgv(sandbox, limits, command), {
      cwd: options.cwd,
      env,
      timeoutMs: limits.wallClockMs,
      cap: COMPILE_OUTPUT_CAP,
    });
    const durationMs = Math.round(performance.now() - started);
    let output = run.stdout + run.stderr;
    if (run.timedOut) {
      output += `\n[ShmLab stopped the compiler after ${secondsText(limits.wallClockMs)} (SIGKILL)]\n`;
    }
    return {
      ok: run.exitCode === 0 && !run.timedOut,
      command,
      exitCode: run.exitCode,
      signal: run.signal,
      output,
      diagnostics: parseDiagnostics(output, source),
      durationMs,
      confinement: `${sandboxText(sandbox.mode)}; ${limitsText(limits)}`,
    };
  });
}
