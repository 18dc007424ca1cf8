// Opens the web host's URL in the user's default browser, where there is
// one. Best effort by design: the URL is always printed, so failing to open
// a browser must never stop the host or print an error.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type BrowserOpener = { command: string } | { reason: string };

function findInPath(name: string, path: string | undefined): string | null {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; try the next folder.
    }
  }
  return null;
}

/** How the default browser can be opened in `env`, or why it cannot. */
export function findBrowserOpener(env: NodeJS.ProcessEnv = process.env): BrowserOpener {
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'there is no graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  const command = findInPath('xdg-open', env.PATH);
  return command === null ? { reason: 'xdg-open is not installed' } : { command };
}

/**
 * Asks the default browser to open `url`; returns a sentence saying what was
 * done, for the terminal. Never throws and never waits for the browser.
 * `url` ends up in the opener's and the browser's command lines, which every
 * user can read: it must carry no lasting secret (see WebHost.openingUrl).
 */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const opener = findBrowserOpener(env);
  if ('reason' in opener) return `Not opening a browser: ${opener.reason}.`;
  try {
    const child = spawn(opener.command, [url], { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    return `Not opening a browser: ${opener.command} could not be started.`;
  }
  return 'Asked your default browser to open it (xdg-open).';
}
