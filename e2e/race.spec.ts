import { expect, snapshot, test } from './fixtures';
import { attachInPane, byteCell, createSegment, goToStep, waitForLab } from './helpers';

/** The loop count pane 9 runs in each process. */
const TIMES = 10_000_000;

/** The number after `pattern` in `text`, without its thousands separators. */
function numberAfter(text: string, pattern: RegExp): number {
  const digits = pattern.exec(text)?.[1];
  expect(digits, `${String(pattern)} in "${text}"`).toBeDefined();
  return Number(digits!.replaceAll(',', ''));
}

test('the race pane runs A and B against one counter and reports what A read back', async ({
  app,
}) => {
  await waitForLab(app);
  // Any size holding the u32 counter at offset 0 will do; this is not a page size.
  await createSegment(app, '64');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  await goToStep(app, /What next/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByRole('button', { name: 'Race A and B' }).click();
  const result = tutorial.getByRole('status').filter({ hasText: /Expected [\d,]+/ });
  await expect(result).toBeVisible({ timeout: 20_000 });
  const text = (await result.textContent()) ?? '';

  const expected = numberAfter(text, /Expected ([\d,]+)/);
  const final = numberAfter(text, /holds ([\d,]+)/);
  expect(expected).toBe(2 * TIMES);
  // What the race guarantees, and no more. Each load and each store of the counter is one
  // aligned 32-bit access, so every value stored is some earlier value plus one: the counter
  // never passes the number of stores made (2 × TIMES). And it ends at 2 or more: the last
  // store is some process's last increment, whose load came after that process's own earlier
  // store, and every store writes at least 1. Anything from 2 to 2 × TIMES can happen, so how
  // many were lost is the scheduler's choice: it must only add up.
  expect(final).toBeGreaterThanOrEqual(2);
  expect(final).toBeLessThanOrEqual(expected);
  if (final === expected) {
    expect(text).toContain('no update was lost');
  } else {
    expect(numberAfter(text, /([\d,]+) increments were lost/)).toBe(expected - final);
  }

  // The number shown is what the counter holds: B reads the same value from its own mapping
  // (a little-endian u32 at offset 0).
  const bytes = new DataView(new ArrayBuffer(4));
  bytes.setUint32(0, final, true);
  for (let offset = 0; offset < 4; offset += 1) {
    const hex = bytes.getUint8(offset).toString(16).padStart(2, '0');
    await expect(byteCell(app, 'B', offset)).toHaveText(hex);
  }
  await snapshot(app, 'pane 9: the race');
});
