// The main window and its security settings, in one place.
import { join } from 'node:path';
import type { WebPreferences } from 'electron';
import { BrowserWindow, session } from 'electron';
import { APP_URL, isAppUrl } from './app-protocol';

/** Every BrowserWindow we open uses exactly these. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** Denies every permission request and check (camera, notifications, …). */
export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  session.defaultSession.setPermissionCheckHandler(() => false);
}

/** Opens the main window on the built UI; navigation and new windows are refused. */
export function createMainWindow(outDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'ShmLab',
    backgroundColor: '#111418',
    webPreferences: secureWebPreferences(join(outDir, 'preload', 'index.cjs')),
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // The positional url argument is deprecated since Electron 25; the event carries it.
  window.webContents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_URL);
  return window;
}
