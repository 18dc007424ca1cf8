import type { ReactNode } from 'react';
import { formatAddress, toBigIntAddress } from '../../../src-main/common/address';
import { actions, syncActions, useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { FreshSegment } from './FreshSegment';
import { StepFrame } from './StepFrame';
import { bothAttached } from './fresh-segment-plan';
import { pointerSample } from './sync/c-samples';
import {
  POINTER_OFFSET,
  TARGET_BYTE,
  TARGET_OFFSET,
  addressText,
  decodeU64,
  dereferenceText,
  findAddress,
  pointerValue,
} from './sync/pointer-model';
import './sync/sync.css';

/** Whether `address` lies in the mapping of `size` bytes at `base`. */
function insideOf(address: bigint, base: string, size: number): boolean {
  const start = toBigIntAddress(base);
  return address >= start && address < start + BigInt(size);
}

const distance = (a: bigint, b: bigint): bigint => (a > b ? a - b : b - a);

/** Pane 15: an address means nothing in another process; an offset does. */
export function StepPointer(): ReactNode {
  const a = useLabStore((s) => s.processes.A.state);
  const b = useLabStore((s) => s.processes.B.state);
  const stored = useLabStore((s) => s.outcomes['pointer-store']);
  const target = useLabStore((s) => s.outcomes['pointer-target']);
  const loaded = useLabStore((s) => s.outcomes['pointer-load']);
  const maps = useLabStore((s) => s.outcomes['pointer-maps']);
  const followed = useLabStore((s) => s.outcomes['pointer-follow']);
  const ready = bothAttached(a, b);
  const store = async (): Promise<void> => {
    const base = a.attachment?.address;
    if (base === undefined) return;
    const byte = await actions.write('pointer-target', {
      process: 'A',
      offset: TARGET_OFFSET,
      type: 'u8',
      value: String(TARGET_BYTE),
      endian: 'le',
    });
    if (byte === null) return;
    await actions.write('pointer-store', {
      process: 'A',
      offset: POINTER_OFFSET,
      type: 'u64',
      value: pointerValue(base, TARGET_OFFSET),
      endian: 'le',
    });
  };
  const number = loaded?.ok === true ? decodeU64(loaded.value.bytes) : null;
  const found =
    number !== null && maps?.ok === true && maps.value.state.pid === b.pid
      ? findAddress(maps.value.maps, number)
      : null;
  return (
    <StepFrame number={15} title="A pointer in shared memory">
      <p>
        A pointer is a virtual address, and a virtual address only means something in the process
        that made it. A puts the byte {TARGET_BYTE} at offset {TARGET_OFFSET} and stores its own
        address of that byte, <code>base_A + {TARGET_OFFSET}</code>, as a u64 at offset{' '}
        {POINTER_OFFSET}. B reads the number back and looks it up in its own{' '}
        <code>/proc/&lt;pid&gt;/maps</code>; it never dereferences it.
      </p>
      <CodeBlock
        lines={pointerSample(POINTER_OFFSET, TARGET_OFFSET)}
        running={7}
        label="Storing a pointer, and what to store instead"
      />
      <FreshSegment needs="attached" />
      <ol className="tutorial-step__facts">
        <li>
          <button type="button" disabled={!ready} onClick={() => void store()}>
            In A: store A&apos;s address of byte {TARGET_OFFSET}
          </button>
          <OutcomeView
            outcome={target?.ok === false ? target : stored}
            renderValue={(written) => (
              <p>
                A stored{' '}
                <span className="mono">{formatAddress(decodeU64(written.bytes) ?? 0n)}</span>{' '}
                (base_A {a.attachment?.address ?? '?'} + {TARGET_OFFSET}) at offset {written.offset}
                .
              </p>
            )}
          />
        </li>
        <li>
          <button
            type="button"
            disabled={!ready}
            onClick={() =>
              void actions.read('pointer-load', { process: 'B', offset: POINTER_OFFSET, length: 8 })
            }
          >
            In B: load the u64 at offset {POINTER_OFFSET}
          </button>
          <OutcomeView
            outcome={loaded}
            renderValue={(read) => {
              const value = decodeU64(read.bytes);
              return (
                <p>
                  B read <span className="mono">{value === null ? '?' : formatAddress(value)}</span>{' '}
                  from its own mapping. B&apos;s base is {b.attachment?.address ?? '?'}
                  {value !== null && b.attachment !== null
                    ? insideOf(value, b.attachment.address, b.attachment.size)
                      ? ': by chance the number also falls inside B’s own mapping of the segment.'
                      : ', so this number is not an address of the segment in B.'
                    : '.'}
                </p>
              );
            }}
          />
        </li>
        <li>
          <button
            type="button"
            disabled={number === null || b.status !== 'running'}
            onClick={() => void syncActions.inspectForPointer('B')}
          >
            Look the number up in B&apos;s maps
          </button>
          {found !== null && number !== null ? (
            <div
              role="status"
              className="sync-note sync-note--alarm"
              aria-label="B's maps at A's address"
            >
              <p>{addressText(found, number)}</p>
              <p>{dereferenceText(found)}</p>
            </div>
          ) : (
            <OutcomeView outcome={maps?.ok === false ? maps : undefined} renderValue={() => null} />
          )}
        </li>
        <li>
          <button
            type="button"
            disabled={!ready}
            onClick={() =>
              void actions.read('pointer-follow', {
                process: 'B',
                offset: TARGET_OFFSET,
                length: 1,
              })
            }
          >
            In B: read byte {TARGET_OFFSET} from B&apos;s own base
          </button>
          <OutcomeView
            outcome={followed}
            renderValue={(read) => (
              <p>
                At base_B + {TARGET_OFFSET} = <span className="mono">{read.address}</span>, B read{' '}
                <strong>{read.bytes[0] ?? '?'}</strong>: the byte A put there, reached by offset.
                {b.attachment !== null &&
                number !== null &&
                toBigIntAddress(read.address) !== number
                  ? ` A's pointer (${formatAddress(number)}) is 0x${distance(number, toBigIntAddress(read.address)).toString(16)} bytes away from it.`
                  : ''}
              </p>
            )}
          />
        </li>
      </ol>
      <p>
        So store offsets in shared memory, and add each process&apos;s own base when using one. (A
        process can also ask shmat for a fixed address, but nothing guarantees that address is free
        in every process.)
      </p>
    </StepFrame>
  );
}
