// Loads the native addon at run time from the project root, so the same code
// works from source (vitest, tsx) and from the bundles in out/main.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Native from '../../native/index.js';

/** Walks up from `start` to the folder whose package.json is ShmLab's. */
export function findProjectRoot(start: string = import.meta.dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'shmlab') return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no ShmLab package.json above ${start}`);
  }
}

export type NativeAddon = typeof Native;

const require = createRequire(import.meta.url);

/** The System V shared-memory addon (native/index.js). */
export const native: NativeAddon = require(join(findProjectRoot(), 'native')) as NativeAddon;
