import { expect, test } from './fixtures';
import { attachFreshSegmentInBoth } from './web-host';

test('scratch', async ({ app }) => {
  app.on('console', (m) => console.log('CONSOLE', m.type(), m.text().slice(0, 300)));
  await attachFreshSegmentInBoth(app);
  await app.getByRole('button', { name: 'Your program' }).click();
  const view = app.getByRole('region', { name: 'Your program' });
  await expect(view.getByText(/Compiler: /)).toBeVisible();
  const t0 = Date.now();
  await view.getByRole('button', { name: 'Run' }).click();
  await app.waitForTimeout(1500);
  await app.screenshot({ path: '/tmp/pv/scratch1.png', fullPage: false });
  await expect(view.getByText(/exited with status 0/)).toBeVisible({ timeout: 20_000 });
  console.log('took', Date.now() - t0);
  await app.screenshot({ path: '/tmp/pv/scratch2.png', fullPage: false });
  await view.evaluate((e) => e.scrollTo(0, 10000));
  await app.locator('.app__tutorial').evaluate((e) => e.scrollTo(0, 10000));
  await app.screenshot({ path: '/tmp/pv/scratch3.png', fullPage: false });
});
