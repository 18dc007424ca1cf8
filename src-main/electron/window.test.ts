// The window's security settings, against a fake BrowserWindow and session
// (the Electron binary is not available to tests; its modules are mocked).
import { join } from 'node:path';
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, denyAllPermissions, secureWebPreferences } from './window';

const fakes = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;

  class FakeEmitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener): this {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener): this {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]): void {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
  }

  class FakeWebContents extends FakeEmitter {
    windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
    setWindowOpenHandler(handler: (details: { url: string }) => unknown): void {
      this.windowOpenHandler = handler;
    }
  }

  class FakeBrowserWindow extends FakeEmitter {
    static readonly created: FakeBrowserWindow[] = [];
    readonly webContents = new FakeWebContents();
    readonly loadedUrls: string[] = [];
    readonly loadedFiles: string[] = [];
    shown = 0;
    constructor(readonly options: unknown) {
      super();
      FakeBrowserWindow.created.push(this);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrls.push(url);
      return Promise.resolve();
    }
    loadFile(file: string): Promise<void> {
      this.loadedFiles.push(file);
      return Promise.resolve();
    }
    show(): void {
      this.shown += 1;
    }
  }

  const defaultSession = {
    requestHandler: null as Listener | null,
    checkHandler: null as Listener | null,
    setPermissionRequestHandler(handler: Listener | null): void {
      defaultSession.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener | null): void {
      defaultSession.checkHandler = handler;
    },
  };

  return { FakeBrowserWindow, defaultSession };
});

vi.mock('electron', () => ({
  BrowserWindow: fakes.FakeBrowserWindow,
  session: { defaultSession: fakes.defaultSession },
  protocol: { handle: () => undefined, registerSchemesAsPrivileged: () => undefined },
}));

type FakeWindow = InstanceType<typeof fakes.FakeBrowserWindow>;

const outDir = join('/opt', 'shmlab', 'out');

function openWindow(): FakeWindow {
  const before = fakes.FakeBrowserWindow.created.length;
  const returned: unknown = createMainWindow(outDir);
  expect(fakes.FakeBrowserWindow.created).toHaveLength(before + 1);
  const window = fakes.FakeBrowserWindow.created.at(-1);
  if (window === undefined) throw new Error('no window was created');
  expect(returned).toBe(window);
  return window;
}

/** Emits a navigation event the way Electron 45 does: details first, then the deprecated url. */
function navigate(window: FakeWindow, eventName: string, url: string): boolean {
  let prevented = false;
  const details = {
    url,
    isMainFrame: true,
    isSameDocument: false,
    preventDefault: () => {
      prevented = true;
    },
  };
  window.webContents.emit(eventName, details, url, false, true, 1, 1);
  return prevented;
}

describe('secureWebPreferences', () => {
  it('turns on every isolation flag and off every Node and webview door', () => {
    const expected: WebPreferences = {
      preload: '/x/preload.cjs',
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
    expect(secureWebPreferences('/x/preload.cjs')).toEqual(expected);
  });
});

describe('createMainWindow', () => {
  let window: FakeWindow;

  beforeEach(() => {
    window = openWindow();
  });

  it('constructs the window with the hardened preferences and the built preload', () => {
    const options = window.options as BrowserWindowConstructorOptions;
    const preferences = options.webPreferences;
    expect(preferences?.contextIsolation).toBe(true);
    expect(preferences?.sandbox).toBe(true);
    expect(preferences?.nodeIntegration).toBe(false);
    expect(preferences?.nodeIntegrationInWorker).toBe(false);
    expect(preferences?.nodeIntegrationInSubFrames).toBe(false);
    expect(preferences?.webSecurity).toBe(true);
    expect(preferences?.allowRunningInsecureContent).toBe(false);
    expect(preferences?.webviewTag).toBe(false);
    expect(preferences?.preload).toBe(join(outDir, 'preload', 'index.cjs'));
    expect(preferences).toEqual(secureWebPreferences(join(outDir, 'preload', 'index.cjs')));
    expect(options.show).toBe(false);
  });

  it('loads exactly the app URL, never http or a file', () => {
    expect(window.loadedUrls).toEqual(['shmlab://app/index.html']);
    expect(window.loadedFiles).toEqual([]);
  });

  it('shows the window only once it is ready', () => {
    expect(window.shown).toBe(0);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
  });

  it('denies every window.open', () => {
    const handler = window.webContents.windowOpenHandler;
    expect(handler).not.toBeNull();
    expect(handler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'shmlab://app/index.html' })).toEqual({ action: 'deny' });
  });

  it('cancels navigation away from the app and lets in-app navigation through', () => {
    expect(navigate(window, 'will-navigate', 'https://evil.example')).toBe(true);
    expect(navigate(window, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, 'will-navigate', 'http://127.0.0.1:5173/')).toBe(true);
    expect(navigate(window, 'will-navigate', 'shmlab://evil/index.html')).toBe(true);
    expect(navigate(window, 'will-navigate', 'shmlab://app/other.html')).toBe(false);
  });

  it('cancels redirects away from the app', () => {
    expect(navigate(window, 'will-redirect', 'https://evil.example')).toBe(true);
    expect(navigate(window, 'will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate(window, 'will-redirect', 'shmlab://app/index.html')).toBe(false);
  });

  it('refuses to attach a webview', () => {
    let prevented = false;
    window.webContents.emit(
      'will-attach-webview',
      { preventDefault: () => (prevented = true) },
      {},
      {},
    );
    expect(prevented).toBe(true);
  });
});

describe('denyAllPermissions', () => {
  it('answers every permission request and check with false', () => {
    fakes.defaultSession.setPermissionRequestHandler(null);
    fakes.defaultSession.setPermissionCheckHandler(null);
    denyAllPermissions();
    const request = fakes.defaultSession.requestHandler;
    const check = fakes.defaultSession.checkHandler;
    if (request === null || check === null) throw new Error('a permission handler is missing');

    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      request({}, permission, callback, { requestingUrl: 'shmlab://app/index.html' });
      expect(callback.mock.calls).toEqual([[false]]);
      expect(check({}, permission, 'shmlab://app', {})).toBe(false);
    }
  });
});
