import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { attachInPane, createSegment, goToStep, waitForLab } from './helpers';

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
  for (let step = 1; step <= 9; step += 1) {
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
  await expect(steps.getByRole('button', { name: /^9 / })).toHaveAttribute('aria-current', 'step');
  await app.locator('body').press('ArrowLeft');
  await expect(steps.getByRole('button', { name: /^8 / })).toHaveAttribute('aria-current', 'step');
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

// A real auditor on every pane, in both themes. axe is injected into the
// page, which our CSP (rightly) forbids: the auditor's context bypasses the
// CSP instead of the app weakening it.
test.describe('axe-core', () => {
  test.use({ bypassCSP: true });

  test('finds no violation on any pane, in the light and the dark theme', async ({ app }) => {
    // About 20 audits; the whole page takes seconds each on a loaded machine.
    test.setTimeout(240_000);
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
      for (let step = 1; step <= 9; step += 1) {
        await goToStep(app, new RegExp(`^${step} `));
        await audit(`${theme}, pane ${step}`, 'section[aria-label="Tutorial"]');
      }
    }
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
