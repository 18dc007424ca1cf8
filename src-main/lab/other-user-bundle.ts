// Test helper: a copy of what a fixture runs, in a folder any uid can read,
// for running it as another user (the checkout may sit in a 0700 folder,
// such as /root or a mktemp -d). Vite bundles the fixture and the child
// into plain ES modules; the addon is copied beside them.
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { findProjectRoot } from './native';

/**
 * Bundles `entries` (name → source path) into a fresh world-readable temp
 * folder, with child.js (the Lab's child) and the addon; returns the folder.
 */
export async function bundleForOtherUser(entries: Record<string, string>): Promise<string> {
  const root = findProjectRoot();
  const dir = mkdtempSync(join(tmpdir(), 'shmlab-bundle-'));
  chmodSync(dir, 0o755);
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: true,
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rollupOptions: {
        input: { ...entries, child: join(root, 'src-main', 'lab', 'child-main.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
    ssr: { noExternal: true },
  });
  // findProjectRoot() looks for ShmLab's package.json; the addon loads from native/.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'shmlab', type: 'module' }));
  const release = join(dir, 'native', 'build', 'Release');
  mkdirSync(release, { recursive: true });
  // The loader is index.js plus the modules beside it (argument checks, peek): copy them all.
  const loader = readdirSync(join(root, 'native')).filter((name) => name.endsWith('.js'));
  for (const file of [...loader, 'package.json']) {
    copyFileSync(join(root, 'native', file), join(dir, 'native', file));
  }
  copyFileSync(
    join(root, 'native', 'build', 'Release', 'shmlab.node'),
    join(release, 'shmlab.node'),
  );
  for (const sub of ['native', join('native', 'build'), join('native', 'build', 'Release')]) {
    chmodSync(join(dir, sub), 0o755);
  }
  return dir;
}
