import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import {
  attachInPane,
  byteCell,
  createSegment,
  pageSize,
  pane,
  waitForLab,
  writeInPane,
} from './helpers';

// The hex view reads and watches only the window of the mapping it shows (viewMemory); changes
// elsewhere show as changed pages. Whatever the window, the bytes on screen are the ones the
// process read from its own mapping.
test('far into a multi-page segment, B shows the bytes A wrote there, read by B', async ({
  app,
}) => {
  await waitForLab(app);
  await createSegment(app, String(64 * pageSize));
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const far = 50 * pageSize + 8;
  const marked = 40 * pageSize + 16;
  await writeInPane(app, 'A', { offset: String(far), type: 'u32', value: '0xfeedface' });
  await writeInPane(app, 'A', { offset: String(marked), type: 'u32', value: '0x0badf00d' });

  // Neither is on B's screen: B's pane marks their pages, and only those.
  const changed = pane(app, 'B').getByRole('group', {
    name: 'Pages changed in B outside the view',
  });
  await expect(changed.getByRole('button', { name: 'Show page 40' })).toBeVisible();
  await expect(changed.getByRole('button', { name: 'Show page 50' })).toBeVisible();
  await expect(changed.getByRole('listitem')).toHaveCount(2);

  // Scrolling there reads that window from B's mapping.
  const grid = pane(app, 'B').getByRole('grid', { name: 'Memory of process B as it reads it' });
  await grid.evaluate(
    (element, row) => {
      element.scrollTop = row * 22;
    },
    Math.floor(far / 8),
  );
  await expect(byteCell(app, 'B', far)).toHaveText('ce');
  await expect(byteCell(app, 'B', far + 3)).toHaveText('fe');
  await expect(changed.getByRole('button', { name: 'Show page 50' })).toHaveCount(0);

  // The mark's button scrolls to its page; the bytes there are B's.
  await changed.getByRole('button', { name: 'Show page 40' }).click();
  await expect(byteCell(app, 'B', marked)).toHaveText('0d');
  await expect(byteCell(app, 'B', marked + 3)).toHaveText('0b');
  await expect(changed).toHaveCount(0);

  // A change inside the new window arrives as bytes, flashed as another process's.
  await writeInPane(app, 'A', { offset: String(marked), type: 'u8', value: '7' });
  await expect(byteCell(app, 'B', marked)).toHaveText('07');
  await expect(byteCell(app, 'B', marked)).toHaveAttribute('data-changed', 'other');
  // And back at the start, B's first bytes are still read from B's mapping.
  await grid.evaluate((element) => {
    element.scrollTop = 0;
  });
  await expect(byteCell(app, 'B', 0)).toHaveText('00');
});

test('a burst of writes in A leaves B showing the last value', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, String(pageSize));
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const input = pane(app, 'A').getByLabel('Value for A');
  await pane(app, 'A').getByLabel('Offset for A').fill('24');
  await pane(app, 'A').getByLabel('Type for A').selectOption('u8');
  // As fast as the page can submit: each write waits only for the one before it.
  for (let value = 1; value <= 60; value += 1) {
    await input.fill(String(value));
    await pane(app, 'A').getByRole('button', { name: 'Write in A' }).click();
  }
  await expect(byteCell(app, 'B', 24)).toHaveText((60).toString(16));
  await expect(byteCell(app, 'A', 24)).toHaveText((60).toString(16));
});

test('a byte that changes again flashes again, in the same cell', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, String(pageSize));
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const cell = byteCell(app, 'B', 32);
  await expect(cell).toHaveText('00');
  // Every flash this very cell element starts, in order (a flash is an animation of its ::after).
  const first = await cell.elementHandle();
  await first!.evaluate((element) => {
    const starts: string[] = [];
    element.addEventListener('animationstart', (event) =>
      starts.push((event as AnimationEvent).animationName),
    );
    (element as HTMLElement & { flashStarts?: string[] }).flashStarts = starts;
  });
  const starts = () =>
    first!.evaluate((element) => (element as HTMLElement & { flashStarts?: string[] }).flashStarts);
  await writeInPane(app, 'A', { offset: '32', type: 'u8', value: '1' });
  await expect(cell).toHaveText('01');
  await expect(cell).toHaveAttribute('data-changed', 'other');
  await expect.poll(starts).toEqual(['hex-flash-other']);
  // Let the first flash run a while, then change the byte again.
  await app.waitForTimeout(300);
  await writeInPane(app, 'A', { offset: '32', type: 'u8', value: '2' });
  await expect(cell).toHaveText('02');
  // The same element (no remount), its flash started again (under its second name, which is
  // how a running flash restarts) rather than left fading out.
  expect(await first!.evaluate((element) => element.isConnected)).toBe(true);
  await expect.poll(starts).toEqual(['hex-flash-other', 'hex-flash-other-again']);
});

test.describe('axe-core on the hex view', () => {
  test.use({ bypassCSP: true });

  test('finds no violation with changed pages marked and a flash', async ({ app }) => {
    await waitForLab(app);
    await createSegment(app, String(16 * pageSize));
    await attachInPane(app, 'A');
    await attachInPane(app, 'B');
    await writeInPane(app, 'A', { offset: String(12 * pageSize), type: 'u8', value: '1' });
    await writeInPane(app, 'A', { offset: '8', type: 'u8', value: '2' });
    const changed = pane(app, 'B').getByRole('group', {
      name: 'Pages changed in B outside the view',
    });
    await expect(changed.getByRole('button', { name: 'Show page 12' })).toBeVisible();
    await expect(byteCell(app, 'B', 8)).toHaveAttribute('data-changed', 'other');
    const { violations } = await new AxeBuilder({ page: app })
      .include('section[aria-label="Process B"]')
      .analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' | ')}`)).toEqual(
      [],
    );
  });
});
