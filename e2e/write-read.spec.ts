import { expect, snapshot, test } from './fixtures';
import { attachInPane, byteCell, createSegment, pane, waitForLab, writeInPane } from './helpers';

test('a value written in A appears in B, read by B; and the other way round', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  const baseA = await attachInPane(app, 'A');
  const baseB = await attachInPane(app, 'B');
  expect(baseA).not.toBe(baseB);

  await writeInPane(app, 'A', { offset: '16', type: 'u32', value: '0xcafebabe' });
  // B's view comes from B's own mapping, reported by B's process.
  await expect(byteCell(app, 'B', 16)).toHaveText('be');
  await expect(byteCell(app, 'B', 19)).toHaveText('ca');
  await expect(byteCell(app, 'B', 16)).toHaveAttribute('data-changed', 'other');
  await snapshot(app, 'A wrote, B sees it');

  await writeInPane(app, 'B', { offset: '100', type: 'ascii', value: 'hi' });
  await expect(byteCell(app, 'A', 100)).toHaveText('68');
  await expect(byteCell(app, 'A', 101)).toHaveText('69');
  await expect(byteCell(app, 'A', 100)).toHaveAttribute('data-changed', 'other');
  await expect(pane(app, 'A').getByRole('alert')).toHaveCount(0);
});
