import { expect, test } from './fixtures';
import { attachInPane, createSegment, waitForLab } from './helpers';
import { openPane } from './sync-helpers';

const TIMES = 20_000;

test('pane 11: the three variants run one after another; semaphore and atomic lose nothing', async ({
  app,
}) => {
  test.setTimeout(120_000);
  await waitForLab(app);
  await createSegment(app, '64');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const tutorial = await openPane(app, 11);
  await tutorial.getByLabel('N per process').fill(String(TIMES));
  await tutorial.getByRole('button', { name: 'Run all three, one after another' }).click();
  const cell = (variant: string, row: string) =>
    tutorial.locator(`[data-field="${variant}:${row}"]`);
  const number = async (variant: string, row: string): Promise<number> =>
    Number(((await cell(variant, row).textContent()) ?? '').replaceAll(',', ''));
  // The last variant's column fills once all three ran.
  await expect(cell('atomic', 'finished')).toHaveText('all done', { timeout: 90_000 });

  for (const variant of ['plain', 'semaphore', 'atomic']) {
    await expect(cell(variant, 'finished')).toHaveText('all done');
    expect(await number(variant, 'expected')).toBe(2 * TIMES);
    for (const name of ['A', 'B']) {
      expect(await number(variant, `ns per increment in ${name}`)).toBeGreaterThan(0);
    }
  }
  // The semaphore and the atomic add are exact, whatever the scheduler does.
  for (const variant of ['semaphore', 'atomic']) {
    expect(await number(variant, 'final counter')).toBe(2 * TIMES);
    expect(await number(variant, 'lost')).toBe(0);
  }
  // No lock: only the bounds are guaranteed (see race.spec.ts), and the numbers add up.
  const final = await number('plain', 'final counter');
  expect(final).toBeGreaterThanOrEqual(2);
  expect(final).toBeLessThanOrEqual(2 * TIMES);
  expect(await number('plain', 'lost')).toBe(2 * TIMES - final);
  await expect(tutorial.getByText(/Here one increment under the semaphore took/)).toBeVisible();
});
