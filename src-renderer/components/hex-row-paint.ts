// Draws a hex row's byte cells and typed column from the process's bytes and change flashes,
// straight into the DOM that HexGridRow rendered empty. A change of bytes is the one update
// that must reach the screen at once, and it touches a cell or two: written here, it costs the
// text of those cells, where a React render and commit of the row cost ten times that.
// React owns the row and its cells (their roles, indices, the active cell); this owns only
// what it writes: each cell's text, aria-label, data-changed, aria-description and data-phase,
// and the typed column's children. React never renders any of those, so neither undoes the
// other.
import type { CellFlash } from './hex-window';
import type { TypedView } from './hex-view-model';
import { typedColumn } from './hex-view-model';

/** Width of the widest typed value of each view, in characters. */
const VALUE_WIDTH_CH: Readonly<Record<TypedView, number>> = {
  ascii: 16,
  u8: 3,
  i8: 4,
  u16: 5,
  i16: 6,
  u32: 10,
  i32: 11,
  u64: 20,
  i64: 20,
  f32: 14,
  f64: 23,
};

const CHANGED_BY_TEXT = {
  other: 'changed just now by another process',
  self: 'written just now from this pane',
} as const;

/** The text of a byte cell, and its accessible name when the text is a placeholder. */
function byteText(byte: number | undefined): { text: string; label: string | null } {
  return byte === undefined
    ? { text: '··', label: 'not read yet' }
    : { text: byte.toString(16).padStart(2, '0'), label: null };
}

/**
 * Sets an element's text, through its one text node when it has one: a characterData change,
 * where assigning textContent would replace the node (a removal and an insertion).
 */
function setText(element: Element, text: string): void {
  const node = element.firstChild;
  if (node !== null && node === element.lastChild && node.nodeType === Node.TEXT_NODE) {
    if (node.nodeValue !== text) node.nodeValue = text;
  } else element.textContent = text;
}

function setAttribute(element: HTMLElement, name: string, value: string | null): void {
  if (value === null) {
    if (element.hasAttribute(name)) element.removeAttribute(name);
  } else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

/** An empty value of the typed column, as wide as the widest value of `view`: they line up. */
function valueSpan(view: TypedView): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'hex-grid__value';
  // The widest value and the space after it (kept in the text, so copied rows read apart).
  span.style.minWidth = `${VALUE_WIDTH_CH[view] + 1}ch`;
  return span;
}

/** Draws one row; call with the row's bytes (null while unread) and flashes after each change. */
export type RowPainter = (bytes: Uint8Array | null, flashes: readonly (CellFlash | null)[]) => void;

/**
 * A painter for `row` (a rendered HexGridRow: its row header, then `length` byte cells, then the
 * typed column). Each call writes only what differs from the last: a cell's text when its byte
 * changed, its marks when its flash did, the typed column when any byte did. A cell that changes
 * again while it still flashes switches data-phase, which restarts its ring (see HexView.css).
 */
export function createRowPainter(row: HTMLElement, length: number, view: TypedView): RowPainter {
  const cells = Array.from({ length }, (_, column) => row.children[column + 1] as HTMLElement);
  const typed = row.children[length + 1] as HTMLElement;
  // Values a painter for another view left are as wide as that view's: start the column afresh.
  typed.replaceChildren();
  let shownBytes: Uint8Array | null | undefined;
  let shownFlashes: readonly (CellFlash | null)[] = [];
  return (bytes, flashes) => {
    const first = shownBytes === undefined;
    let bytesChanged = first || (shownBytes === null) !== (bytes === null);
    cells.forEach((cell, column) => {
      const byte = bytes?.[column];
      if (first || byte !== shownBytes?.[column]) {
        bytesChanged = true;
        const { text, label } = byteText(byte);
        setText(cell, text);
        setAttribute(cell, 'aria-label', label);
      }
      const flash = flashes[column] ?? null;
      const before = shownFlashes[column] ?? null;
      if (first || flash?.by !== before?.by) {
        setAttribute(cell, 'data-changed', flash?.by ?? null);
        setAttribute(cell, 'aria-description', flash === null ? null : CHANGED_BY_TEXT[flash.by]);
      }
      if (flash !== null && before !== null && flash.at !== before.at)
        cell.dataset['phase'] = cell.dataset['phase'] === 'b' ? 'a' : 'b';
    });
    if (bytesChanged) {
      const values = bytes === null ? [] : typedColumn(bytes, { offset: 0, length }, view);
      values.forEach((value, index) => {
        const text = `${value} `;
        const span = typed.children[index] ?? typed.appendChild(valueSpan(view));
        setText(span, text);
      });
      while (typed.children.length > values.length) typed.lastElementChild?.remove();
    }
    shownBytes = bytes;
    shownFlashes = flashes;
  };
}
