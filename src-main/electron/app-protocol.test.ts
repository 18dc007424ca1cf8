// The shmlab://app scheme, with Electron's protocol module mocked and a real
// temporary renderer folder on disk.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NONCE_PLACEHOLDER } from '../web/page-csp';
import { APP_URL, isAppUrl, registerAppScheme, serveApp } from './app-protocol';

type Handler = (request: Request) => Response | Promise<Response>;

const fakes = vi.hoisted(() => ({
  handled: [] as { scheme: string; handler: unknown }[],
  privileged: [] as unknown[],
}));

vi.mock('electron', () => ({
  protocol: {
    handle: (scheme: string, handler: unknown) => fakes.handled.push({ scheme, handler }),
    registerSchemesAsPrivileged: (schemes: unknown) => fakes.privileged.push(schemes),
  },
}));

describe('isAppUrl', () => {
  it.each([
    ['shmlab://app/x', true],
    ['shmlab://app/index.html', true],
    ['shmlab://app/assets/index-abc.js?v=1#top', true],
    ['shmlab://other/', false],
    ['shmlab://app.evil.example/', false],
    ['shmlab://app:8080/', false],
    ['https://app/', false],
    ['http://127.0.0.1:5173/', false],
    ['file:///etc/passwd', false],
    ['app/index.html', false],
    ['garbage', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });

  it('accepts the URL the window loads', () => {
    expect(APP_URL).toBe('shmlab://app/index.html');
    expect(isAppUrl(APP_URL)).toBe(true);
  });
});

describe('registerAppScheme', () => {
  it('registers shmlab as a standard, secure scheme', () => {
    registerAppScheme();
    expect(fakes.privileged).toEqual([
      [
        {
          scheme: 'shmlab',
          privileges: expect.objectContaining({ standard: true, secure: true }),
        },
      ],
    ]);
  });
});

describe('serveApp', () => {
  let root: string;
  let rendererDir: string;
  let handler: Handler;
  const indexHtml = `<!doctype html><meta name="csp-nonce" content="${NONCE_PLACEHOLDER}" /><title>ShmLab</title>`;
  /** The page as served: the placeholder replaced by the response's nonce. */
  const served = (nonce: string): string => indexHtml.replace(NONCE_PLACEHOLDER, nonce);
  const nonceOf = (csp: string): string =>
    /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1] ?? 'no nonce in the CSP';
  const script = 'console.log("shm");';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'shmlab-protocol-'));
    rendererDir = join(root, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), indexHtml);
    writeFileSync(join(rendererDir, 'assets', 'index.js'), script);
    // Beside the renderer folder, where an escaping path would land.
    writeFileSync(join(root, 'secret'), 'do not serve');

    serveApp(rendererDir);
    expect(fakes.handled).toHaveLength(1);
    const registered = fakes.handled[0];
    expect(registered?.scheme).toBe('shmlab');
    if (typeof registered?.handler !== 'function') throw new Error('no handler was registered');
    handler = registered.handler as Handler;
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** Calls the handler as Electron would; it only reads request.url. */
  const fetchApp = async (url: string): Promise<Response> => handler({ url } as unknown as Request);

  it('serves index.html with 200, its type, the CSP and nosniff', async () => {
    const response = await fetchApp('shmlab://app/index.html');
    expect(response.status).toBe(200);
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(await response.text()).toBe(served(nonceOf(csp)));
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves / as index.html', async () => {
    const response = await fetchApp('shmlab://app/');
    expect(response.status).toBe(200);
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(await response.text()).toBe(served(nonceOf(csp)));
  });

  it('gives each page load a fresh 128-bit style nonce, the same in the header and the page', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      const response = await fetchApp('shmlab://app/index.html');
      const nonce = nonceOf(response.headers.get('Content-Security-Policy') ?? '');
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(await response.text()).toContain(`name="csp-nonce" content="${nonce}"`);
      nonces.add(nonce);
    }
    expect(nonces.size).toBe(3);
    const script = await fetchApp('shmlab://app/assets/index.js');
    expect(script.headers.get('Content-Security-Policy')).not.toContain('nonce-');
  });

  it('serves assets with their content type and the CSP', async () => {
    const response = await fetchApp('shmlab://app/assets/index.js');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(script);
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
  });

  it.each([
    'shmlab://app/../secret',
    'shmlab://app/..%2fsecret',
    'shmlab://app/%2e%2e%2fsecret',
    'shmlab://app/assets/..%2f..%2fsecret',
    'shmlab://app/%2e%2e/secret',
  ])('refuses %s, which escapes the renderer folder, with 404', async (url) => {
    const response = await fetchApp(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('do not serve');
  });

  it('answers a missing file with 404', async () => {
    expect((await fetchApp('shmlab://app/missing.html')).status).toBe(404);
  });

  it('answers another host with 404, even for a file that exists', async () => {
    const response = await fetchApp('shmlab://other/index.html');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('ShmLab');
  });
});
