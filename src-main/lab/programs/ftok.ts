// ftok(3) made for real by the addon, with the stat(2) facts the key is built from.
import { statSync } from 'node:fs';
import type { FtokResult } from '../../common/api';
import { LabError } from '../../common/errors';
import { native } from '../native';

// What stat(2), which ftok makes first, says with each errno it may give.
const STAT_ERRORS: Record<string, string> = {
  ENOENT: 'there is no such file or folder',
  EACCES: 'a folder on the way may not be searched (no x permission)',
  ENOTDIR: 'a part of the path that should be a folder is not one',
  ENAMETOOLONG: 'the path or one of its names is too long',
  ELOOP: 'the path has too many symbolic links (a loop?)',
};

/** Linux's dev_t split (glibc's gnu_dev_major / gnu_dev_minor). */
export function splitDevice(dev: bigint): { major: number; minor: number } {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return { major: Number(major), minor: Number(minor) };
}

/** ftok(path, projectId), and the inode and device of `path`. */
export function ftok(path: string, projectId: number): FtokResult {
  let key: number;
  try {
    key = native.ftok(path, projectId);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string') throw error;
    throw new LabError(
      code,
      `ftok("${path}", ${projectId}) failed with ${code}: ` +
        `${STAT_ERRORS[code] ?? 'stat of the path failed'}. ftok builds the key from the ` +
        "file's inode and device, so the path must name a file or folder that exists",
      'ftok',
    );
  }
  // bigint: st_ino and st_dev are 64-bit, and a Number loses their high bits.
  const stat = statSync(path, { bigint: true });
  const { major, minor } = splitDevice(stat.dev);
  return {
    key,
    path,
    projectId,
    inode: Number(stat.ino),
    device: Number(stat.dev),
    deviceMajor: major,
    deviceMinor: minor,
  };
}
