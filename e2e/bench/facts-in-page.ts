// The facts bench's code that runs inside the page, as source text (see in-page.ts for why): the
// unmeasured steps between samples (detach and re-attach through the process panes, a program's
// re-attach) and one measured sample, from a click (or a line typed to the program) to the
// moment the pages table shows what the kernel was expected to make of it.
import { READ_PAGES_TABLE } from '../pages-table';

/**
 * Helpers every script below starts with. `region(name)`: a landmark by its accessible name.
 * `buttonIn(root, text)`. `presentCell(shmid, page, id)`: a process's present cell in the pages
 * table. `rowShows(shmid, page, present, samePfn)`: whether that row shows exactly the present
 * bits given (column id → 'true' | 'false' | 'unmapped'), and, with samePfn, one PFN for those
 * processes (checked only where the page shows PFNs). `until(what, test, ms)`: resolves once
 * `test()` holds, looking again at every DOM change; rejects after `ms`.
 */
const HELPERS = `
  const region = (name) =>
    document.querySelector('section[aria-label="' + name + '"], [role="region"][aria-label="' + name + '"]');
  const buttonIn = (root, text) =>
    [...(root?.querySelectorAll('button') ?? [])].find((button) => button.textContent === text) ?? null;
  const tableRow = (shmid, page) =>
    document.querySelector('table[aria-label="Pages of shmid ' + shmid + '"] tr[data-page="' + page + '"]');
  const presentCell = (shmid, page, id) =>
    tableRow(shmid, page)?.querySelector('td[data-process="' + id + '"][data-present]') ?? null;
  const rowShows = (shmid, page, present, samePfn) => {
    const row = tableRow(shmid, page);
    if (row === null) return false;
    const cells = [...row.querySelectorAll('td[data-process][data-present]')];
    if (cells.length !== Object.keys(present).length) return false;
    for (const cell of cells) {
      if (present[cell.getAttribute('data-process')] !== cell.getAttribute('data-present')) return false;
    }
    if (samePfn === null) return true;
    const frame = row.querySelector('td[data-frame]');
    const pfns = samePfn.map((id) => frame?.getAttribute('data-pfn-' + id.toLowerCase()) ?? null);
    return pfns[0] === '' || pfns.every((pfn) => pfn === pfns[0]);
  };
  const until = (what, test, ms) => new Promise((resolve, reject) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => {
      if (!test()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error('waited ' + ms + ' ms for ' + what));
    }, ms);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const panePid = (name) => {
    const text = region('Process ' + name)?.textContent ?? '';
    const match = /\\bpid (\\d+) · running/.exec(text);
    return match === null ? null : Number(match[1]);
  };
`;

/** The shmid the segment panel shows (the tutorial's segment). */
export const TUTORIAL_SHMID = `(() => {
  const shown = document.querySelector('[data-field="shmid"]')?.textContent ?? '';
  if (!/^\\d+$/.test(shown)) throw new Error('the segment panel shows no shmid');
  return Number(shown);
})()`;

/** `({ title, shows })`: opens the tutorial pane named `title`; resolves once a button `shows`. */
export const OPEN_STEP = `async ({ title, shows }) => {
  ${HELPERS}
  const steps = document.querySelector('nav[aria-label="Tutorial steps"]');
  const step = [...(steps?.querySelectorAll('button') ?? [])].find((button) => (button.textContent ?? '').includes(title));
  if (step === undefined) throw new Error('no tutorial step ' + title);
  step.click();
  await until('the button ' + shows, () => buttonIn(region('Tutorial'), shows) !== null, 5000);
}`;

/**
 * `(offsets)`: pane 5's "Store the value in A" at each offset in turn (the value field as it is),
 * each once the Offset field took it; resolves once the last store's answer shows.
 */
export const STORE_IN_A = `async (offsets) => {
  ${HELPERS}
  const tutorial = region('Tutorial');
  const input = [...tutorial.querySelectorAll('label')]
    .find((label) => (label.textContent ?? '').trim() === 'Offset')
    ?.querySelector('input');
  if (input === undefined) throw new Error('pane 5 has no Offset field');
  for (const offset of offsets) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, String(offset));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await until('offset ' + offset + ' taken', () => (tutorial.textContent ?? '').includes('(base + ' + offset + ')'), 5000);
    buttonIn(tutorial, 'Store the value in A').click();
    await until('A to store at ' + offset, () =>
      [...tutorial.querySelectorAll('[role="status"]')].some((node) =>
        /^A stored /.test(node.textContent ?? '') && (node.textContent ?? '').includes('at offset ' + offset + ',')), 5000);
  }
}`;

/**
 * `({ shmid, names })`: shmdt, then shmat again, in each of `names` through its pane's buttons
 * (all detaches at once, then all attaches), so their page tables have no entry of the segment;
 * resolves once the pages table shows each of them attached again with page 0 absent.
 */
export const REATTACH = `async ({ shmid, names }) => {
  ${HELPERS}
  const panes = names.map((name) => ({
    name,
    detach: buttonIn(region('Process ' + name), 'Detach (shmdt) in ' + name),
    attach: () => buttonIn(region('Process ' + name), 'Attach (shmat) in ' + name),
  }));
  for (const { name, detach } of panes) {
    if (detach === null || detach.disabled) throw new Error(name + ' has nothing to detach');
    detach.click();
  }
  await until(names.join(' and ') + ' detached', () =>
    panes.every(({ detach, attach }) => detach.disabled && attach() !== null && !attach().disabled), 5000);
  for (const { attach } of panes) attach().click();
  await until(names.join(' and ') + ' attached again', () =>
    panes.every(({ name, detach }) =>
      !detach.disabled && presentCell(shmid, 0, name)?.getAttribute('data-present') === 'false'), 5000);
}`;

/**
 * Opens the page's own API socket (as a second client of the web host, as burst-in-page.ts
 * does), kept as window.__factsSocket, and resolves with the learner's run it learns of from
 * the facts the Lab sends a new listener: { runId, pid } of the program's process.
 */
export const OPEN_PROGRAM_SOCKET = `async (token) => {
  const socket = new WebSocket('ws://' + location.host + '/api?token=' + token);
  let nextId = 1;
  const program = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no facts of the program within 5 s')), 5000);
    socket.addEventListener('close', () => reject(new Error('the API socket closed')));
    socket.addEventListener('message', (message) => {
      const data = JSON.parse(message.data);
      const events = data.events ?? (data.event === undefined ? [] : [data]);
      for (const { event, payload } of events) {
        if (event !== 'factsChanged' || payload.kind !== 'program') continue;
        if (payload.facts.process.role !== 'program') continue;
        clearTimeout(timer);
        resolve({ runId: payload.facts.process.runId, pid: payload.facts.process.pid });
      }
    });
  });
  window.__factsSocket = {
    type: (data) => socket.send(JSON.stringify({ id: nextId++, command: 'programInput', input: { runId: program.runId, data } })),
  };
  return program;
}`;

/** The terminal's rows as text (xterm's no-break spaces as spaces), for `terminalShows`. */
const TERMINAL = `
  const terminalShows = (line) =>
    [...(document.querySelector('.xterm-rows')?.children ?? [])].some(
      (row) => (row.textContent ?? '').replaceAll('\\u00a0', ' ').trim() === line,
    );
`;

/**
 * `({ line, answer, shmid, pages, attached })`: types `line` to the program and waits for it to
 * answer `answer` in the terminal, then until the pages table shows the program (`attached`, its
 * column id) attached with none of the first `pages` pages present. Unmeasured: the program's
 * own shmdt and shmat between rounds.
 */
export const PROGRAM_REATTACH = `async ({ line, answer, shmid, pages, attached }) => {
  ${HELPERS}
  ${TERMINAL}
  window.__factsSocket.type(line);
  await until('the program to answer ' + answer, () => terminalShows(answer), 5000);
  await until('the program attached again', () => {
    for (let page = 0; page < pages; page += 1) {
      if (presentCell(shmid, page, attached)?.getAttribute('data-present') !== 'false') return false;
    }
    return true;
  }, 5000);
}`;

/** What one sample returns; times in ms of the page's clock. */
export interface FactsSample {
  /** Why the sample failed in the page (the row never matched, no answer), or null. */
  error: string | null;
  clickToEqual: number | null;
  clickToAnswer: number | null;
  /** Answer shown → the row equals what was expected; 0 when it did before the answer. */
  answerToEqual: number | null;
  /** The table once both were seen, and a little later (see SAMPLE). */
  table: { page: number; cells: Record<string, { present: string; pfn: string }> }[] | null;
  pids: { A: number | null; B: number | null };
}

/**
 * One sample. Input: { shmid, page, before, field, expected, samePfn, action, answer, timeoutMs,
 * settleMs }. First (unmeasured) types `field` ({ region, label, value, shows }: the text the
 * region shows once it took the value) when not null, and waits until row `page` shows `before`
 * (an error starting 'before:' when it does not within 2 s). Then the action: a click
 * on { region, button } or a line { type } to the program; the answer: a new status element in
 * { region } whose text starts with { startsWith }, or a terminal row that reads { terminal }.
 * A MutationObserver times the first moment the row shows `expected` (and samePfn) and the
 * answer's. `settleMs` after both, the table is read whole for the check against pagemap.
 */
export const SAMPLE = `async ({ shmid, page, before, field, expected, samePfn, action, answer, timeoutMs, settleMs }) => {
  ${HELPERS}
  ${TERMINAL}
  ${READ_PAGES_TABLE}
  if (field !== null) {
    // Typed as a keyboard would (the input event React listens to); the pane shows the new
    // value in its C before the button can act on it.
    const label = [...(region(field.region)?.querySelectorAll('label') ?? [])].find(
      (candidate) => (candidate.textContent ?? '').trim() === field.label,
    );
    const input = label?.querySelector('input') ?? null;
    if (input === null) throw new Error('no field ' + field.label);
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, field.value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await until(field.label + ' taken', () => (region(field.region)?.textContent ?? '').includes(field.shows), 5000);
  }
  try {
    await until('row ' + page + ' to show ' + JSON.stringify(before), () => rowShows(shmid, page, before, null), 2000);
  } catch (error) {
    return { error: 'before: ' + error.message, clickToEqual: null, clickToAnswer: null, answerToEqual: null, table: null, pids: { A: null, B: null } };
  }
  const statuses = () => [...(region(answer.region ?? 'Tutorial')?.querySelectorAll('[role="status"]') ?? [])];
  const answerNode = () => statuses().find((node) => (node.textContent ?? '').startsWith(answer.startsWith)) ?? null;
  const old = answer.terminal === undefined ? answerNode() : null;
  const answered = () => {
    if (answer.terminal !== undefined) return terminalShows(answer.terminal);
    const node = answerNode();
    return node !== null && node !== old;
  };
  let button = null;
  if (action.button !== undefined) {
    button = buttonIn(region(action.region), action.button);
    if (button === null || button.disabled) throw new Error('no enabled button ' + action.button);
  }
  let clickAt = 0;
  let answerAt = null;
  let equalAt = null;
  const error = await new Promise((resolve) => {
    const look = () => {
      const now = performance.now();
      if (equalAt === null && rowShows(shmid, page, expected, samePfn)) equalAt = now;
      if (answerAt === null && answered()) answerAt = now;
      if (equalAt === null || answerAt === null) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(null);
    };
    const observer = new MutationObserver(look);
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(
        (equalAt === null ? 'row ' + page + ' never showed ' + JSON.stringify(expected) : 'no answer') +
          ' within ' + timeoutMs + ' ms',
      );
    }, timeoutMs);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    clickAt = performance.now();
    if (button !== null) button.click();
    else window.__factsSocket.type(action.type);
    look();
  });
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return {
    error,
    clickToEqual: equalAt === null ? null : equalAt - clickAt,
    clickToAnswer: answerAt === null ? null : answerAt - clickAt,
    answerToEqual: equalAt === null || answerAt === null ? null : Math.max(0, equalAt - answerAt),
    table: readPagesTable(shmid),
    pids: { A: panePid('A'), B: panePid('B') },
  };
}`;
