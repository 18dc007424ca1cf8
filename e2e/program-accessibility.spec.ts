// The program view under axe-core, in both themes, with everything it can show on screen: the
// compiler's messages and output, a run's facts, its exit and what the exit detached. axe is
// injected into the page, which the CSP forbids: the auditor's context bypasses the CSP instead.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { waitForLab } from './helpers';
import { chooseStarter, editor, hasCc, openProgramView, setSource } from './program-helpers';
import { attachFreshSegmentInBoth } from './web-host';

test.use({ bypassCSP: true });

test('the program view: no axe violation in the light and the dark theme, every control named', async ({
  app,
}) => {
  test.setTimeout(180_000);
  await waitForLab(app);
  const withCc = hasCc();
  if (withCc) await attachFreshSegmentInBoth(app);
  const view = await openProgramView(app);
  if (withCc) {
    // A run that ended, with what its exit detached…
    await chooseStarter(view, 'Writer');
    await view.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(view.getByRole('list', { name: 'Ended' })).toContainText('exited with status 0', {
      timeout: 20_000,
    });
    // …and a compile with an error and a warning, its output unfolded.
    await setSource(app, view, 'int main(void) {\n  int unused;\n  return missing;\n}\n');
    await view.getByRole('button', { name: 'Compile', exact: true }).click();
    await expect(view.getByRole('list', { name: 'Compiler messages' })).toBeVisible();
    await view.getByText(/^Compiler output, verbatim/).click();
  }
  await expect(editor(view)).toBeVisible();

  const unnamed = await app.evaluate(() =>
    [
      ...document.querySelectorAll(
        '#program-view :is(button, input, select, textarea, [contenteditable="true"], [tabindex="0"])',
      ),
    ]
      .filter((element) => {
        const byId = element.getAttribute('aria-labelledby');
        const label =
          element.getAttribute('aria-label') ??
          (byId === null ? null : document.getElementById(byId)?.textContent) ??
          (element instanceof HTMLInputElement || element instanceof HTMLSelectElement
            ? [...(element.labels ?? [])].map((l) => l.textContent).join('')
            : element.textContent);
        return (label ?? '').trim() === '';
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );
  expect(unnamed).toEqual([]);

  const found: string[] = [];
  const themeSwitch = app.getByRole('button', { name: 'Dark theme' });
  for (const theme of ['light', 'dark'] as const) {
    if ((await themeSwitch.getAttribute('aria-pressed')) !== String(theme === 'dark'))
      await themeSwitch.click();
    await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
    // The terminal draws only while in view: scroll through the view so all of it is drawn.
    await view.locator('.xterm').scrollIntoViewIfNeeded();
    const { violations } = await new AxeBuilder({ page: app }).include('#program-view').analyze();
    for (const violation of violations) {
      const targets = violation.nodes.map((node) => node.target.join(' ')).join(' | ');
      found.push(`${theme}: ${violation.id}: ${targets}`);
    }
  }
  expect(found).toEqual([]);
});
