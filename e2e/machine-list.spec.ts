// The machine view lists what the kernel's own tools list: every segment, semaphore set and
// message queue as `ipcs` prints them at the same moment, including another user's (a C peer run
// as uid 65534); it is live (a new segment appears, a removed one stays, marked gone, until
// dismissed) and it asks the Lab for nothing while it is closed or the page is hidden.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snapshot, test } from './fixtures';
import { waitForLab } from './helpers';
import type { IpcsRow } from './machine-helpers';
import {
  OTHER_UID,
  countMachineCommands,
  ipcs,
  removeForeignSegments,
  startForeignWriter,
  tableRows,
} from './machine-helpers';
import type { BuiltPeer } from '../src-main/proc/fixtures/ipc-peer';
import {
  IpcPeer,
  buildIpcPeer,
  cleanUpPeers,
  hasCompiler,
  NO_COMPILER,
} from '../src-main/proc/fixtures/ipc-peer';

const SEGMENTS = 'System V shared-memory segments';
const SETS = 'System V semaphore sets';
const QUEUES = 'System V message queues';

let built: BuiltPeer | null = null;

test.beforeAll(() => {
  if (!hasCompiler) {
    // Said on the console too: the list reporter shows a skip without its reason.
    process.stdout.write(`[e2e] skipped machine-list.spec.ts: ${NO_COMPILER}\n`);
    test.skip(true, NO_COMPILER);
  }
  built = buildIpcPeer();
});

test.afterEach(async () => {
  await cleanUpPeers();
  removeForeignSegments();
});

test.afterAll(() => built?.remove());

async function openMachineView(app: Page): Promise<void> {
  await app.getByRole('button', { name: 'This machine' }).click();
  await expect(app.getByRole('heading', { name: 'This machine' })).toBeVisible();
  await expect(app.getByText(/Live: read at/)).toBeVisible();
}

async function showTab(app: Page, name: RegExp): Promise<void> {
  await app.getByRole('tab', { name }).click();
  await expect(app.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

/** The cells both tables have, sorted by id, for comparing the view with ipcs. */
function normalise(rows: IpcsRow[], id: string, columns: string[]): string[] {
  return rows.map((row) => [row[id], ...columns.map((c) => row[c] ?? '')].join(' ').trim()).sort();
}

/**
 * Compares a table with `ipcs -<kind>` until the machine holds still long enough: ipcs before and
 * after reading the table must agree (other programs make and remove objects meanwhile), and the
 * table must equal them.
 */
async function expectEqualsIpcs(
  app: Page,
  kind: 'm' | 's' | 'q',
  label: string,
  id: string,
  columns: string[],
): Promise<void> {
  await expect(async () => {
    const before = normalise(ipcs(kind), id, columns);
    const shown = normalise(await tableRows(app, label), id, columns);
    const after = normalise(ipcs(kind), id, columns);
    expect(after, 'ipcs changed while the table was read').toEqual(before);
    expect(shown).toEqual(before);
  }).toPass({ timeout: 45_000, intervals: [300, 500, 1000] });
}

test('lists every segment, semaphore set and message queue as ipcs does, another user’s too', async ({
  app,
}) => {
  test.setTimeout(150_000);
  const posixName = `/shmlab-e2e-${process.pid}-${Date.now()}`;
  const peer = await IpcPeer.start(
    built!.binary,
    ['create', posixName, '8192'],
    { uid: OTHER_UID, gid: OTHER_UID },
    posixName,
  );
  await waitForLab(app);
  await openMachineView(app);
  expect(new URL(app.url()).hash).toContain('view=machine');

  // The peer's segment: another user's, mapped by the peer.
  const row = app.locator(`tr[data-key="shm:${peer.id('shmid')}"]`);
  await expect(row.locator('[data-col="owner"]')).toHaveText('nobody');
  await expect(row.locator('[data-col="perms"]')).toHaveText('644');
  await expect(row.locator('[data-col="nattch"]')).toHaveText('1');
  await expectEqualsIpcs(app, 'm', SEGMENTS, 'shmid', [
    'key',
    'owner',
    'perms',
    'bytes',
    'nattch',
    'status',
  ]);

  await showTab(app, /^Semaphore sets/);
  await expect(app.locator(`tr[data-key="sem:${peer.id('semid')}"] [data-col="nsems"]`)).toHaveText(
    '3',
  );
  await expectEqualsIpcs(app, 's', SETS, 'semid', ['key', 'owner', 'perms', 'nsems']);
  // semctl IPC_STAT of the peer's set, every semaphore as `ipcs -s -i` prints it.
  const semid = peer.id('semid');
  await app.getByRole('button', { name: `Details of semaphore set ${semid}` }).click();
  await app.getByRole('button', { name: `IPC_STAT of set ${semid} (semctl)` }).click();
  const sems = app.getByRole('table', { name: `Semaphores of set ${semid}` });
  await expect(sems.locator('tbody tr')).toHaveCount(3);
  const shownSems = await sems
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent).join(' ')),
    );
  const ipcsSems = execFileSync('ipcs', ['-s', '-i', String(semid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  })
    .split('\n')
    .filter((line) => /^\d+\s+\d+\s+\d+\s+\d+\s+\d+\s*$/.test(line))
    .map((line) => line.trim().split(/\s+/).join(' '));
  expect(shownSems).toEqual(ipcsSems);
  await expect(app.locator('[data-field="uid"]').last()).toHaveText(String(OTHER_UID));

  await showTab(app, /^Message queues/);
  const queue = app.locator(`tr[data-key="msg:${peer.id('msqid')}"]`);
  await expect(queue.locator('[data-col="messages"]')).toHaveText('1');
  await expect(queue.locator('[data-col="used-bytes"]')).toHaveText('5');
  await expect(queue.locator('[data-col="lspid"]')).toHaveText(String(peer.pid));
  await expectEqualsIpcs(app, 'q', QUEUES, 'msqid', [
    'key',
    'owner',
    'perms',
    'used-bytes',
    'messages',
  ]);

  // The POSIX object, with its mapper (the peer, read-write at the address it printed).
  await showTab(app, /^POSIX/);
  const posix = app.locator(`tr[data-key="posix:${posixName}"]`);
  await expect(posix.locator('[data-col="bytes"]')).toHaveText('8192');
  await expect(posix.locator('[data-col="owner"]')).toHaveText('nobody');
  await expect(posix.locator('[data-col="perms"]')).toHaveText('640');
  await app.getByRole('button', { name: `Details of POSIX object ${posixName}` }).click();
  const mappers = app.getByRole('table', { name: `Processes that map ${posixName}` });
  await expect(mappers.locator(`tr[data-pid="${peer.pid}"]`)).toContainText(
    peer.address('posixaddr'),
  );
  await expect(mappers.locator(`tr[data-pid="${peer.pid}"]`)).toContainText('read-write');

  // The limits are the kernel's.
  const shmmni = readFileSync('/proc/sys/kernel/shmmni', 'utf8').trim();
  await expect(app.locator('[data-limit="SHMMNI"]')).toContainText(`of ${shmmni} segments`);

  // Filtering: only this Lab's hides the peer's objects.
  await showTab(app, /^Segments/);
  await app.getByRole('checkbox', { name: 'only this Lab’s' }).check();
  await expect(row).toHaveCount(0);
  await app.getByRole('checkbox', { name: 'only this Lab’s' }).uncheck();
  await app.getByLabel('Filter').fill(`${peer.id('shmid')} nobody`);
  await expect(
    app.getByRole('table', { name: SEGMENTS }).locator('tbody tr[data-key]'),
  ).toHaveCount(1);
  await app.getByLabel('Filter').fill('');

  // Sorting: the shmid header sorts both ways and says so.
  const shmidHeader = app.getByRole('columnheader', { name: /^shmid/ });
  await expect(shmidHeader).toHaveAttribute('aria-sort', 'ascending');
  await shmidHeader.getByRole('button').click();
  await expect(shmidHeader).toHaveAttribute('aria-sort', 'descending');
  const ids = (await tableRows(app, SEGMENTS)).map((r) => Number(r.shmid));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  await snapshot(app, 'the machine view beside ipcs');

  // A reload keeps the view open (the address says so).
  await app.reload();
  await expect(app.getByRole('heading', { name: 'This machine' })).toBeVisible();
});

test('live: a new segment appears, a removed one stays marked gone until dismissed', async ({
  app,
}) => {
  await waitForLab(app);
  await openMachineView(app);
  // Another user's segment, made while the view is open: it appears without a reload.
  const writer = await startForeignWriter('appears live', { stay: false });
  const row = app.locator(`tr[data-key="shm:${writer.shmid}"]`);
  await expect(row).toHaveAttribute('data-gone', 'false');
  await expect(row).toContainText(/new at/);

  // Removed from outside (ipcrm; nobody has it attached, so the kernel frees it at once).
  execFileSync('ipcrm', ['-m', String(writer.shmid)]);
  await expect(row).toHaveAttribute('data-gone', 'true');
  await expect(row).toContainText(/gone since/);
  // Still there a few refreshes later: never dropped silently.
  const reads = app.getByText(/Live: read at/);
  const firstRead = await reads.textContent();
  await expect(reads).not.toHaveText(firstRead ?? '');
  await expect(row).toHaveAttribute('data-gone', 'true');
  await row.getByRole('button', { name: `Dismiss gone segment ${writer.shmid}` }).click();
  await expect(row).toHaveCount(0);
});

test('asks the Lab at most once a second while shown, and nothing while closed or hidden', async ({
  app,
}) => {
  test.setTimeout(90_000);
  const sent = countMachineCommands(app);
  // The socket was opened on load: count from a load that follows.
  await app.reload();
  await waitForLab(app);
  expect(sent.count).toBe(0);

  await openMachineView(app);
  const start = Date.now();
  const from = sent.count;
  await app.waitForTimeout(4000);
  const made = sent.count - from;
  const seconds = (Date.now() - start) / 1000;
  expect(made).toBeGreaterThanOrEqual(2);
  expect(made).toBeLessThanOrEqual(Math.floor(seconds) + 1);

  // Closed: not one more.
  await app.getByRole('button', { name: 'Back to the tutorial' }).click();
  await expect(app.getByRole('heading', { name: 'This machine' })).toHaveCount(0);
  await app.waitForTimeout(300);
  const closed = sent.count;
  await app.waitForTimeout(3000);
  expect(sent.count).toBe(closed);

  // Open but the page hidden (headless Chromium never hides a page by itself, so the page is
  // told what a browser tells a tab put in the background): none until it is visible again.
  await openMachineView(app);
  const setVisibility = (state: 'hidden' | 'visible') =>
    app.evaluate((value) => {
      Object.defineProperty(document, 'visibilityState', { value, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
  await setVisibility('hidden');
  await app.waitForTimeout(300);
  const hidden = sent.count;
  await app.waitForTimeout(3000);
  expect(sent.count).toBe(hidden);
  await setVisibility('visible');
  await expect.poll(() => sent.count).toBeGreaterThan(hidden);
});
