// Web mode's token, as a user meets it: it leaves the address bar as soon as
// the page has read it, a reload of the same tab still connects, and a link
// with a wrong or missing token says so (not "restart the host"). A browser
// the host opens itself (--open) gets a one-time code instead, traded for the
// token by the page.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { waitForLab } from './helpers';
import { startWebHost } from './web-host';

const NOT_VALID = "this link's token is not valid: open the URL the host printed";

test.beforeEach(({ webHost }, testInfo) => {
  if (webHost !== null) return;
  const reason = 'the token exists only in web mode';
  // Said on the console too: the list reporter shows a skip without its reason.
  process.stdout.write(`[e2e] skipped "${testInfo.title}" (${testInfo.project.name}): ${reason}\n`);
  test.skip(true, reason);
});

test('the token leaves the address bar, and a reload of the tab still connects', async ({
  app,
  webHost,
}) => {
  await waitForLab(app);
  const origin = new URL(webHost!.url).origin;
  expect(app.url()).toBe(`${origin}/`);
  await app.reload();
  await waitForLab(app);
  expect(app.url()).toBe(`${origin}/`);
});

test('a wrong token says the link is not valid, and nothing is logged', async ({
  app,
  webHost,
}) => {
  await waitForLab(app);
  const wrong = webHost!.url.replace(/token=[0-9a-f]+/, `token=${'0'.repeat(32)}`);
  // A different document first, so the fragment-only change is a real load.
  await app.goto('about:blank');
  await app.goto(wrong);
  await expect(app.getByRole('status').filter({ hasText: NOT_VALID })).toBeVisible();
  await expect(app.getByText('restart the host')).toHaveCount(0);
  await expect(app.getByText('Not connected to the Lab.')).toBeVisible();
  expect(app.url()).not.toContain('token=');
});

test('a tab that never had a token says the link is not valid', async ({ app, webHost }) => {
  await waitForLab(app);
  // A new tab starts with empty session storage.
  const tab = await app.context().newPage();
  const logged: string[] = [];
  tab.on('console', (message) => logged.push(`${message.type()}: ${message.text()}`));
  tab.on('pageerror', (error) => logged.push(`uncaught: ${error.message}`));
  await tab.goto(new URL(webHost!.url).origin);
  await expect(tab.getByRole('status').filter({ hasText: NOT_VALID })).toBeVisible();
  expect(logged).toEqual([]);
  await tab.close();
});

test('a browser opened by --open connects with its one-time code, which works once', async ({
  page,
}) => {
  // A stand-in xdg-open that writes down the address it was asked to open.
  const bin = mkdtempSync(join(tmpdir(), 'shmlab-e2e-open-'));
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-e2e-'));
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${bin}/url'\n`);
  chmodSync(join(bin, 'xdg-open'), 0o755);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':99' };
  const host = await startWebHost({ ...env, SHMLAB_STATE_DIR: stateDir }, ['--open']);
  try {
    await expect.poll(() => existsSync(join(bin, 'url'))).toBe(true);
    const opened = readFileSync(join(bin, 'url'), 'utf8');
    const token = /token=([0-9a-f]+)/.exec(host.url)![1]!;
    expect(opened).not.toContain(token);
    expect(opened).toMatch(/#code=[0-9a-f]{32}$/);
    const origin = new URL(host.url).origin;
    await page.goto(opened);
    await waitForLab(page);
    expect(page.url()).toBe(`${origin}/`);
    // The page kept the token it traded the code for: a reload connects.
    await page.reload();
    await waitForLab(page);
    // The code itself is spent: a new tab (empty session storage) is refused.
    const again = await page.context().newPage();
    await again.goto(opened);
    await expect(again.getByRole('status').filter({ hasText: NOT_VALID })).toBeVisible();
    await again.close();
  } finally {
    await host.stop();
    rmSync(bin, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  }
});
