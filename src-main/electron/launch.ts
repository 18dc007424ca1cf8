// `npm start`: builds the app and runs it in Electron; where Electron cannot
// open a window (no binary, no display), says why in one sentence and runs
// web mode in the same terminal. `npm start -- --web` asks for web mode.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findElectronBinary } from './binary';
import type { ElectronBinary } from './binary';
import type { LaunchPlan } from './launch-plan';
import { fallbackSentence, planLaunch } from './launch-plan';

const USAGE =
  'Usage: npm start -- [--web] [--port N] [--no-run]\n' +
  '  --web     serve the app to your browser on 127.0.0.1 instead of a desktop window\n' +
  '  --port N  the port for web mode (default: a free one)\n' +
  '  --no-run  never run the C programs typed in the app (compiling still works)\n';

const projectRoot = resolve(import.meta.dirname, '../..');

function parseOptions(): { web: boolean; port: string | undefined; run: boolean } {
  try {
    const { values } = parseArgs({
      options: {
        web: { type: 'boolean', default: false },
        port: { type: 'string' },
        'no-run': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    return { web: values.web, port: values.port, run: !values['no-run'] };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** The Electron binary, fetching it on first run (the package downloads it lazily). */
function electronBinary(): ElectronBinary {
  const electron = findElectronBinary(projectRoot);
  if (electron.found || process.env.ELECTRON_EXEC_PATH) return electron;
  process.stdout.write('Fetching the Electron binary (first run only)…\n');
  // Not require('electron'): that would fetch with no time limit.
  const fetch = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules', 'electron', 'install.js')],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 },
  );
  const after = findElectronBinary(projectRoot);
  if (after.found || fetch.status === 0) return after;
  return { found: false, reason: `${after.reason}, and fetching it failed` };
}

function build(): void {
  const result = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs `child` to its end, passing on the signals a terminal or a supervisor sends. */
function follow(child: ChildProcess): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
}

function runWeb(port: string | undefined, run: boolean): void {
  const args = [join(projectRoot, 'out', 'main', 'web.js'), '--open'];
  if (port !== undefined) args.push('--port', port);
  if (!run) args.push('--no-run');
  follow(spawn(process.execPath, args, { cwd: projectRoot, stdio: 'inherit' }));
}

const options = parseOptions();
const plan: LaunchPlan = options.web
  ? { mode: 'web', why: null }
  : planLaunch(electronBinary(), process.env);
build();
if (plan.mode === 'web') {
  if (plan.why !== null) process.stdout.write(`${fallbackSentence(plan.why)}\n`);
  runWeb(options.port, options.run);
} else {
  const child = spawn(plan.binary, options.run ? ['.'] : ['.', '--no-run'], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  // The binary exists but cannot be run (wrong architecture, no exec permission).
  child.once('error', (error) => {
    process.stdout.write(`${fallbackSentence(`Electron could not be run (${error.message})`)}\n`);
    runWeb(options.port, options.run);
  });
  child.once('spawn', () => follow(child));
}
