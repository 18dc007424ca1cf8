// Reading a spawned program's stdout one line at a time (the C peers print what they did).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** Reads a child's stdout line by line. */
export function lineReader(peer: ChildProcessWithoutNullStreams) {
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let pending = '';
  peer.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n')) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  return (): Promise<string> => {
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      waiters.push(resolve);
      peer.once('exit', (code) => reject(new Error(`peer exited (${code}) before a line`)));
    });
  };
}
