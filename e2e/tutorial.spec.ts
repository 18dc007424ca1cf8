import { expect, snapshot, test } from './fixtures';
import { byteCell, freshKey, goToStep, pageSize, pane, waitForLab } from './helpers';

test('a learner steps through every pane, each running real syscalls', async ({ app }) => {
  await waitForLab(app);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  const heading = (name: RegExp) => tutorial.getByRole('heading', { name });

  // 1. Two address spaces, drawn from each process's /proc/<pid>/maps.
  await expect(heading(/Two processes, two address spaces/)).toBeVisible();
  // Live: no button to press.
  await expect(tutorial.getByText(/Process A \(pid \d+\): \d+ mappings/)).toBeVisible();
  await expect(tutorial.getByText(/Process B \(pid \d+\): \d+ mappings/)).toBeVisible();
  await snapshot(app, 'pane 1: two address spaces');

  // 2. shmget, moved to with the keyboard.
  await app.locator('body').press('ArrowRight');
  await expect(heading(/shmget: create a segment/)).toBeVisible();
  await tutorial.getByLabel('Key', { exact: true }).fill(freshKey());
  // Two pages and a bit: the kernel rounds the mapping up to three whole pages.
  const size = 2 * pageSize + 1808;
  await tutorial.getByLabel('Size in bytes').fill(String(size));
  await tutorial.getByRole('button', { name: 'Run shmget', exact: true }).click();
  const created = tutorial.getByRole('status').filter({ hasText: 'shmget returned' });
  await expect(created).toContainText(`3 whole pages of ${pageSize} bytes = ${3 * pageSize} bytes`);
  await tutorial
    .getByRole('button', { name: 'Run shmget with IPC_CREAT | IPC_EXCL again' })
    .click();
  await expect(tutorial.getByRole('alert')).toContainText('EEXIST');
  // One message per outcome, for the newest action: EEXIST once, the older success gone.
  expect(((await tutorial.innerText()).match(/EEXIST/g) ?? []).length).toBe(1);
  await expect(created).toHaveCount(0);
  await expect(tutorial.getByText('Ran: shmget(0x', { exact: false })).toContainText(
    'IPC_CREAT | IPC_EXCL | 0600',
  );
  await snapshot(app, 'pane 2: shmget and EEXIST');

  // 3. shmat in A.
  await app.getByRole('button', { name: /Next/ }).click();
  await expect(heading(/shmat in A/)).toBeVisible();
  await tutorial.getByRole('button', { name: 'Run shmat in A' }).click();
  const attachedA = tutorial.getByRole('status').filter({ hasText: 'shmat returned' });
  await expect(attachedA).toBeVisible();
  const baseA = /returned (0x[0-9a-f]+)/.exec((await attachedA.textContent()) ?? '')?.[1];
  // The success alone: no "detach first" above the attach that made it true.
  await expect(tutorial.getByText(/detach it first/)).toHaveCount(0);
  await expect(tutorial.getByText(/prints \(deleted\) after its name/)).toBeVisible();
  await expect(tutorial.getByText(/\/SYSV[0-9a-f]{8} \(deleted\)/).first()).toBeVisible();
  await snapshot(app, 'pane 3: shmat in A');

  // 4. shmat in B: another address, the same segment.
  await app.getByRole('button', { name: /Next/ }).click();
  await tutorial.getByRole('button', { name: 'Run shmat in B' }).click();
  const attachedB = tutorial.getByRole('status').filter({ hasText: 'shmat returned' });
  await expect(attachedB).toContainText(`A has the same segment at ${baseA}`);
  const baseB = /returned (0x[0-9a-f]+)/.exec((await attachedB.textContent()) ?? '')?.[1];
  await expect(tutorial.getByText(/detach it first/)).toHaveCount(0);
  expect(baseB).not.toBe(baseA);
  await snapshot(app, 'pane 4: shmat in B');

  // 5. Write in A, read in B: the same offset, two addresses, with the real sums.
  await app.getByRole('button', { name: /Next/ }).click();
  await tutorial.getByLabel('Offset').fill('16');
  await tutorial.getByLabel('u32 value').fill('42');
  const sumA = (BigInt(baseA!) + 16n).toString(16);
  const sumB = (BigInt(baseB!) + 16n).toString(16);
  await expect(
    tutorial.getByText(new RegExp(`base_A \\+ offset = .* = 0x0*${sumA}`)),
  ).toBeVisible();
  await expect(
    tutorial.getByText(new RegExp(`base_B \\+ offset = .* = 0x0*${sumB}`)),
  ).toBeVisible();
  await tutorial.getByRole('button', { name: 'Store the value in A' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'A stored 42' })).toBeVisible();
  await tutorial.getByRole('button', { name: 'Load it in B' }).click();
  await expect(tutorial.getByRole('status').filter({ hasText: 'B read 42' })).toContainText(
    `0x${sumB}`,
  );
  await expect(byteCell(app, 'B', 16)).toHaveText('2a');
  await snapshot(app, 'pane 5: write in A, read in B');

  // 6. Live: both panes write; each change is reported by the other process.
  await app.getByRole('button', { name: /Next/ }).click();
  const b = pane(app, 'B');
  await b.getByLabel('Offset for B').fill('40');
  await b.getByLabel('Type for B').selectOption('ascii');
  await b.getByLabel('Value for B').fill('ok');
  await b.getByRole('button', { name: 'Write in B' }).click();
  await expect(byteCell(app, 'A', 40)).toHaveText('6f');
  const log = tutorial.getByRole('table', { name: 'Changes the processes reported' });
  await expect(log.getByRole('row').filter({ hasText: /^A\s*40/ })).toHaveCount(1);
  await snapshot(app, 'pane 6: live');

  // 7. shmdt in A: nattch drops, the segment stays.
  await app.getByRole('button', { name: /Next/ }).click();
  await expect(tutorial.getByText(/nattch = 2/)).toBeVisible();
  await tutorial.getByRole('button', { name: 'Run shmdt in A' }).click();
  await expect(tutorial.getByText(/nattch = 1/)).toBeVisible();
  await expect(tutorial.getByText('In A’s maps: no /SYSV region')).toBeVisible();
  await snapshot(app, 'pane 7: shmdt');

  // 8. IPC_RMID while B is attached: SHM_DEST, key 0; gone after the last detach.
  await app.getByRole('button', { name: /Next/ }).click();
  await tutorial.getByRole('button', { name: 'Run shmctl IPC_RMID' }).click();
  await expect(tutorial.getByText(/SHM_DEST: set/)).toBeVisible();
  await expect(tutorial.getByText('0x00000000')).toBeVisible();
  await pane(app, 'B').getByRole('button', { name: 'Detach (shmdt) in B' }).click();
  await expect(tutorial.getByText(/is gone: IPC_STAT now fails/)).toBeVisible();
  await snapshot(app, 'pane 8: IPC_RMID');

  // Step 3 again: the removed segment is named as gone, not left to a shmat that fails.
  await goToStep(app, /shmat in A/);
  await expect(tutorial.getByText(/no longer exists: it was removed \(IPC_RMID\)/)).toBeVisible();
  await expect(tutorial.getByRole('button', { name: 'Run shmat in A' })).toBeDisabled();
  await expect(tutorial.getByText(/SHMLBA/)).toHaveCount(0);
  await goToStep(app, /IPC_RMID/);

  // 9. What next: the segment is gone, so the step offers a fresh one, attached in both, and
  // shows every call it made.
  await app.getByRole('button', { name: /Next/ }).click();
  await expect(heading(/races and semaphores/)).toBeVisible();
  const race = tutorial.getByRole('button', { name: 'Race A and B' });
  await expect(race).toBeDisabled();
  await expect(tutorial.getByText(/no longer exists/).first()).toBeVisible();
  await tutorial
    .getByRole('button', { name: 'Make a fresh segment and attach it in A and B' })
    .click();
  const ran = tutorial.getByRole('list', { name: 'What the fresh segment action ran' });
  await expect(ran.getByRole('listitem')).toHaveCount(3);
  await expect(ran.getByRole('listitem').nth(0)).toContainText(
    new RegExp(
      `shmget\\(IPC_PRIVATE, ${size}, IPC_CREAT \\| 0600\\) in the ShmLab host.* → returned shmid \\d+`,
    ),
  );
  const freshId = /returned shmid (\d+)/.exec((await ran.textContent()) ?? '')?.[1];
  await expect(ran.getByRole('listitem').nth(1)).toContainText(
    new RegExp(`shmat\\(${freshId}, NULL, 0\\) in A \\(pid \\d+\\) → returned 0x[0-9a-f]+`),
  );
  await expect(ran.getByRole('listitem').nth(2)).toContainText(
    new RegExp(`shmat\\(${freshId}, NULL, 0\\) in B \\(pid \\d+\\) → returned 0x[0-9a-f]+`),
  );
  await expect(race).toBeEnabled();
  await race.click();
  await expect(
    tutorial.getByRole('status').filter({ hasText: 'Expected 20,000,000' }),
  ).toBeVisible();
  await snapshot(app, 'pane 9: what next');

  // Any pane can be revisited and shows the current state.
  await app.locator('body').press('Home');
  await expect(heading(/Two processes, two address spaces/)).toBeVisible();
});

test('step 1 re-reads both maps while it is shown, and stops when hidden', async ({ app }) => {
  await waitForLab(app);
  // Count every inspect command (a /proc read) the page sends to the host from now on.
  await app.evaluate(() => {
    const counter = window as unknown as { inspects: number };
    counter.inspects = 0;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (typeof data === 'string' && data.includes('"command":"inspect"')) counter.inspects += 1;
      send.call(this, data);
    };
  });
  const counted = async (ms: number): Promise<number> => {
    const read = () => app.evaluate(() => (window as unknown as { inspects: number }).inspects);
    const before = await read();
    await app.waitForTimeout(ms);
    return (await read()) - before;
  };
  // Shown: about two reads (A and B) a second, without any button.
  expect(await counted(3000)).toBeGreaterThanOrEqual(4);

  // Page hidden: no reads.
  await app.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await app.waitForTimeout(300);
  expect(await counted(2500)).toBe(0);
  await app.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  expect(await counted(2500)).toBeGreaterThanOrEqual(2);

  // Another step shown: no reads either.
  await goToStep(app, /shmget/);
  await app.waitForTimeout(300);
  expect(await counted(2500)).toBe(0);
});

test('no line of code is cut off or hidden behind a scroll, on any step', async ({ app }) => {
  await waitForLab(app);
  const steps = app.getByRole('navigation', { name: 'Tutorial steps' }).getByRole('button');
  const count = await app.locator('.stepper__step').count();
  expect(count).toBe(17);
  let checked = 0;
  for (let index = 0; index < count; index += 1) {
    await steps.filter({ hasText: new RegExp(`^${index + 1}\\s`) }).click();
    const blocks = app.getByRole('region', { name: 'Tutorial' }).locator('.code-block pre');
    checked += await blocks.count();
    const overflowing = await blocks.evaluateAll((pres) =>
      pres.flatMap((pre) =>
        [pre, ...Array.from(pre.querySelectorAll('.code-block__line, .code-block__text'))]
          .filter((element) => element.scrollWidth > element.clientWidth)
          .map((element) => element.textContent ?? ''),
      ),
    );
    expect(overflowing, `step ${index + 1}`).toEqual([]);
  }
  expect(checked).toBeGreaterThanOrEqual(8);
});

test('step 2 previews exactly the call that would run, or says none would', async ({ app }) => {
  await waitForLab(app);
  await goToStep(app, /shmget/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  const code = tutorial.getByRole('figure').first();
  await tutorial.getByLabel('Key', { exact: true }).fill('0x5348');
  await tutorial.getByLabel('Size in bytes').fill('10000');
  await expect(code).toContainText('key_t key = 0x00005348;');
  await expect(code).toContainText('shmget(key, 10000, IPC_CREAT | 0600);');

  // An invalid size: the key stays the key typed (never IPC_PRIVATE), and nothing would run.
  await tutorial.getByLabel('Size in bytes').fill('ten');
  await expect(code).toContainText('key_t key = 0x00005348;');
  await expect(code).not.toContainText('IPC_PRIVATE');
  await expect(code).toContainText('shmget(key, ?, IPC_CREAT | 0600);');
  await expect(tutorial.getByText('No call would run: the size is not valid.')).toBeVisible();
  await expect(tutorial.getByRole('button', { name: 'Run shmget', exact: true })).toBeDisabled();

  await tutorial.getByRole('checkbox', { name: 'IPC_PRIVATE' }).check();
  await tutorial.getByLabel('Size in bytes').fill('64');
  await expect(code).toContainText('key_t key = IPC_PRIVATE;');
  await expect(tutorial.getByText(/No call would run/)).toHaveCount(0);
});
