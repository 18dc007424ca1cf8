import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { attachInPane, createSegment, goToStep, waitForLab } from './helpers';
import { FORK_AND_STAY } from './program-diagram-helpers';
import { hasCc, openProgramView, setSource, waitForTerminal } from './program-helpers';
import { makeSemaphoreSet, openPane, resetProgram, stepProcess } from './sync-helpers';

/** Panes 1–9 teach shared memory; 10–15 are the synchronisation lab; 16 ftok, 17 your program. */
const PANES = 17;

// Every control must have a role and an accessible name, on every pane.
test('every control has an accessible name, on every pane', async ({ app }) => {
  await waitForLab(app);
  await createSegment(app, '4096');
  await attachInPane(app, 'A');
  const unnamed = async (): Promise<string[]> =>
    app.evaluate(() => {
      const controls = document.querySelectorAll(
        'button, input, select, textarea, [role="grid"], [tabindex="0"]',
      );
      return [...controls]
        .filter((element) => {
          const label =
            element.getAttribute('aria-label') ??
            element.getAttribute('aria-labelledby') ??
            (element instanceof HTMLInputElement || element instanceof HTMLSelectElement
              ? [...(element.labels ?? [])].map((l) => l.textContent).join('')
              : element.textContent);
          return (label ?? '').trim() === '';
        })
        .map((element) => element.outerHTML.slice(0, 120));
    });
  for (let step = 1; step <= PANES; step += 1) {
    await app
      .getByRole('navigation', { name: 'Tutorial steps' })
      .getByRole('button', { name: new RegExp(`^${step} `) })
      .click();
    expect(await unnamed(), `pane ${step}`).toEqual([]);
  }
});

test('the tutorial can be driven from the keyboard alone', async ({ app }) => {
  await waitForLab(app);
  const steps = app.getByRole('navigation', { name: 'Tutorial steps' });
  await app.locator('body').press('End');
  await expect(steps.getByRole('button', { name: new RegExp(`^${PANES} `) })).toHaveAttribute(
    'aria-current',
    'step',
  );
  await app.locator('body').press('ArrowLeft');
  await expect(steps.getByRole('button', { name: new RegExp(`^${PANES - 1} `) })).toHaveAttribute(
    'aria-current',
    'step',
  );
  // Tab reaches the pane buttons; Enter activates them.
  await steps.getByRole('button', { name: /^2 / }).focus();
  await app.keyboard.press('Enter');
  await expect(steps.getByRole('button', { name: /^2 / })).toHaveAttribute('aria-current', 'step');
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByRole('checkbox', { name: 'IPC_PRIVATE' }).focus();
  await app.keyboard.press('Space');
  await tutorial.getByRole('button', { name: 'Run shmget', exact: true }).focus();
  await app.keyboard.press('Enter');
  await expect(tutorial.getByRole('status').filter({ hasText: 'shmget returned' })).toBeVisible();
});

test('the synchronisation panes can be driven from the keyboard alone', async ({ app }) => {
  await waitForLab(app);
  const steps = app.getByRole('navigation', { name: 'Tutorial steps' });
  // End, then back to pane 13 (P() and V()).
  await app.locator('body').press('End');
  for (let step = PANES; step > 13; step -= 1) await app.locator('body').press('ArrowLeft');
  await expect(steps.getByRole('button', { name: /^13 / })).toHaveAttribute('aria-current', 'step');
  const tutorial = app.getByRole('region', { name: 'Tutorial' });
  await tutorial.getByRole('button', { name: 'Make a semaphore set (value 1)' }).focus();
  await app.keyboard.press('Enter');
  const take = tutorial.getByRole('button', { name: 'A: P()', exact: true });
  await expect(take).toBeEnabled();
  await take.focus();
  await app.keyboard.press('Space');
  await expect(tutorial.getByRole('status', { name: "A's semop" })).toContainText('at once');
  await tutorial.getByRole('button', { name: 'A: V()', exact: true }).focus();
  await app.keyboard.press('Enter');
  await expect(
    tutorial.getByRole('region', { name: 'Semaphore set' }).locator('[data-field="value-0"]'),
  ).toHaveText('1');
});

// A real auditor on every pane, in both themes. axe is injected into the
// page, which our CSP (rightly) forbids: the auditor's context bypasses the
// CSP instead of the app weakening it.
test.describe('axe-core', () => {
  test.use({ bypassCSP: true });

  test('finds no violation on any pane, in the light and the dark theme', async ({ app }) => {
    // About 32 audits; the whole page takes seconds each on a loaded machine.
    test.setTimeout(360_000);
    await waitForLab(app);
    await createSegment(app, '4096');
    await attachInPane(app, 'A');
    await attachInPane(app, 'B');
    const themeSwitch = app.getByRole('button', { name: 'Dark theme' });
    const found: string[] = [];
    const audit = async (where: string, include?: string): Promise<void> => {
      const builder = new AxeBuilder({ page: app });
      const { violations } = await (
        include === undefined ? builder : builder.include(include)
      ).analyze();
      for (const violation of violations) {
        const targets = violation.nodes.map((node) => node.target.join(' ')).join(' | ');
        found.push(`${where}: ${violation.id}: ${targets}`);
      }
    };
    for (const theme of ['light', 'dark'] as const) {
      if ((await themeSwitch.getAttribute('aria-pressed')) !== String(theme === 'dark')) {
        await themeSwitch.click();
      }
      await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
      // The whole page once (header, diagram, process panes, segment panel)…
      await goToStep(app, /^1 /);
      await audit(`${theme}, whole page`);
      // …and the tutorial region on each of its panes.
      for (let step = 1; step <= PANES; step += 1) {
        await goToStep(app, new RegExp(`^${step} `));
        await audit(`${theme}, pane ${step}`, 'section[aria-label="Tutorial"]');
      }
    }
    expect(found).toEqual([]);
  });

  test('finds no violation on the synchronisation panes with their results shown', async ({
    app,
  }) => {
    test.setTimeout(240_000);
    await waitForLab(app);
    await createSegment(app, '4096');
    await attachInPane(app, 'A');
    await attachInPane(app, 'B');
    const found: string[] = [];
    const audit = async (where: string): Promise<void> => {
      const { violations } = await new AxeBuilder({ page: app })
        .include('section[aria-label="Tutorial"]')
        .analyze();
      for (const violation of violations) {
        const targets = violation.nodes.map((node) => node.target.join(' ')).join(' | ');
        found.push(`${where}: ${violation.id}: ${targets}`);
      }
    };
    const bothThemes = async (where: string): Promise<void> => {
      const themeSwitch = app.getByRole('button', { name: 'Dark theme' });
      for (const theme of ['light', 'dark'] as const) {
        if ((await themeSwitch.getAttribute('aria-pressed')) !== String(theme === 'dark'))
          await themeSwitch.click();
        await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
        await audit(`${theme}, ${where}`);
      }
    };
    // Pane 10 with a lost update told.
    let tutorial = await openPane(app, 10);
    await resetProgram(tutorial);
    for (const [name, op] of [
      ['A', 'load'],
      ['B', 'load'],
      ['A', 'add'],
      ['A', 'store'],
      ['B', 'add'],
      ['B', 'store'],
    ] as const)
      await stepProcess(tutorial, name, op);
    await bothThemes('pane 10, a lost update');
    // Pane 11 with its results table filled.
    tutorial = await openPane(app, 11);
    await tutorial.getByLabel('N per process').fill('1000');
    await tutorial.getByRole('button', { name: 'Run all three, one after another' }).click();
    await expect(tutorial.locator('[data-field="atomic:finished"]')).toHaveText('all done');
    await bothThemes('pane 11, results');
    // Pane 13 with the live set and B asleep in P().
    tutorial = await openPane(app, 13);
    await makeSemaphoreSet(tutorial);
    await tutorial.getByRole('button', { name: 'A: P()', exact: true }).click();
    await tutorial.getByRole('button', { name: 'B: P()', exact: true }).click();
    await expect(
      tutorial.getByRole('status', { name: "B's semop" }).getByText(/semncnt = 1/),
    ).toBeVisible();
    await bothThemes('pane 13, B waiting');
    // Pane 14: the same wait, A killed.
    tutorial = await openPane(app, 14);
    await tutorial.getByRole('button', { name: 'Kill A (SIGKILL)' }).click();
    await expect(tutorial.getByRole('status', { name: 'What the kill did' })).toBeVisible();
    await bothThemes('pane 14, deadlock');
    await tutorial.getByRole('button', { name: "Cancel B's wait" }).click();
    expect(found).toEqual([]);
  });
});

// The machine view: its tabs, sortable headers, filter, an expanded row with its mappers and its
// IPC_STAT card, audited in both themes.
test.describe('axe-core, the machine view', () => {
  test.use({ bypassCSP: true });

  test('finds no violation in the machine view, in the light and the dark theme', async ({
    app,
  }) => {
    test.setTimeout(180_000);
    await waitForLab(app);
    const shmid = await createSegment(app, '4096');
    await attachInPane(app, 'A');
    await app.getByRole('button', { name: 'This machine' }).click();
    await app.getByRole('button', { name: `Details of segment ${shmid}` }).click();
    await app.getByRole('button', { name: `IPC_STAT of ${shmid}` }).click();
    await expect(app.locator('[data-field="nattch"]').first()).toHaveText('1');
    const themeSwitch = app.getByRole('button', { name: 'Dark theme' });
    const found: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      if ((await themeSwitch.getAttribute('aria-pressed')) !== String(theme === 'dark')) {
        await themeSwitch.click();
      }
      await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
      for (const tab of ['Segments', 'Semaphore sets', 'Message queues', 'POSIX']) {
        await app.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
        const { violations } = await new AxeBuilder({ page: app }).analyze();
        for (const violation of violations) {
          const targets = violation.nodes.map((node) => node.target.join(' ')).join(' | ');
          found.push(`${theme}, ${tab}: ${violation.id}: ${targets}`);
        }
      }
      await app.getByRole('tab', { name: /^Segments/ }).click();
    }
    expect(found).toEqual([]);
  });
});

// Pane 16 with its answers, pane 17 and the diagram with a program's columns (the program and a
// forked child, under A and B), and the segment panel's notes about them, in both themes.
test.describe('axe-core, ftok and your own program', () => {
  test.use({ bypassCSP: true });

  test('finds no violation on panes 16 and 17 and on the diagram with the program’s columns', async ({
    app,
  }) => {
    test.setTimeout(240_000);
    await waitForLab(app);
    await createSegment(app, '4096');
    await attachInPane(app, 'A');
    await attachInPane(app, 'B');
    const found: string[] = [];
    const audit = async (where: string, include?: string): Promise<void> => {
      const builder = new AxeBuilder({ page: app });
      const { violations } = await (
        include === undefined ? builder : builder.include(include)
      ).analyze();
      for (const violation of violations) {
        const targets = violation.nodes.map((node) => node.target.join(' ')).join(' | ');
        found.push(`${where}: ${violation.id}: ${targets}`);
      }
    };
    const bothThemes = async (where: string, include?: string): Promise<void> => {
      const themeSwitch = app.getByRole('button', { name: 'Dark theme' });
      for (const theme of ['light', 'dark'] as const) {
        if ((await themeSwitch.getAttribute('aria-pressed')) !== String(theme === 'dark'))
          await themeSwitch.click();
        await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
        await audit(`${theme}, ${where}`, include);
      }
    };
    await goToStep(app, /^16 /);
    const tutorial = app.getByRole('region', { name: 'Tutorial' });
    await tutorial.getByRole('button', { name: 'Run ftok' }).click();
    await tutorial.getByRole('button', { name: /IPC_CREAT \| 0600\)$/ }).click();
    await tutorial.getByRole('button', { name: /again, without IPC_CREAT$/ }).click();
    await expect(tutorial.locator('[data-field="found"]')).toBeVisible();
    await tutorial.getByLabel(/Or paste the line/).fill('ftok("/tmp", 83) = 0x00000001');
    await bothThemes('pane 16 with its answers', 'section[aria-label="Tutorial"]');
    if (!hasCc()) {
      process.stdout.write('skipping the program’s columns: no C compiler (cc) on PATH\n');
    } else {
      const view = await openProgramView(app);
      await setSource(app, view, FORK_AND_STAY);
      await view.getByRole('button', { name: 'Run', exact: true }).click();
      await waitForTerminal(view, /child \d+ at 0x[0-9a-f]+ wrote/);
      await view.getByRole('button', { name: 'Back to the tutorial' }).click();
      await expect(app.locator('.memory-diagram__column')).toHaveCount(4);
      await goToStep(app, /^17 /);
      await expect(tutorial.getByRole('list', { name: 'Processes of the run' })).toContainText(
        'forked child of',
      );
      await bothThemes('pane 17 and the diagram with four columns');
      const stopView = await openProgramView(app);
      await stopView.getByRole('button', { name: 'Stop', exact: true }).click();
      await expect(app.locator('.memory-diagram__column')).toHaveCount(2, { timeout: 15_000 });
      await stopView.getByRole('button', { name: 'Back to the tutorial' }).click();
      await bothThemes('pane 17 and the diagram after the run, with its exit notes');
    }
    expect(found).toEqual([]);
  });
});
