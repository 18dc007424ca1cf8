// Picks the transport: the Electron preload's window.shmLab when present,
// otherwise the web host's WebSocket with the token the host printed, or with
// the one-time code of a browser the host opened itself (traded for the token).
import type { LabBridge } from '../../src-main/common/api';
import type { ReadyMessage } from '../../src-main/common/web-protocol';
import type { BridgeSocket, ConnectionStatus } from './web-bridge';
import { createWebBridge } from './web-bridge';

declare global {
  interface Window {
    shmLab?: LabBridge;
  }
}

export interface Connection {
  bridge: LabBridge;
  host: 'electron' | 'web';
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

/** Where the tab keeps its token, so a reload of the same tab still connects. */
export const TOKEN_STORAGE_KEY = 'shmlab.token';

/** The hex value of `name=…` in the fragment; null when absent or not hex. */
function hexFromHash(hash: string, name: 'token' | 'code'): string | null {
  const match = new RegExp(`(?:^#|&)${name}=([0-9a-f]+)(?:&|$)`).exec(hash);
  return match?.[1] ?? null;
}

/** The token the web host printed, from `#token=…`; null when absent. */
export function tokenFromHash(hash: string): string | null {
  return hexFromHash(hash, 'token');
}

/** The one-time opening code of a browser the host opened, from `#code=…`; null when absent. */
export function codeFromHash(hash: string): string | null {
  return hexFromHash(hash, 'code');
}

/** What the tab shows the host: the token, or a one-time code to trade for it. */
export type Credential = { kind: 'token'; value: string } | { kind: 'code'; value: string };

/** What takeCredential touches of the page: its address, history and session storage. */
export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** The address without `token=…` or `code=…` in its fragment (other fragment parts kept). */
export function withoutToken(location: TokenPlace['location']): string {
  const rest = location.hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('token=') && !part.startsWith('code='));
  return `${location.pathname}${location.search}${rest.length > 0 ? `#${rest.join('&')}` : ''}`;
}

/** Keeps `token` for this tab; false where the browser refuses (this load still works). */
export function keepToken(storage: TokenPlace['storage'], token: string): boolean {
  try {
    storage.setItem(TOKEN_STORAGE_KEY, token);
    return true;
  } catch {
    return false;
  }
}

/**
 * What this tab connects with. A token or an opening code in the address is removed from the
 * address at once (out of the history, bookmarks and screen shares); a token is kept in session
 * storage, a code is used once (its token is kept when the host sends it). Without either, the
 * tab's kept token is used (a reload).
 */
export function takeCredential(place: TokenPlace): Credential | null {
  const token = tokenFromHash(place.location.hash);
  const code = codeFromHash(place.location.hash);
  if (token === null && code === null) {
    try {
      const kept = place.storage.getItem(TOKEN_STORAGE_KEY);
      return kept === null ? null : { kind: 'token', value: kept };
    } catch {
      return null;
    }
  }
  if (token !== null) keepToken(place.storage, token);
  place.history.replaceState(place.history.state, '', withoutToken(place.location));
  return token !== null ? { kind: 'token', value: token } : { kind: 'code', value: code! };
}

/** The token a ready message carries (sent for an opening code), or null. */
export function tokenFromReady(data: unknown): string | null {
  if (typeof data !== 'string') return null;
  try {
    const message = JSON.parse(data) as Partial<ReadyMessage> | null;
    const token = message?.ready === true ? message.token : undefined;
    return typeof token === 'string' && /^[0-9a-f]+$/.test(token) ? token : null;
  } catch {
    return null;
  }
}

/** The tab's session storage; a stand-in that keeps nothing where the browser forbids it. */
function sessionStore(): TokenPlace['storage'] {
  try {
    return window.sessionStorage;
  } catch {
    return { getItem: () => null, setItem: () => undefined };
  }
}

/** Connects to the host this page runs in. */
export function connect(): Connection {
  if (window.shmLab !== undefined) {
    const bridge = window.shmLab;
    return {
      bridge,
      host: 'electron',
      onStatus: (listener) => {
        listener('open');
        return () => undefined;
      },
    };
  }
  const place = { location: window.location, history: window.history, storage: sessionStore() };
  const credential = takeCredential(place) ?? { kind: 'token', value: '' };
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/api?${credential.kind}=${encodeURIComponent(credential.value)}`;
  const web = createWebBridge(url, (address): BridgeSocket => {
    const socket = new WebSocket(address);
    // A code works once: the token it was traded for, in the first message, serves a reload.
    if (credential.kind === 'code') {
      const keep = (event: MessageEvent): void => {
        socket.removeEventListener('message', keep);
        const token = tokenFromReady(event.data);
        if (token !== null) keepToken(place.storage, token);
      };
      socket.addEventListener('message', keep);
    }
    return socket;
  });
  return { bridge: web.bridge, host: 'web', onStatus: web.onStatus };
}
