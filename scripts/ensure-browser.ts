// `npm run browser`, the first step of `npm test`: finds the Chromium the e2e specs drive, or
// installs one (Playwright's download, then Debian's package), and otherwise stops with one line
// that says what to install, before any test runs. playwright.config.ts repeats the same search
// (scripts/browser/places.ts), so the run uses the browser found here.
import type { Attempt } from './browser/install';
import { downloadPlaywrightChromium, installDebianChromium } from './browser/install';
import { findChromiumHere } from './browser/places';

const HOW_TO_INSTALL =
  "install Debian's chromium (sudo apt-get install chromium) or Playwright's " +
  '(npx playwright install --with-deps chromium), or set CHROMIUM_PATH to a Chromium';

function found(path: string, version: string, source: string): void {
  process.stdout.write(`e2e browser: ${path} (${version}; from ${source})\n`);
}

function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const first = findChromiumHere();
  if (first.found) return found(first.path, first.version, first.source);
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== '') {
    fail(
      `CHROMIUM_PATH is ${chosen}, which is not a runnable Chromium (${first.looked.join('; ')}); ` +
        `unset it to let npm test find or install one, or ${HOW_TO_INSTALL}`,
    );
  }

  const reasons: string[] = [];
  const ways: (() => Promise<Attempt> | Attempt)[] = [
    () => downloadPlaywrightChromium(process.env),
    () => installDebianChromium(process.env),
  ];
  for (const way of ways) {
    const attempt = await way();
    if (!attempt.installed) {
      reasons.push(attempt.why);
      continue;
    }
    // The same search as before, and as playwright.config.ts makes: they must agree.
    const again = findChromiumHere();
    if (again.found) return found(again.path, again.version, again.source);
    reasons.push(`installed, but no Chromium runs: ${again.looked.join('; ')}`);
  }
  fail(
    `No Chromium for the e2e specs (looked at ${first.looked.join('; ')}; ` +
      `could not install one: ${reasons.join('; ')}): ${HOW_TO_INSTALL}.`,
  );
}

await main();
