// Who is at the other end of a loopback TCP connection. The kernel lists every TCP socket of this
// network namespace in /proc/net/tcp and /proc/net/tcp6, readable by all, with the uid that owns
// it: the client's socket is the row whose local port is the connection's remote port and whose
// remote end is the host's port on 127.0.0.1.
import { readFileSync } from 'node:fs';

const ESTABLISHED = '01';
/** 127.0.0.1 as /proc prints it: the address in memory order, so either byte order. */
const LOOPBACK_V4 = new Set(['0100007F', '7F000001']);

/** Whether /proc's hex address is 127.0.0.1, plain or IPv4-mapped in IPv6 (::ffff:127.0.0.1). */
function isLoopbackV4(hex: string): boolean {
  if (hex.length === 8) return LOOPBACK_V4.has(hex);
  return hex.length === 32 && /FFFF/.test(hex.slice(16, 24)) && LOOPBACK_V4.has(hex.slice(24));
}

/** [address hex, port] of a /proc/net/tcp endpoint such as `0100007F:1F90`. */
function endpoint(field: string | undefined): [string, number] | null {
  const [address, port] = field?.split(':') ?? [];
  if (address === undefined || port === undefined) return null;
  return [address.toUpperCase(), Number.parseInt(port, 16)];
}

/**
 * The uid of the process side socket that connects from port `peerPort` to 127.0.0.1:`hostPort`,
 * or null when no such connection is listed (closed meanwhile, or /proc/net is not there).
 */
export function loopbackPeerUid(peerPort: number, hostPort: number): number | null {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
    } catch {
      continue;
    }
    // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid …
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] !== ESTABLISHED) continue;
      const local = endpoint(fields[1]);
      const remote = endpoint(fields[2]);
      if (local === null || remote === null) continue;
      if (local[1] !== peerPort || remote[1] !== hostPort || !isLoopbackV4(remote[0])) continue;
      const uid = Number(fields[7]);
      if (Number.isSafeInteger(uid)) return uid;
    }
  }
  return null;
}
