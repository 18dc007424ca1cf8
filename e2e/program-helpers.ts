// Steps the program-view specs share: open the view, put a program in the editor, compile, run,
// and read the processes of a run from /proc (never from what the app says).
import { readFileSync, readdirSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** The program view, opened from the header. */
export async function openProgramView(app: Page): Promise<Locator> {
  await app.getByRole('button', { name: 'Your program' }).click();
  const view = app.getByRole('region', { name: 'Your program' });
  await expect(view).toBeVisible();
  return view;
}

/** The editor's content element (CodeMirror's contenteditable). */
export function editor(view: Locator): Locator {
  return view.getByRole('textbox', { name: 'Source (C)' });
}

/** Replaces the editor's text with `source`, as one paste (no auto-indent, no closing brackets). */
export async function setSource(app: Page, view: Locator, source: string): Promise<void> {
  const box = editor(view);
  await box.click();
  await app.keyboard.press('Control+a');
  await app.keyboard.insertText(source);
  await expect.poll(() => box.evaluate((e) => e.textContent?.length ?? 0)).toBeGreaterThan(0);
}

/** Chooses a starting program in the chooser. */
export async function chooseStarter(view: Locator, title: string): Promise<void> {
  await view.getByLabel('Starting program').selectOption({ label: title });
}

/**
 * The terminal's screen text (xterm's rows, joined with newlines, its no-break spaces as spaces).
 * xterm draws nothing while it is scrolled out of sight, so it is brought into view first.
 */
export async function terminalText(view: Locator): Promise<string> {
  await view.locator('.xterm').scrollIntoViewIfNeeded();
  return view
    .locator('.xterm-rows')
    .evaluate((rows) =>
      [...rows.children].map((row) => (row.textContent ?? '').replaceAll('\u00a0', ' ')).join('\n'),
    );
}

/** Waits until the terminal shows text matching `pattern`; returns the screen. */
export async function waitForTerminal(
  view: Locator,
  pattern: RegExp,
  timeout = 15_000,
): Promise<string> {
  await expect.poll(() => terminalText(view), { timeout }).toMatch(pattern);
  return terminalText(view);
}

/** The processes whose process group is `pgid`, with their state letter, read from /proc now. */
export function processesInGroup(pgid: number): { pid: number; state: string }[] {
  const found: { pid: number; state: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone while listing
    }
    // Fields after the command (which may hold spaces and parentheses): state ppid pgrp …
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) found.push({ pid: Number(name), state: fields[0]! });
  }
  return found;
}

/** Whether a C compiler is on this machine's PATH (the run specs need one). */
export function hasCc(): boolean {
  const path = process.env.PATH ?? '';
  return path.split(':').some((dir) => {
    try {
      return readdirSync(dir).includes('cc');
    } catch {
      return false;
    }
  });
}
