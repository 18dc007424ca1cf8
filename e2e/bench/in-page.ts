// Code the benchmarks run inside the page, as source text: tsx would wrap a
// real function with helpers that do not exist in the browser. Elements are
// found by role and accessible name, as a screen reader would, so the bench
// keeps working while the components change.

/**
 * `byteCell(grid, offset)`: the cell of a hex grid showing the byte at `offset`, or null when
 * its row is not rendered. The grid is an ARIA grid: row 1 is the header, so the byte's row is
 * aria-rowindex offset / perRow + 2, and column 1 the offsets, so its column is offset % perRow
 * + 2, with perRow = aria-colcount − 2 (the offset and typed columns).
 */
export const BYTE_CELL = `function byteCell(grid, offset) {
  const perRow = Number(grid.getAttribute('aria-colcount')) - 2;
  const row = grid.querySelector('[role="row"][aria-rowindex="' + (Math.floor(offset / perRow) + 2) + '"]');
  return row?.querySelector('[role="gridcell"][aria-colindex="' + ((offset % perRow) + 2) + '"]') ?? null;
}`;

/** `hexGridOf(name)`: process `name`'s memory grid, found inside its pane. */
export const HEX_GRID_OF = `function hexGridOf(name) {
  const pane = document.querySelector('section[aria-label="Process ' + name + '"], [role="region"][aria-label="Process ' + name + '"]');
  return pane?.querySelector('[role="grid"][aria-label="Memory of process ' + name + ' as it reads it"]') ?? null;
}`;

/**
 * An init script (it runs before the page's own scripts): `window.__bothDrawn`
 * resolves with the performance.now() — ms since navigation start — at which
 * both process panes first show their pid and "running" in their status line.
 * (A promise, because Playwright's waitForFunction evaluates strings, which
 * the page's CSP forbids.)
 */
export const RECORD_BOTH_DRAWN = `(() => {
  let drawn;
  window.__bothDrawn = new Promise((resolve) => { drawn = resolve; });
  const shows = (name) => {
    const pane = document.querySelector('section[aria-label="Process ' + name + '"], [role="region"][aria-label="Process ' + name + '"]');
    const text = pane?.querySelector('[role="status"]')?.textContent ?? '';
    return /\\bpid \\d+\\b/.test(text) && /\\brunning\\b/.test(text);
  };
  const observer = new MutationObserver(() => {
    if (!shows('A') || !shows('B')) return;
    drawn(performance.now());
    observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
})()`;
