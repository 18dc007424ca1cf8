// Steps the specs share: each drives the UI the way a learner would.
import { createRequire } from 'node:module';
import type { Locator, Page } from '@playwright/test';
import type * as Addon from '../native/index.js';
import { expect } from './fixtures';

/** The kernel's page size, from the same addon the app uses (never assumed to be 4096). */
export const pageSize = (createRequire(import.meta.url)('../native/index.js') as typeof Addon)
  .constants.pageSize;

/** A key no other run uses, so IPC_CREAT | IPC_EXCL cases are deterministic. */
export function freshKey(): string {
  return `0x${(0x53000000 + Math.floor(Math.random() * 0xffffff)).toString(16)}`;
}

export async function waitForLab(app: Page): Promise<void> {
  await expect(app.getByText('connected', { exact: true })).toBeVisible();
  await expect(
    app.getByRole('region', { name: 'Process A' }).getByText(/pid \d+ · running/),
  ).toBeVisible();
  await expect(
    app.getByRole('region', { name: 'Process B' }).getByText(/pid \d+ · running/),
  ).toBeVisible();
}

export async function goToStep(app: Page, title: RegExp): Promise<void> {
  await app
    .getByRole('navigation', { name: 'Tutorial steps' })
    .getByRole('button', { name: title })
    .click();
}

/** Runs shmget from pane 2 with a fresh key; returns the shmid the kernel gave. */
export async function createSegment(app: Page, size = '10000', key = freshKey()): Promise<number> {
  await goToStep(app, /shmget/);
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByLabel('Key', { exact: true }).fill(key);
  await tutorial.getByLabel('Size in bytes').fill(size);
  await tutorial.getByRole('button', { name: 'Run shmget', exact: true }).click();
  const status = tutorial.getByRole('status').filter({ hasText: 'shmget returned' });
  await expect(status).toBeVisible();
  const shmid = Number(/returned (\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  expect(Number.isInteger(shmid)).toBe(true);
  return shmid;
}

export function pane(app: Page, name: 'A' | 'B'): Locator {
  return app.getByRole('region', { name: `Process ${name}` });
}

/** Attaches the current segment in a process from its pane; returns the address shmat gave. */
export async function attachInPane(app: Page, name: 'A' | 'B'): Promise<string> {
  await pane(app, name)
    .getByRole('button', { name: `Attach (shmat) in ${name}` })
    .click();
  const summary = pane(app, name)
    .getByRole('status')
    .filter({ hasText: /0x[0-9a-f]+/ })
    .first();
  await expect(summary).toBeVisible();
  const address = /(0x[0-9a-f]{6,})/.exec((await summary.textContent()) ?? '')?.[1];
  expect(address).toBeDefined();
  return address!;
}

/** A fresh segment of `size` bytes, attached in A and in B through their panes. */
export async function segmentInBoth(app: Page, size = '4096'): Promise<void> {
  await waitForLab(app);
  await createSegment(app, size);
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
}

export async function writeInPane(
  app: Page,
  name: 'A' | 'B',
  value: { offset: string; type: string; value: string; endian?: 'little' | 'big' },
): Promise<void> {
  const p = pane(app, name);
  await p.getByLabel(`Offset for ${name}`).fill(value.offset);
  await p.getByLabel(`Type for ${name}`).selectOption(value.type);
  await p.getByLabel(`Value for ${name}`).fill(value.value);
  await p.getByRole('button', { name: `Write in ${name}` }).click();
}

/** The hex byte shown at `offset` in a process's memory view. */
export function byteCell(app: Page, name: 'A' | 'B', offset: number): Locator {
  return pane(app, name)
    .getByRole('grid', { name: `Memory of process ${name} as it reads it` })
    .locator(`[data-offset="${offset}"]`);
}
