import { expect, test } from './fixtures';
import { attachInPane, createSegment, waitForLab } from './helpers';

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
