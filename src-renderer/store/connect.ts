// Picks the transport: the Electron preload's window.shmLab when present,
// otherwise the web host's WebSocket with the token the host printed.
import type { LabBridge } from '../../src-main/common/api';
import type { ConnectionStatus } from './web-bridge';
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

/** The token the web host printed, from `#token=…`; null when absent. */
export function tokenFromHash(hash: string): string | null {
  const match = /(?:^#|&)token=([0-9a-f]+)(?:&|$)/.exec(hash);
  return match?.[1] ?? null;
}

/** What takeToken touches of the page: its address, history and session storage. */
export interface TokenPlace {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** The address without `token=…` in its fragment (other fragment parts kept). */
export function withoutToken(location: TokenPlace['location']): string {
  const rest = location.hash
    .replace(/^#/, '')
    .split('&')
    .filter((part) => part !== '' && !part.startsWith('token='));
  return `${location.pathname}${location.search}${rest.length > 0 ? `#${rest.join('&')}` : ''}`;
}

/**
 * The token for this tab. A token in the address is kept in session storage
 * and removed from the address at once (out of the history, bookmarks and
 * screen shares); without one, the tab's kept token is used (a reload).
 */
export function takeToken(place: TokenPlace): string | null {
  const fromAddress = tokenFromHash(place.location.hash);
  if (fromAddress === null) {
    try {
      return place.storage.getItem(TOKEN_STORAGE_KEY);
    } catch {
      return null;
    }
  }
  try {
    place.storage.setItem(TOKEN_STORAGE_KEY, fromAddress);
  } catch {
    // Storage can be disabled; this load still works, a reload will not.
  }
  place.history.replaceState(place.history.state, '', withoutToken(place.location));
  return fromAddress;
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
  const token = takeToken(place) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const web = createWebBridge(
    `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`,
  );
  return { bridge: web.bridge, host: 'web', onStatus: web.onStatus };
}
