// The folder where each Lab run keeps its crash record. It must be private
// (ours, 0700): the sweep removes segments on the word of the records in it.
// When the usual place cannot be made (a service account with
// HOME=/nonexistent: its home is never created), a private fallback is used
// and the user is told in one line which; never a stack trace.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Who we are, for ownership checks of folders and records. */
export function currentUid(): number {
  return process.getuid?.() ?? -1;
}

/** The home folder: never created by us (a service account's may not exist, as /nonexistent). */
function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

/** $SHMLAB_STATE_DIR, else $XDG_STATE_HOME/shmlab, else ~/.local/state/shmlab. */
function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHMLAB_STATE_DIR) return env.SHMLAB_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(homeOf(env), '.local', 'state');
  return join(base, 'shmlab');
}

/**
 * Why `dir` may not hold crash records, or null when it may: it must be a
 * real folder (not a link), owned by us, and writable by no one else.
 */
export function unsafeFolderReason(dir: string, uid: number = currentUid()): string | null {
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  if (stat.uid !== uid) return `${dir} belongs to uid ${stat.uid}, not to us (uid ${uid})`;
  if ((stat.mode & 0o022) !== 0) {
    return `${dir} is writable by others (mode ${(stat.mode & 0o777).toString(8)})`;
  }
  return null;
}

/**
 * mkdir -p, one level at a time, but never `home`: a home folder that does not exist is not ours
 * to make (as root, mkdir would succeed and leave /nonexistent behind). Node's own recursive
 * mkdir never returns for some paths the kernel refuses with ENOENT (under /proc, for one).
 */
function makeFolders(dir: string, home: string): void {
  if (resolve(dir) === resolve(home) && !existsSync(dir)) {
    throw new Error(`the home folder ${home} does not exist`);
  }
  const parent = dirname(dir);
  if (parent !== dir && !existsSync(parent)) makeFolders(parent, home);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  }
}

/**
 * Makes `dir` (and, unless `parentMustExist`, its parents) and checks it is ours; narrows a
 * folder of ours to 0700.
 */
function makePrivateFolder(dir: string, home: string, parentMustExist = false): void {
  if (parentMustExist && !lstatSync(dirname(dir)).isDirectory()) {
    throw new Error(`${dirname(dir)} is not a folder`);
  }
  makeFolders(dir, home);
  const reason = unsafeFolderReason(dir);
  if (reason !== null) throw new Error(reason);
  // Ours and not writable by others; still keep others from listing it.
  if ((lstatSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function why(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' ? code : String(message ?? error);
}

export interface StateDir {
  /** The private folder in use. */
  dir: string;
  /** One line for the user when the usual folder could not be used; null otherwise. */
  notice: string | null;
}

/**
 * The state folder: `preferred` (default: {@link defaultStateDir}) when it can be made private
 * without making a home folder that does not exist; else a per-user folder, made in a place
 * that exists: $XDG_RUNTIME_DIR/shmlab (or /run/user/<uid>/shmlab), else <tmp>/shmlab-<uid>,
 * else a fresh private folder in the temp dir, with one line saying which. Throws only when
 * none of these can be made, with one sentence.
 */
export function openStateDir(
  env: NodeJS.ProcessEnv = process.env,
  preferred: string = defaultStateDir(env),
): StateDir {
  const home = homeOf(env);
  const temp = env.TMPDIR || tmpdir();
  const fallbacks = [
    join(env.XDG_RUNTIME_DIR || `/run/user/${currentUid()}`, 'shmlab'),
    join(temp, `shmlab-${currentUid()}`),
  ];
  let problem: string;
  try {
    makePrivateFolder(preferred, home);
    return { dir: preferred, notice: null };
  } catch (error) {
    problem = why(error);
  }
  const tell = (dir: string): string =>
    `ShmLab: cannot use ${preferred} for its crash records (${problem}); using ${dir} instead.`;
  for (const dir of fallbacks) {
    try {
      // Only the last level: a runtime or temp folder that is missing is not ours to make.
      makePrivateFolder(dir, home, true);
      return { dir, notice: tell(dir) };
    } catch {
      // Someone else's, missing, or not writable: try the next place.
    }
  }
  try {
    // A name no one could have prepared in advance; mkdtemp makes it 0700.
    const dir = mkdtempSync(join(temp, 'shmlab-'));
    return { dir, notice: tell(dir) };
  } catch (error) {
    throw new Error(
      `ShmLab cannot create a private folder for its crash records in ${preferred}, ` +
        `${fallbacks.join(', ')} or ${temp} (${why(error)}); set SHMLAB_STATE_DIR to a folder you own.`,
    );
  }
}
