// The Chromium search over real files: fake browsers are shell scripts in a temp folder, and
// PATH is a list of real folders, so what is tested is what a shell would find and run.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findChromium, firstRunnable, onPath } from './chromium';
import { aptGetCommand, probe } from './install';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'shmlab-browser-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A folder under the test's root. */
function folder(name: string): string {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  return path;
}

/** An executable shell script at `dir/name` that prints `said` and exits with `status`. */
function program(dir: string, name: string, said: string, status = 0, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho '${said}'\nexit ${status}\n`);
  chmodSync(path, mode);
  return path;
}

const browser = (dir: string, name = 'chromium'): string =>
  program(dir, name, 'Chromium 156.0.8078.129 built on Debian GNU/Linux 12 (bookworm)');

describe('onPath', () => {
  it('finds the first executable of that name in PATH order, as a shell does', () => {
    const first = folder('first');
    const second = folder('second');
    browser(second);
    const wanted = browser(first);
    expect(onPath('chromium', [first, second].join(delimiter))).toBe(wanted);
  });

  it('passes over a file that may not be run, a folder of that name and empty entries', () => {
    const notRunnable = folder('not-runnable');
    program(notRunnable, 'chromium', 'Chromium 1', 0, 0o644);
    const dirNamed = folder('dir-named');
    mkdirSync(join(dirNamed, 'chromium'));
    const real = folder('real');
    const wanted = browser(real);
    expect(onPath('chromium', ['', notRunnable, dirNamed, real].join(delimiter))).toBe(wanted);
    expect(onPath('chromium', [notRunnable, dirNamed].join(delimiter))).toBeUndefined();
    expect(onPath('chromium', undefined)).toBeUndefined();
  });
});

describe('firstRunnable', () => {
  it('refuses a stub that fails and a program that is no browser, and takes the next', () => {
    const bin = folder('bin');
    const stub = program(bin, 'chromium-browser', 'install the chromium snap', 1);
    const other = program(bin, 'google-chrome', 'some other program 1.0');
    const real = browser(bin);
    const search = firstRunnable([
      { path: stub, source: 'PATH' },
      { path: other, source: 'PATH' },
      { path: join(bin, 'missing'), source: "Playwright's download" },
      { path: real, source: 'PATH' },
    ]);
    expect(search).toEqual({
      found: true,
      path: real,
      source: 'PATH',
      version: 'Chromium 156.0.8078.129 built on Debian GNU/Linux 12 (bookworm)',
    });
  });

  it('says what it looked at and why each was refused', () => {
    const bin = folder('bin');
    const stub = program(bin, 'chromium', 'no', 1);
    const search = firstRunnable([
      { path: join(bin, 'missing'), source: "Playwright's download" },
      { path: stub, source: 'PATH' },
    ]);
    expect(search).toEqual({
      found: false,
      looked: [
        `${join(bin, 'missing')} (Playwright's download: no such executable)`,
        `${stub} (PATH: \`--version\` did not answer as a Chromium)`,
      ],
    });
  });
});

describe('findChromium', () => {
  it("prefers Playwright's download, then the names on PATH in their order", () => {
    const bin = folder('bin');
    const chrome = browser(bin, 'google-chrome');
    const chromiumBrowser = browser(bin, 'chromium-browser');
    const playwright = browser(folder('ms-playwright'), 'chrome');
    const places = { chosen: undefined, pathVariable: bin, playwrightChromium: playwright };
    expect(findChromium(places)).toMatchObject({ found: true, path: playwright });
    const withoutDownload = { ...places, playwrightChromium: join(root, 'never-downloaded') };
    expect(findChromium(withoutDownload)).toMatchObject({ found: true, path: chromiumBrowser });
    rmSync(chromiumBrowser);
    expect(findChromium(withoutDownload)).toMatchObject({ found: true, path: chrome });
  });

  it('with CHROMIUM_PATH set, takes that file only, even when PATH has a browser', () => {
    const bin = folder('bin');
    browser(bin);
    const chosen = browser(folder('chosen'), 'my-chromium');
    const places = { chosen, pathVariable: bin, playwrightChromium: undefined };
    expect(findChromium(places)).toMatchObject({
      found: true,
      path: chosen,
      source: 'CHROMIUM_PATH',
    });
    const broken = { ...places, chosen: join(root, 'nothing-here') };
    expect(findChromium(broken)).toEqual({
      found: false,
      looked: [`${join(root, 'nothing-here')} (CHROMIUM_PATH: no such executable)`],
    });
  });

  it('finding nothing, names every place it looked', () => {
    const never = join(root, 'never-downloaded');
    expect(
      findChromium({ chosen: '', pathVariable: folder('empty'), playwrightChromium: never }),
    ).toEqual({
      found: false,
      looked: [
        `${never} (Playwright's download: no such executable)`,
        'chromium, chromium-browser, google-chrome-stable, google-chrome on PATH (none)',
      ],
    });
    const search = findChromium({
      chosen: '',
      pathVariable: folder('empty'),
      playwrightChromium: undefined,
    });
    expect(search).toEqual({
      found: false,
      looked: ['chromium, chromium-browser, google-chrome-stable, google-chrome on PATH (none)'],
    });
  });
});

describe('aptGetCommand', () => {
  it('runs apt-get directly as root, through sudo -n without a terminal, and not without sudo', () => {
    const bin = folder('bin');
    expect(aptGetCommand({ PATH: bin }, 0, false)).toEqual({ why: 'no apt-get on PATH' });
    const aptGet = program(bin, 'apt-get', 'apt 2.6.1');
    expect(aptGetCommand({ PATH: bin }, 0, false)).toEqual({ command: [aptGet] });
    expect(aptGetCommand({ PATH: bin }, 1000, false)).toEqual({
      why: 'apt-get needs root, and there is no sudo on PATH',
    });
    const sudo = program(bin, 'sudo', 'Sudo version 1.9.13p3');
    const env = { PATH: bin };
    const asRoot = 'DEBIAN_FRONTEND=noninteractive';
    expect(aptGetCommand(env, 1000, false)).toEqual({ command: [sudo, '-n', asRoot, aptGet] });
    expect(aptGetCommand(env, 1000, true)).toEqual({ command: [sudo, asRoot, aptGet] });
  });
});

describe('probe', () => {
  it('answers undefined for a listening port and the error code for a closed one', async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    try {
      expect(await probe('127.0.0.1', address.port, 5_000)).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    // The port was just freed; nothing else on loopback takes it within these few lines.
    expect(await probe('127.0.0.1', address.port, 5_000)).toBe('ECONNREFUSED');
  });
});
