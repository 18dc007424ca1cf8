// One run of the compiler (or of its version query, or of the sandbox's own build): spawned in
// its own process group, its output collected up to a cap, the whole group killed at a deadline.
// A failure to start (EMFILE, EAGAIN, ENOENT…) is an answer with the errno's name, never an
// exception nobody listens for.
import { spawn } from 'node:child_process';
import { LabError } from '../../common/errors';
import { signalName } from './signals';

/** What one run of a command gave. */
export interface Collected {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The deadline passed and the group got SIGKILL. */
  timedOut: boolean;
}

// Why spawn may fail, in words, for the errors a loaded or misconfigured host gives.
const SPAWN_ERRORS: Record<string, string> = {
  EMFILE: 'the ShmLab host has as many files open as its limit (RLIMIT_NOFILE) allows',
  ENFILE: 'the system has as many files open as it allows',
  EAGAIN: 'the system refused a new process (too many processes, or memory is short)',
  ENOMEM: 'memory is short',
  ENOENT: 'the file does not exist',
  EACCES: 'the file may not be executed',
};

/** The coded error for a command that could not be started. */
export function spawnFailure(file: string, error: unknown): LabError {
  const code = (error as { code?: unknown }).code;
  const name = typeof code === 'string' ? code : 'E_INTERNAL';
  const why = SPAWN_ERRORS[name] ?? (error instanceof Error ? error.message : String(error));
  return new LabError(
    name,
    `could not start ${file}: spawn failed with ${name} (${why}); nothing was compiled. ` +
      'Try again in a moment; if it keeps failing, restart ShmLab',
    'spawn',
  );
}

/**
 * Runs argv in its own process group, keeping at most `cap` bytes per stream; at `timeoutMs`
 * the whole group gets SIGKILL. Rejects with spawnFailure when the command cannot start.
 */
export function collect(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; cap: number },
): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const [file = '', ...args] = argv;
    let child;
    try {
      child = spawn(file, args, {
        cwd: options.cwd,
        env: options.env,
        detached: true, // its own group: the deadline kills cc1, as and ld with it
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      reject(spawnFailure(file, error));
      return;
    }
    const deadline: { timer?: NodeJS.Timeout } = {};
    // First of all: with EMFILE Node returns a child without pipes and emits 'error' on the next
    // tick, so a listener attached after touching the pipes would never be there.
    child.once('error', (error) => {
      clearTimeout(deadline.timer);
      reject(spawnFailure(file, error));
    });
    // (Node 20 leaves them undefined then, whatever the types say.)
    if (!child.stdout || !child.stderr) return;
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
    const pid = child.pid;
    deadline.timer = setTimeout(() => {
      timedOut = true;
      try {
        if (pid !== undefined) process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, options.timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(deadline.timer);
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
