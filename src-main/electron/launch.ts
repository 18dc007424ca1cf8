// `npm start`: builds the app and runs it in Electron, or explains why it
// cannot and points to web mode.
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { findElectronBinary } from './binary';

const projectRoot = resolve(import.meta.dirname, '../..');
let electron = findElectronBinary(projectRoot);

// The electron package fetches its binary lazily; do that first fetch here
// (without require('electron'), which would do it with no time limit).
if (!electron.found && !process.env.ELECTRON_EXEC_PATH) {
  process.stdout.write('Fetching the Electron binary (first run only)…\n');
  const fetch = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules', 'electron', 'install.js')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 300_000,
    },
  );
  electron = findElectronBinary(projectRoot);
  if (!electron.found && fetch.status !== 0) {
    electron = { found: false, reason: `${electron.reason}, and fetching it failed` };
  }
}

if (!electron.found) {
  process.stderr.write(
    `ShmLab cannot start its desktop window here: ${electron.reason}. ` +
      'Electron fetches its binary on first run, which needs access to its download ' +
      'servers (or set ELECTRON_EXEC_PATH to an installed Electron). Everything else works ' +
      'without it: run `npm run web` to serve the same app, with the same real processes ' +
      'and segments, to your browser on 127.0.0.1.\n',
  );
  process.exit(1);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: projectRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const child = spawn(electron.path, ['.'], { cwd: projectRoot, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
