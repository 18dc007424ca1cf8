// Picks the transport: the Electron preload's window.shmLab when present,
// otherwise the web host's WebSocket with the token from the URL fragment.
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

/** The token the web host printed, from `#token=…`; null when absent. */
export function tokenFromHash(hash: string): string | null {
  const match = /(?:^#|&)token=([0-9a-f]+)/.exec(hash);
  return match?.[1] ?? null;
}

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
  const token = tokenFromHash(window.location.hash) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const web = createWebBridge(`${scheme}://${window.location.host}/api?token=${token}`);
  return { bridge: web.bridge, host: 'web', onStatus: web.onStatus };
}
