// The UI is served from the built files over our own scheme, never from a
// remote URL and never from the dev server: shmlab://app/index.html.
import { protocol } from 'electron';
import { withPagePolicy } from '../web/page-csp';
import { readStaticFile } from '../web/static-files';

export const APP_SCHEME = 'shmlab';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves `rendererDir` on the app scheme. Run after app 'ready'. */
export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return new Response('Not found', { status: 404 });
    const found = await readStaticFile(rendererDir, url.pathname);
    if (found === null) return new Response('Not found', { status: 404 });
    // A page gets a fresh nonce for its run-time <style> elements, in the header and in the page.
    const { file, csp } = withPagePolicy(found, "'none'");
    return new Response(new Uint8Array(file.body), {
      headers: {
        'Content-Type': file.contentType,
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}

/** Whether a frame URL is our own UI. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'app';
  } catch {
    return false;
  }
}
