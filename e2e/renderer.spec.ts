import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';

// Until the web host lands, serve the built renderer from out/ through
// request interception, on an http origin (module scripts refuse file://).
const rendererDir = join(import.meta.dirname, '..', 'out', 'renderer');
const origin = 'http://shmlab.test';
const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

test('the built renderer renders the app shell', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${origin}/**`, async (route) => {
    const pathname = new URL(route.request().url()).pathname;
    const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(rendererDir)) return route.fulfill({ status: 403 });
    const body = await readFile(file).catch(() => null);
    if (body === null) return route.fulfill({ status: 404 });
    return route.fulfill({ body, contentType: types[extname(file)] ?? 'application/octet-stream' });
  });
  await page.goto(`${origin}/`);
  await expect(page.getByRole('heading', { name: 'ShmLab' })).toBeVisible();
  expect(errors).toEqual([]);
});
