// Electron entry: app lifecycle. Everything with behaviour lives in lab/;
// this file wires it to a window.
import { join } from 'node:path';
import { app, ipcMain } from 'electron';
import { resolveChildEntry } from '../lab/child-host';
import { Lab } from '../lab/lab';
import { SegmentRegistry } from '../lab/registry';
import { registerAppScheme, serveApp } from './app-protocol';
import { openLabGate } from './ipc-gate';
import { UtilityChildHost } from './utility-child-host';
import { createMainWindow, denyAllPermissions } from './window';

const outDir = join(import.meta.dirname, '..');
let lab: Lab | null = null;

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
  });
  const window = createMainWindow(outDir);
  const closeGate = openLabGate(ipcMain, lab, window);
  window.on('closed', closeGate);
}

function shutDown(): void {
  lab?.dispose();
  lab = null;
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', shutDown);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    shutDown();
    app.quit();
  });
}
process.on('uncaughtException', (error) => {
  process.stderr.write(`ShmLab: uncaught error: ${error.stack ?? String(error)}\n`);
  shutDown();
  app.exit(1);
});

start().catch((error: unknown) => {
  process.stderr.write(`ShmLab could not start: ${String(error)}\n`);
  shutDown();
  app.exit(1);
});
