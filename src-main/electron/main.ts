// Electron entry: app lifecycle. Everything with behaviour lives in lab/;
// this file wires it to a window. Shutdown (signals, uncaught errors,
// unhandled rejections) is lab/shutdown.ts, the same path as the web host's.
import { join } from 'node:path';
import { app, ipcMain } from 'electron';
import { resolveChildEntry } from '../lab/child-host';
import { Lab } from '../lab/lab';
import { SegmentRegistry } from '../lab/registry';
import { installShutdown } from '../lab/shutdown';
import { registerAppScheme, serveApp } from './app-protocol';
import { openLabGate } from './ipc-gate';
import { UtilityChildHost } from './utility-child-host';
import { createMainWindow, denyAllPermissions } from './window';

const outDir = join(import.meta.dirname, '..');
let lab: Lab | null = null;

const dispose = (): void => {
  lab?.dispose();
  lab = null;
};
// app.exit, not process.exit: it lets Electron tear its windows down.
const shutdown = installShutdown({ dispose, exit: (code) => app.exit(code) });

registerAppScheme();
app.enableSandbox();

async function start(): Promise<void> {
  await app.whenReady();
  denyAllPermissions();
  serveApp(join(outDir, 'renderer'));
  lab = await Lab.start({
    host: new UtilityChildHost(resolveChildEntry(import.meta.dirname)),
    hostKind: 'electron',
    registry: new SegmentRegistry(),
    // Only the app's own window reaches the Lab (the IPC gate checks every sender); `npm start --
    // --no-run` passes --no-run on to turn running the learner's programs off.
    runPrograms: !process.argv.includes('--no-run'),
  });
  const window = createMainWindow(outDir);
  const closeGate = openLabGate(ipcMain, lab, window);
  window.on('closed', closeGate);
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', dispose);

start().catch((error: unknown) => shutdown.fail('could not start', error));
