import { expect, snapshot, test } from './fixtures';
import { attachInPane, createSegment, goToStep, waitForLab } from './helpers';

test('the race pane runs A and B against one counter and reports what A read back', async ({
  app,
}) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  await goToStep(app, /What next/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByRole('button', { name: 'Race A and B' }).click();
  const result = tutorial.getByRole('status').filter({ hasText: 'Expected 200,000' });
  await expect(result).toBeVisible({ timeout: 20_000 });
  const text = (await result.textContent()) ?? '';
  const final = Number(/holds ([\d,]+)/.exec(text)?.[1]?.replaceAll(',', ''));
  // Whatever the interleaving, the counter ends between one loop's worth and both.
  expect(final).toBeGreaterThanOrEqual(100_000);
  expect(final).toBeLessThanOrEqual(200_000);
  await snapshot(app, 'pane 9: the race');
});
