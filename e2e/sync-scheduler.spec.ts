import { expect, snapshot, test } from './fixtures';
import { attachInPane, byteCell, createSegment, waitForLab } from './helpers';
import { openPane, resetProgram, stepProcess } from './sync-helpers';

test('pane 10: the learner loses an update by hand and the pane says so, with the numbers', async ({
  app,
}) => {
  await waitForLab(app);
  await createSegment(app, '64');
  await attachInPane(app, 'A');
  await attachInPane(app, 'B');
  const tutorial = await openPane(app, 10);
  await resetProgram(tutorial);
  await expect(tutorial.locator('[data-field="register-A"]')).toHaveText('empty');

  // load A, load B, then A finishes, then B finishes: B stores over A's store.
  await stepProcess(tutorial, 'A', 'load');
  await stepProcess(tutorial, 'B', 'load');
  await expect(tutorial.locator('[data-field="register-A"]')).toHaveText('0');
  await expect(tutorial.locator('[data-field="register-B"]')).toHaveText('0');
  await stepProcess(tutorial, 'A', 'add');
  await stepProcess(tutorial, 'A', 'store');
  // B reads A's store from its own mapping before it stores its own.
  await expect(tutorial.locator('[data-field="counter-B"]')).toHaveText('1');
  await expect(tutorial.locator('[data-field="register-B"]')).toHaveText('0');
  await stepProcess(tutorial, 'B', 'add');
  await stepProcess(tutorial, 'B', 'store');

  const story = tutorial.getByRole('status', { name: /What happened to the counter/ });
  await expect(story).toContainText(
    "A and B both loaded 0 and both stored 1: B wrote 1 over A's 1, so one increment is lost.",
  );
  await expect(story).toContainText(
    '2 increments stored, so the counter should have gone from 0 to 2; it holds 1: 1 lost.',
  );
  await expect(tutorial.locator('[data-field="counter-A"]')).toHaveText('1');
  await expect(tutorial.locator('[data-field="counter-B"]')).toHaveText('1');
  // The counter really is 1 in the segment: B's hex view, read from its own mapping.
  await expect(byteCell(app, 'B', 0)).toHaveText('01');
  await snapshot(app, 'pane 10: a lost update');

  // And retry: after a reset, one increment after the other loses nothing.
  await resetProgram(tutorial);
  await expect(story).toBeHidden();
  for (const name of ['A', 'B'] as const) {
    for (const op of ['load', 'add', 'store']) await stepProcess(tutorial, name, op);
  }
  await expect(story).toContainText(
    '2 increments stored: the counter went from 0 to 2, none lost.',
  );
});
