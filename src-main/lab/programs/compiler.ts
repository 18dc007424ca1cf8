// The machine's C compiler: `cc` found on the Lab's PATH, its version, and a compile of the
// learner's source with an exact argv, a timeout and an output cap.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { CompileResult } from '../../common/api';
import { parseDiagnostics } from './diagnostics';
import { signalName } from './signals';

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

interface Collected {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs argv in its own process group, collecting capped output; kills the group at timeout. */
function collect(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; cap: number },
): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const [file, ...args] = argv;
    const child = spawn(file ?? '', args, {
      cwd: options.cwd,
      env: options.env,
      detached: true, // its own group: the timeout kills cc1, as and ld with it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const streams = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const dropped = { stdout: 0, stderr: 0 };
    const kept = { stdout: 0, stderr: 0 };
    for (const name of ['stdout', 'stderr'] as const) {
      child[name].on('data', (chunk: Buffer) => {
        const room = Math.max(0, options.cap - kept[name]);
        if (room > 0) streams[name].push(chunk.subarray(0, room));
        kept[name] += Math.min(room, chunk.length);
        dropped[name] += Math.max(0, chunk.length - room);
      });
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const text = (name: 'stdout' | 'stderr'): string => {
        const body = Buffer.concat(streams[name]).toString('utf8');
        return dropped[name] > 0 ? `${body}\n[${dropped[name]} more bytes not kept]\n` : body;
      };
      resolve({
        exitCode: code,
        signal: signal === null ? null : signalName(signal),
        stdout: text('stdout'),
        stderr: text('stderr'),
        timedOut,
      });
    });
  });
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
