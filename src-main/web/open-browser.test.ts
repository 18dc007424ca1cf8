// The real opener, run for real: a stand-in `xdg-open` script on PATH records
// what it was asked to open.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBrowserOpener, openInBrowser } from './open-browser';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder with an executable `xdg-open` that writes its arguments to `opened`. */
function fakeOpener(): { bin: string; opened: string } {
  const bin = mkdtempSync(join(tmpdir(), 'shmlab-open-'));
  dirs.push(bin);
  const opened = join(bin, 'opened');
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  return { bin, opened };
}

async function waitForFile(path: string): Promise<string> {
  const deadline = Date.now() + 5000;
  while (!existsSync(path) || readFileSync(path, 'utf8') === '') {
    if (Date.now() > deadline) throw new Error(`${path} was never written`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return readFileSync(path, 'utf8');
}

describe('openInBrowser', () => {
  it('runs xdg-open with the URL when there is a display', async () => {
    const { bin, opened } = fakeOpener();
    const env = { PATH: bin, DISPLAY: ':0' };
    expect(findBrowserOpener(env)).toEqual({ command: join(bin, 'xdg-open') });
    const url = 'http://127.0.0.1:1234/#code=00ff';
    expect(openInBrowser(url, env)).toMatch(/default browser/);
    expect(await waitForFile(opened)).toBe(url);
  });

  it('does not try without a graphical session, and says why', () => {
    const { bin, opened } = fakeOpener();
    expect(openInBrowser('http://127.0.0.1:1/', { PATH: bin })).toMatch(/no graphical session/);
    expect(existsSync(opened)).toBe(false);
  });

  it('does not fail when xdg-open is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'shmlab-open-'));
    dirs.push(empty);
    const env = { PATH: empty, WAYLAND_DISPLAY: 'wayland-0' };
    expect(findBrowserOpener(env)).toEqual({ reason: 'xdg-open is not installed' });
    expect(openInBrowser('http://127.0.0.1:1/', env)).toMatch(/xdg-open is not installed/);
  });
});
