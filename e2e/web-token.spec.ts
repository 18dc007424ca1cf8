// Web mode's token, as a user meets it: it leaves the address bar as soon as
// the page has read it, a reload of the same tab still connects, and a link
// with a wrong or missing token says so (not "restart the host").
import { expect, test } from './fixtures';
import { waitForLab } from './helpers';

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
