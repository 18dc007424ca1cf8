// Steps the program-view specs share: open the view, put a program in the editor, compile, run,
// and read the processes of a run from /proc (never from what the app says).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import { webMain } from './web-host';

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

/**
 * Starts another web host (`node out/main/web.js …args`) with `env`, in a crash-record folder of
 * its own; resolves with its URL once it printed it, and a stop that removes that folder.
 */
export async function startOtherWebHost(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ url: string; stop(): Promise<void> }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'shmlab-e2e-program-'));
  const child = spawn(process.execPath, [webMain, ...args], {
    env: { ...env, SHMLAB_STATE_DIR: stateDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
    rmSync(stateDir, { recursive: true, force: true });
  };
  for await (const line of createInterface({ input: child.stdout })) {
    const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line);
    if (match !== null) return { url: match[1]!, stop };
  }
  await stop();
  throw new Error('the other web host exited before printing its URL');
}

/** Collects the console errors and warnings, and uncaught errors, of `page`. */
export function consoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console.${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}
