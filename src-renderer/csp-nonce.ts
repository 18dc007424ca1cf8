// Runs first (main.tsx imports it before anything else): reads the nonce the host put in this
// page (<meta name="csp-nonce">, fresh per response) and stamps it on every <style> element that
// script creates from now on, at creation, before anything inserts it. The CSP admits exactly
// those: xterm.js and CodeMirror build their styles at run time in <style> elements, and a strict
// `style-src 'self'` without the nonce would block them.

const meta = document.querySelector('meta[name="csp-nonce"]');
const nonce = meta?.getAttribute('content') ?? '';
// Read once: nothing later needs the attribute, and a page without it keeps nothing to leak.
meta?.remove();

if (nonce !== '') {
  const create = document.createElement.bind(document);
  document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
    const element = create(tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  }) as typeof document.createElement;
}

/** This page's CSP nonce ('' when the host gave none). */
export function cspNonce(): string {
  return nonce;
}
