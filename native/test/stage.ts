// A process that runs under another uid (uid 65534 in the permission tests) cannot read a
// checkout that sits in a folder only its owner may enter (a `mktemp -d` folder is 0700, and so
// is /root). What such a child runs (the fixture, index.js and the built .node) is therefore
// copied to a fresh folder in the temp dir that every user may read, and removed afterwards.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse, resolve } from 'node:path';

/** native/, the root every staged path is relative to. */
const nativeRoot = resolve(import.meta.dirname, '..');

/** What a child needs to load the addon: the loader and the built binary. */
export const ADDON_FILES = [
  'index.js',
  'checks.js',
  'peek.js',
  'semaphores.js',
  'increments.js',
  'pty.js',
  'build/Release/shmlab.node',
] as const;

/** A world-readable copy of some files of native/, laid out as in native/. */
export interface Stage {
  /** The copy's native/ folder: `join(root, 'test/fixtures/x.cjs')` is the copy of that file. */
  readonly root: string;
  remove(): void;
}

/** Throws, naming the folder, unless every user may search every folder down to `dir`. */
function assertSearchableByAll(dir: string): void {
  for (let at = resolve(dir); ; at = dirname(at)) {
    if ((statSync(at).mode & 0o001) === 0) {
      throw new Error(
        `${at} is not searchable by other users, so a child under another uid cannot reach ` +
          `${dir}; set TMPDIR to a folder every user may enter (such as /tmp)`,
      );
    }
    if (at === parse(at).root) return;
  }
}

/** Copies `paths` (relative to native/) into a new folder in the temp dir that every user may read. */
export function stageForOtherUsers(paths: readonly string[]): Stage {
  assertSearchableByAll(tmpdir());
  const top = mkdtempSync(join(tmpdir(), 'shmlab-stage-'));
  const root = join(top, 'native');
  try {
    for (const path of paths) {
      const target = join(root, path);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(nativeRoot, path), target);
      chmodSync(target, 0o644);
      // mkdtemp makes its folder 0700 and a umask may strip bits from the others: open every
      // folder from the file up to the top explicitly.
      for (let dir = dirname(target); dir.startsWith(top); dir = dirname(dir))
        chmodSync(dir, 0o755);
    }
  } catch (error) {
    rmSync(top, { recursive: true, force: true });
    throw error;
  }
  return { root, remove: () => rmSync(top, { recursive: true, force: true }) };
}
