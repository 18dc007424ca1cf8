import { test } from './fixtures';
import { waitForLab } from './helpers';
import { chooseStarter, openProgramView, setSource } from './program-helpers';

test('scratch', async ({ app }) => {
  await waitForLab(app);
  await app.evaluate(() => {
    (window as unknown as { v: string[] }).v = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      const t = e.target as Element;
      (window as unknown as { v: string[] }).v.push(
        `${e.violatedDirective} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} target=${t?.outerHTML?.slice(0, 200) ?? t}`,
      );
    });
  });
  const view = await openProgramView(app);
  await chooseStarter(view, 'Writer');
  await view.getByRole('textbox', { name: 'Source (C)' }).click();
  await app.keyboard.press('Control+a');
  await app.keyboard.type('int x;');
  await app.waitForTimeout(500);
  console.log(
    'AFTER TYPE',
    await app.evaluate(() => (window as unknown as { v: string[] }).v.length),
  );
  await app.keyboard.press('Control+a');
  await app.keyboard.press('Delete');
  await app.keyboard.insertText('int y;\nint z;\n');
  await app.waitForTimeout(500);
  console.log(
    'AFTER INSERT on empty',
    await app.evaluate(() => (window as unknown as { v: string[] }).v.length),
  );
  await app.keyboard.press('Control+a');
  await app.keyboard.insertText('int y;\nint z;\n');
  await app.waitForTimeout(500);
  console.log(
    'AFTER INSERT over selection',
    await app.evaluate(() => (window as unknown as { v: string[] }).v.length),
  );
  await app.waitForTimeout(2000);
  console.log(await app.evaluate(() => (window as unknown as { v: string[] }).v.join('\n')));
});
