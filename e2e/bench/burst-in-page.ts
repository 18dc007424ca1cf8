// The write burst, run inside the page (see in-page.ts for why as text). The
// page opens its own API socket, as a second client of the web host would,
// and makes A write `writes` u32 counters round-robin over `cells` offsets
// (4 bytes apart from 0, all in the rows B's grid shows first) while a
// MutationObserver follows B's grid. (The token comes from the bench: the
// page drops it from its URL once read.) Timing on both sides uses the page's one
// clock, so each write's lag is bracketed honestly: it happened between the
// moment its request was sent and the moment its reply arrived.
import { BYTE_CELL, HEX_GRID_OF } from './in-page';

/** What the page returns; times are performance.now() in the page, ms. */
export interface BurstRun {
  mode: 'sequential' | 'pipelined';
  writes: number;
  cells: number;
  sentAt: number[];
  repliedAt: number[];
  /** When B's grid first showed this write's value or a later one at its offset; null: never. */
  shownAt: (number | null)[];
  /** B's grid at the end, from offset 0, as byte values (null where a cell was missing). */
  domBytes: (number | null)[];
  /** What B read from its own mapping at the end (the API's read command). */
  mappingBytes: number[];
  /** The last value written at each offset. */
  expectedValues: number[];
  failures: string[];
}

export const RUN_BURST = `async ({ mode, writes, cells, base, token }) => {
  ${BYTE_CELL}
  ${HEX_GRID_OF}
  const grid = hexGridOf('B');
  if (grid === null) throw new Error("B's memory grid is not in the page");
  const u32At = (offset) => {
    let value = 0;
    for (let i = 3; i >= 0; i -= 1) {
      const cell = byteCell(grid, offset + i);
      if (cell === null) return null;
      value = value * 256 + parseInt(cell.textContent, 16);
    }
    return value;
  };
  for (let cell = 0; cell < cells; cell += 1) {
    if (u32At(cell * 4) === null) throw new Error('offset ' + cell * 4 + " is not in B's grid");
  }

  const socket = new WebSocket('ws://' + location.host + '/api?token=' + token);
  await new Promise((resolve, reject) => {
    socket.addEventListener('message', resolve, { once: true });
    socket.addEventListener('close', () => reject(new Error('the API socket closed')), { once: true });
  });
  const waiting = new Map();
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(message.data);
    if (typeof data.id !== 'number') return;
    waiting.get(data.id)?.(data.result);
    waiting.delete(data.id);
  });
  let nextId = 1;
  const call = (command, input) => new Promise((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    socket.send(JSON.stringify({ id, command, input }));
  });

  const valueOf = (index) => base + index + 1;
  const sentAt = new Array(writes).fill(0);
  const repliedAt = new Array(writes).fill(0);
  const shownAt = new Array(writes).fill(null);
  const failures = [];
  // For each cell, the next of its writes not yet seen on screen.
  const nextUnseen = Array.from({ length: cells }, (_, cell) => cell);
  const look = () => {
    const now = performance.now();
    for (let cell = 0; cell < cells; cell += 1) {
      const shown = u32At(cell * 4);
      while (nextUnseen[cell] < writes && shown !== null && shown >= valueOf(nextUnseen[cell])) {
        shownAt[nextUnseen[cell]] = now;
        nextUnseen[cell] += cells;
      }
    }
  };
  const allShown = () => nextUnseen.every((index) => index >= writes);
  let settle = null;
  const observer = new MutationObserver(() => {
    look();
    if (allShown()) settle?.();
  });
  observer.observe(grid, { subtree: true, childList: true, characterData: true });

  const write = async (index) => {
    const input = { process: 'A', offset: (index % cells) * 4, type: 'u32', value: String(valueOf(index)) };
    sentAt[index] = performance.now();
    const result = await call('write', input);
    repliedAt[index] = performance.now();
    if (!result.ok && failures.length < 5) failures.push(result.error.code + ': ' + result.error.message);
  };
  const done = new Promise((resolve) => { settle = resolve; });
  if (mode === 'sequential') {
    for (let index = 0; index < writes; index += 1) await write(index);
  } else {
    await Promise.all(Array.from({ length: writes }, (_, index) => write(index)));
  }
  look();
  if (!allShown()) await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000))]);
  observer.disconnect();
  // Anything still to come would show the screen was wrong for a moment: look again later.
  await new Promise((resolve) => setTimeout(resolve, 300));

  const length = cells * 4;
  const domBytes = Array.from({ length }, (_, offset) => {
    const cell = byteCell(grid, offset);
    return cell === null ? null : parseInt(cell.textContent, 16);
  });
  const read = await call('read', { process: 'B', offset: 0, length });
  if (!read.ok) failures.push('read B: ' + read.error.code + ': ' + read.error.message);
  socket.close();
  const expectedValues = Array.from({ length: cells }, (_, cell) => {
    const last = cell + Math.floor((writes - 1 - cell) / cells) * cells;
    return last < writes && last >= 0 ? valueOf(last) : 0;
  });
  return {
    mode, writes, cells, sentAt, repliedAt, shownAt, domBytes,
    mappingBytes: read.ok ? read.value.bytes : [], expectedValues, failures,
  };
}`;
