// Reader of /dev/shm: the POSIX shared-memory objects of this machine. On Linux, glibc's shm_open
// is open(2) on a tmpfs mounted there, so each object is a file and lstat tells its facts.
import { lstatSync, readdirSync } from 'node:fs';
import { toProcFileError } from './proc-error';

/** One POSIX shared-memory object, as lstat describes its file. */
export interface DevShmEntry {
  /** The name shm_open takes: '/' and the file name. */
  readonly name: string;
  /** Bytes (what ftruncate set). */
  readonly size: number;
  readonly uid: number;
  readonly gid: number;
  /** Permission bits (the file type bits removed). */
  readonly mode: number;
  /** Seconds since the epoch, rounded down. */
  readonly atime: number;
  readonly mtime: number;
  readonly ctime: number;
  /** Device and inode of the file: a mapping of it in /proc/<pid>/maps names the same pair. */
  readonly dev: number;
  readonly ino: number;
}

/** Where glibc's shm_open puts its objects. */
export const DEV_SHM = '/dev/shm';

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * Lists the objects in /dev/shm (or `directory`). Only regular files are objects: folders,
 * symbolic links, sockets and FIFOs that programs leave there are skipped, and so is a file that
 * disappears between the listing and its lstat (shm_unlink at that moment). Named POSIX
 * semaphores (sem_open) are files there too, named 'sem.<name>'; they are listed as they are.
 * Entries come in name order.
 *
 * @throws ProcFileError when the folder itself cannot be read (ENOENT, EACCES…).
 */
export function readDevShm(directory: string = DEV_SHM): DevShmEntry[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch (error) {
    throw toProcFileError(error, directory);
  }
  const objects: DevShmEntry[] = [];
  for (const entryName of names) {
    const stat = lstatSync(`${directory}/${entryName}`, { throwIfNoEntry: false });
    if (stat === undefined || !stat.isFile()) continue;
    objects.push({
      name: `/${entryName}`,
      size: stat.size,
      uid: stat.uid,
      gid: stat.gid,
      mode: stat.mode & 0o7777,
      atime: seconds(stat.atimeMs),
      mtime: seconds(stat.mtimeMs),
      ctime: seconds(stat.ctimeMs),
      dev: stat.dev,
      ino: stat.ino,
    });
  }
  return objects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
