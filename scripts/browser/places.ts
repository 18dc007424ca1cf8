// The search places of this process: its CHROMIUM_PATH, its PATH and Playwright's own folder.
import { chromium } from '@playwright/test';
import type { ChromiumSearch, SearchPlaces } from './chromium';
import { findChromium } from './chromium';

/**
 * Where this version of Playwright keeps (or would download) its Chromium: under
 * PLAYWRIGHT_BROWSERS_PATH, or ~/.cache/ms-playwright. Undefined where Playwright has no build
 * for this platform.
 */
export function playwrightChromiumPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** The places `env` points the search at. */
export function searchPlaces(env: NodeJS.ProcessEnv): SearchPlaces {
  return {
    chosen: env.CHROMIUM_PATH,
    pathVariable: env.PATH,
    playwrightChromium: playwrightChromiumPath(),
  };
}

/** Searches where this process's environment points. */
export function findChromiumHere(env: NodeJS.ProcessEnv = process.env): ChromiumSearch {
  return findChromium(searchPlaces(env));
}

/**
 * The Chromium the e2e specs drive. Throws one message when there is none, so that
 * `playwright test` run on its own stops at its configuration instead of failing every spec.
 */
export function chromiumForE2e(env: NodeJS.ProcessEnv = process.env): string {
  const search = findChromiumHere(env);
  if (search.found) return search.path;
  throw new Error(
    `No Chromium for the e2e specs (looked at ${search.looked.join('; ')}). ` +
      'Run `npm run browser` to find or install one, or set CHROMIUM_PATH.',
  );
}
