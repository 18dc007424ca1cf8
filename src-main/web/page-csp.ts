// The Content Security Policy both hosts send, with a fresh nonce for each page they serve.
// Styles stay 'self' only, except <style> elements that carry this page's nonce: the renderer
// stamps it on the ones its libraries create at run time (xterm.js, CodeMirror; see
// src-renderer/csp-nonce.ts). The nonce is random per response, so a page cannot reuse another's.
import { randomBytes } from 'node:crypto';
import type { StaticFile } from './static-files';

/** What index.html holds where each response puts its nonce (the meta CSP and csp-nonce). */
export const NONCE_PLACEHOLDER = '__SHMLAB_CSP_NONCE__';

/** 128 random bits, base64: a valid CSP nonce source. */
export function freshNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The policy: `connectSrc` is 'self' for the web host (its WebSocket) and 'none' in Electron
 * (IPC); with a nonce, style-src also admits <style> elements that carry it. frame-ancestors only
 * works as a header (browsers ignore it in a <meta>).
 */
export function contentSecurityPolicy(
  connectSrc: "'self'" | "'none'",
  nonce: string | null,
): string {
  const styleSrc = nonce === null ? "style-src 'self'" : `style-src 'self' 'nonce-${nonce}'`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleSrc,
    "img-src 'self' data:",
    `connect-src ${connectSrc}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** An HTML page with its placeholder replaced by `nonce`; other files are returned as they are. */
export function stampNonce(file: StaticFile, nonce: string): StaticFile {
  if (!file.contentType.startsWith('text/html')) return file;
  const html = file.body.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce);
  return { ...file, body: Buffer.from(html, 'utf8') };
}

/** The file and the CSP to send with it: HTML pages get a fresh nonce in both. */
export function withPagePolicy(
  file: StaticFile,
  connectSrc: "'self'" | "'none'",
): { file: StaticFile; csp: string } {
  if (!file.contentType.startsWith('text/html'))
    return { file, csp: contentSecurityPolicy(connectSrc, null) };
  const nonce = freshNonce();
  return { file: stampNonce(file, nonce), csp: contentSecurityPolicy(connectSrc, nonce) };
}
