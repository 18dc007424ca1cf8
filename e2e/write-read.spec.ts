import { expect, snapshot, test } from './fixtures';
import {
  attachInPane,
  byteCell,
  createSegment,
  goToStep,
  pane,
  segmentInBoth,
  waitForLab,
  writeInPane,
} from './helpers';

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
  // A screen reader hears the change in B, which another process made; A's own write is
  // reported by its outcome, not announced again.
  const heard = (name: 'A' | 'B') => pane(app, name).locator('.hex-view [aria-live="polite"]');
  await expect(heard('B')).toHaveText('Process B saw 4 bytes change at offset 16 (0x10)');
  await expect(heard('A')).toHaveText('');
  // B's row at 0x10, read as u32: the bytes be ba fe ca, then four zeros.
  const typed = pane(app, 'B').locator('[role="row"][aria-rowindex="4"] .hex-grid__typed');
  await pane(app, 'B').getByLabel('Read rows of B as').selectOption('u32');
  await expect(typed).toHaveText('3405691582 0');
  // Every value as wide as the widest u32, so the column lines up (as it did read as ASCII).
  const widths = await typed
    .locator('.hex-grid__value')
    .evaluateAll((values) => values.map((value) => value.getBoundingClientRect().width));
  expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(0.5);
  await snapshot(app, 'A wrote, B sees it');

  await writeInPane(app, 'B', { offset: '100', type: 'ascii', value: 'hi' });
  await expect(byteCell(app, 'A', 100)).toHaveText('68');
  await expect(byteCell(app, 'A', 101)).toHaveText('69');
  await expect(byteCell(app, 'A', 100)).toHaveAttribute('data-changed', 'other');
  await expect(heard('A')).toHaveText('Process A saw 2 bytes change at offset 100 (0x64)');
  await expect(heard('B')).toHaveText('Process B saw 4 bytes change at offset 16 (0x10)');
  await expect(pane(app, 'A').getByRole('alert')).toHaveCount(0);
  // A change while B reads rows as u32 redraws the typed column too.
  await writeInPane(app, 'A', { offset: '20', type: 'u32', value: '7' });
  await expect(typed).toHaveText('3405691582 7');
  // Highlights end on their own (1.5 s after the change), the older one first.
  await expect(byteCell(app, 'B', 16)).not.toHaveAttribute('data-changed');
  await expect(byteCell(app, 'A', 100)).not.toHaveAttribute('data-changed');
});

test('step 5 takes hex offsets, and never shows a result beside a newer action', async ({
  app,
}) => {
  await segmentInBoth(app);
  await goToStep(app, /Write in A, read in B/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  const stored = tutorial.getByRole('status').filter({ hasText: /^A stored/ });
  const loaded = tutorial.getByRole('status').filter({ hasText: /^B read/ });

  // The same offset syntax as the process panes' writers: 0x10 is 16.
  await tutorial.getByLabel('Offset').fill('0x10');
  await tutorial.getByLabel('u32 value').fill('42');
  await expect(tutorial.getByLabel('Offset')).toHaveAttribute('aria-invalid', 'false');
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await expect(stored).toContainText('A stored 42 (bytes 2a 00 00 00) at offset 16');
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await expect(loaded).toContainText('B read 42');
  await expect(stored).toBeVisible();

  // A newer store: the old load goes.
  await tutorial.getByLabel('u32 value').fill('7');
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await expect(stored).toContainText('A stored 7');
  await expect(loaded).toHaveCount(0);
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await expect(loaded).toContainText('B read 7');

  // A change of state: B's own pane overwrites those bytes, so "B read 7" no longer holds.
  await writeInPane(app, 'B', { offset: '16', type: 'u32', value: '9' });
  await expect(byteCell(app, 'B', 16)).toHaveText('09');
  await expect(loaded).toHaveCount(0);
  await expect(stored).toHaveCount(0);
});

test('a write changes its result once: the last stays, marked busy, until the answer; a slow one says it waits', async ({
  app,
}) => {
  await segmentInBoth(app);
  const paneA = pane(app, 'A');
  const result = paneA.getByRole('status').filter({ hasText: /^wrote/ });
  const box = paneA.locator('form.value-writer > div[aria-busy]');
  await writeInPane(app, 'A', { offset: '16', type: 'u32', value: '1' });
  await expect(result).toContainText('(offset 16 = 0x10)');
  await expect(box).toHaveAttribute('aria-busy', 'false');

  // Every state of the result box from the click to the answer: it is never empty.
  await box.evaluate((element) => {
    const seen: { text: string; busy: string | null }[] = [];
    (window as unknown as { seenResults: typeof seen }).seenResults = seen;
    new MutationObserver(() =>
      seen.push({ text: element.textContent ?? '', busy: element.getAttribute('aria-busy') }),
    ).observe(element, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await writeInPane(app, 'A', { offset: '24', type: 'u32', value: '2' });
  await expect(result).toContainText('(offset 24 = 0x18)');
  await expect(box).toHaveAttribute('aria-busy', 'false');
  const seen = await app.evaluate(
    () =>
      (window as unknown as { seenResults: { text: string; busy: string | null }[] }).seenResults,
  );
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((state) => !state.text.startsWith('wrote'))).toEqual([]);
  // While in flight, the box held the last answer and said it is being updated.
  expect(seen.filter((state) => state.busy === 'true').map((state) => state.text)).not.toEqual([]);
  for (const state of seen.filter((s) => s.busy === 'true'))
    expect(state.text).toContain('(offset 16 = 0x10)');

  // A write that takes longer than a moment (A stopped by SIGSTOP) says it waits, and the old
  // answer goes: it would sit beside an action it does not belong to.
  const status = await paneA
    .getByText(/\bpid \d+\b/)
    .first()
    .textContent();
  const pid = Number(/\bpid (\d+)\b/.exec(status ?? '')![1]);
  process.kill(pid, 'SIGSTOP');
  try {
    await writeInPane(app, 'A', { offset: '32', type: 'u32', value: '3' });
    await expect(paneA.getByText('Waiting for the write to finish…')).toBeVisible();
    await expect(result).toHaveCount(0);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await expect(result).toContainText('(offset 32 = 0x20)');
  await expect(byteCell(app, 'B', 32)).toHaveText('03');
});
