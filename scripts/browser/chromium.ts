// Where the e2e specs' Chromium is: the one a user chose (CHROMIUM_PATH), Playwright's own
// download, or a distribution's on PATH. The same search runs in scripts/ensure-browser.ts (before
// `npm test`, installing one when it finds none) and in playwright.config.ts (for the run), so
// both always agree on the browser without a file that could go stale between them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Names a Chromium goes by on PATH: Debian's package, Ubuntu's and Fedora's, Google's builds.
 * Debian's `chromium` first: it is the one the project's machines and CI use.
 */
export const CHROMIUM_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
] as const;

/** A file that may be a Chromium, and why it was considered. */
export interface Candidate {
  readonly path: string;
  /** For messages: "CHROMIUM_PATH", "Playwright's download", "PATH". */
  readonly source: string;
}

export type ChromiumSearch =
  | { found: true; path: string; source: string; version: string }
  | { found: false; looked: string[] };

/** True for a regular file this user may execute. */
export function isExecutableFile(path: string): boolean {
  if (!(statSync(path, { throwIfNoEntry: false })?.isFile() ?? false)) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable file called `name` in the folders of `pathVariable`, as a shell finds it. */
export function onPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const folder of (pathVariable ?? '').split(delimiter)) {
    // An empty entry means the current folder to a shell; a browser is never looked for there.
    if (folder === '') continue;
    const path = join(folder, name);
    if (isExecutableFile(path)) return path;
  }
  return undefined;
}

/**
 * What the browser prints for `--version` ("Chromium 156.0.8078.129 …"), or undefined when it
 * does not run or prints something else: a stub such as Ubuntu's snap transition script, or a
 * download whose shared libraries are missing, is not a browser the specs can start.
 */
export function chromiumVersion(path: string): string | undefined {
  const run = spawnSync(path, ['--version'], {
    encoding: 'utf8',
    // A loaded 2-core machine starts Debian's launcher script in about half a second.
    timeout: 30_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (run.status !== 0) return undefined;
  const line = run.stdout.trim().split('\n')[0] ?? '';
  return /\b(chromium|chrome)\b/i.test(line) ? line : undefined;
}

/**
 * Candidates in order: Playwright's own download (when `playwrightChromium` is given), then each
 * of CHROMIUM_NAMES on `pathVariable`.
 */
export function chromiumCandidates(
  pathVariable: string | undefined,
  playwrightChromium: string | undefined,
): Candidate[] {
  const candidates: Candidate[] = [];
  if (playwrightChromium !== undefined) {
    candidates.push({ path: playwrightChromium, source: "Playwright's download" });
  }
  for (const name of CHROMIUM_NAMES) {
    const path = onPath(name, pathVariable);
    if (path !== undefined) candidates.push({ path, source: 'PATH' });
  }
  return candidates;
}

/**
 * The first of `candidates` that runs as a Chromium. `looked` says, for a message, what was
 * tried and why each was refused.
 */
export function firstRunnable(candidates: readonly Candidate[]): ChromiumSearch {
  const looked: string[] = [];
  for (const { path, source } of candidates) {
    if (!isExecutableFile(path)) {
      looked.push(`${path} (${source}: no such executable)`);
      continue;
    }
    const version = chromiumVersion(path);
    if (version !== undefined) return { found: true, path, source, version };
    looked.push(`${path} (${source}: \`--version\` did not answer as a Chromium)`);
  }
  return { found: false, looked };
}

/** Where the search looks, from the environment of the process that asks. */
export interface SearchPlaces {
  /** CHROMIUM_PATH: when set, the only candidate (the user chose it). */
  readonly chosen: string | undefined;
  readonly pathVariable: string | undefined;
  /** Where Playwright keeps its Chromium for this version of Playwright. */
  readonly playwrightChromium: string | undefined;
}

/** Searches `places`; with CHROMIUM_PATH set, only that file counts. */
export function findChromium(places: SearchPlaces): ChromiumSearch {
  if (places.chosen !== undefined && places.chosen !== '') {
    return firstRunnable([{ path: places.chosen, source: 'CHROMIUM_PATH' }]);
  }
  const candidates = chromiumCandidates(places.pathVariable, places.playwrightChromium);
  const search = firstRunnable(candidates);
  if (!search.found && !candidates.some(({ source }) => source === 'PATH')) {
    search.looked.push(`${CHROMIUM_NAMES.join(', ')} on PATH (none)`);
  }
  return search;
}
