// The program view: reachable from the header and the address, one view open at a time, the
// compiler's messages on their lines, and a clean console with the editor and the terminal on
// screen under the strict CSP (their <style> elements carry the page's nonce).
import { expect, test } from './fixtures';
import { waitForLab } from './helpers';
import { chooseStarter, editor, hasCc, openProgramView, setSource } from './program-helpers';

const NO_CC = 'no C compiler (cc) on PATH: the view cannot compile here';

test('opens from the header and from #view=program, and closes the machine view', async ({
  app,
}) => {
  await waitForLab(app);
  const view = await openProgramView(app);
  await expect(app).toHaveURL(/#view=program$/);
  await expect(view.getByRole('heading', { name: 'Your program' })).toBeFocused();
  await expect(editor(view)).toContainText('SHMLAB_SHMID');
  // One view at a time: the machine view takes its place, and gives it back.
  await app.getByRole('button', { name: 'This machine' }).click();
  await expect(app.getByRole('region', { name: 'This machine' })).toBeVisible();
  await expect(view).toBeHidden();
  await expect(app).toHaveURL(/#view=machine$/);
  await app.getByRole('button', { name: 'Your program' }).click();
  await expect(app.getByRole('region', { name: 'This machine' })).toBeHidden();
  await expect(view).toBeVisible();
  // A reload keeps it open.
  await app.reload();
  await expect(app.getByRole('region', { name: 'Your program' })).toBeVisible();
  await app.getByRole('button', { name: 'Back to the tutorial' }).click();
  await expect(app.getByRole('region', { name: 'Tutorial' })).toBeVisible();
  await expect(app).not.toHaveURL(/view=program/);
});

test('the editor’s and terminal’s run-time styles carry the page’s nonce', async ({ app }) => {
  await waitForLab(app);
  await openProgramView(app);
  await expect(app.locator('.xterm-rows')).toBeAttached();
  const styles = await app.evaluate(() => {
    const elements = [...document.querySelectorAll('style')];
    return {
      count: elements.length,
      nonces: [...new Set(elements.map((style) => style.nonce))],
      meta: document.querySelector('meta[name="csp-nonce"]') !== null,
      // CodeMirror's layout took effect: the gutter sits beside the text, not above it.
      editorDisplay: getComputedStyle(document.querySelector('.cm-editor')!).display,
    };
  });
  expect(styles.count).toBeGreaterThan(1);
  expect(styles.nonces).toHaveLength(1);
  expect(styles.nonces[0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(styles.meta).toBe(false);
  expect(styles.editorDisplay).toBe('flex');
  // A reload is a new response: a new nonce.
  await app.reload();
  await expect(app.locator('.xterm-rows')).toBeAttached();
  const after = await app.evaluate(() => document.querySelector('style')?.nonce ?? '');
  expect(after).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  expect(after).not.toBe(styles.nonces[0]);
});

test('compile errors and warnings land on their lines; each message moves the cursor there', async ({
  app,
}) => {
  test.skip(!hasCc(), NO_CC);
  await waitForLab(app);
  const view = await openProgramView(app);
  await chooseStarter(view, 'Writer');
  const source = [
    '#include <stdio.h>',
    '',
    'int main(void) {',
    '  int unused;',
    '  printf("%d\\n", missing);',
    '  return 0;',
    '}',
    '',
  ].join('\n');
  await setSource(app, view, source);
  await view.getByRole('button', { name: 'Compile', exact: true }).click();
  await expect(
    view.getByRole('status').filter({ hasText: /^Failed \(exit status 1\)/ }),
  ).toBeVisible();
  await expect(view.getByText(/^Ran: .*cc .*-Wall -Wextra/)).toBeVisible();

  const messages = view.getByRole('list', { name: 'Compiler messages' });
  const error = messages.getByRole('button', { name: /^5:\d+ error: .*missing/ });
  const warning = messages.getByRole('button', { name: /^4:\d+ warning: .*unused/ });
  await expect(error).toBeVisible();
  await expect(warning).toBeVisible();
  // In the editor: the error's mark is on line 5's word, the warning's on line 4's.
  await expect(editor(view).locator('.cm-lintRange-error')).toHaveText('missing');
  await expect(editor(view).locator('.cm-lintRange-warning')).toHaveText('unused');
  const lineOf = (mark: string) =>
    editor(view)
      .locator(`.cm-line:has(${mark})`)
      .evaluate((line) => [...line.parentElement!.children].indexOf(line) + 1);
  expect(await lineOf('.cm-lintRange-error')).toBe(5);
  expect(await lineOf('.cm-lintRange-warning')).toBe(4);

  await error.click();
  await expect(editor(view)).toBeFocused();
  await expect(view.locator('.cm-activeLine')).toHaveText('  printf("%d\\n", missing);');
  await warning.click();
  await expect(view.locator('.cm-activeLine')).toHaveText('  int unused;');

  // The compiler's own words, verbatim, one click away.
  await view.getByText(/^Compiler output, verbatim/).click();
  await expect(view.getByLabel('Compiler output')).toContainText("'missing' undeclared");
  await expect(view.getByLabel('Compiler output')).toContainText(/p\d+\.c:5:\d+: error:/);
});

test('the keyboard never gets stuck: Tab leaves the editor and the terminal', async ({ app }) => {
  await waitForLab(app);
  const view = await openProgramView(app);
  await editor(view).click();
  await app.keyboard.press('Tab');
  await expect(editor(view)).not.toBeFocused();
  const terminalInput = view.getByRole('textbox', { name: 'Terminal' });
  await terminalInput.focus();
  await app.keyboard.press('Tab');
  await expect(terminalInput).not.toBeFocused();
  await app.keyboard.press('Shift+Tab');
  await expect(terminalInput).toBeFocused();
});
