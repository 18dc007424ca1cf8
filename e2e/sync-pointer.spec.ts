import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { attachInPane, createSegment, pane, waitForLab } from './helpers';
import { openPane } from './sync-helpers';

/** Whether `address` falls in a line of /proc/<pid>/maps, read by the test itself. */
function mappedIn(pid: number, address: bigint): boolean {
  return readFileSync(`/proc/${pid}/maps`, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .some((line) => {
      const [start, end] = line
        .split(' ')[0]!
        .split('-')
        .map((hex) => BigInt(`0x${hex}`));
      return address >= start! && address < end!;
    });
}

test('pane 15: A’s pointer is looked up in B’s own maps; B reaches the byte by offset', async ({
  app,
}) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  const baseA = BigInt(await attachInPane(app, 'A'));
  const baseB = BigInt(await attachInPane(app, 'B'));
  const pidB = Number(/pid (\d+)/.exec((await pane(app, 'B').textContent()) ?? '')?.[1]);
  const tutorial = await openPane(app, 15);

  await tutorial.getByRole('button', { name: /In A: store A's address of byte 32/ }).click();
  const pointer = `0x${(baseA + 32n).toString(16)}`;
  await expect(tutorial.getByRole('status').filter({ hasText: 'A stored' })).toContainText(
    `A stored ${pointer}`,
  );
  await tutorial.getByRole('button', { name: 'In B: load the u64 at offset 8' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'B read 0x' })).toContainText(
    `B read ${pointer} from its own mapping`,
  );
  await tutorial.getByRole('button', { name: "Look the number up in B's maps" }).click();
  const lookup = tutorial.getByRole('status', { name: "B's maps at A's address" });
  // What the pane says must be what B's maps hold at that address now.
  if (mappedIn(pidB, baseA + 32n)) {
    await expect(lookup).toContainText(`In B, ${pointer} lies in`);
    await expect(lookup).toContainText('If B dereferenced it');
  } else {
    await expect(lookup).toContainText(`In B, nothing is mapped at ${pointer}`);
    await expect(lookup).toContainText('SIGSEGV');
  }
  await tutorial.getByRole('button', { name: "In B: read byte 32 from B's own base" }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'At base_B + 32' })).toContainText(
    `At base_B + 32 = 0x${(baseB + 32n).toString(16)}, B read 42`,
  );
});
