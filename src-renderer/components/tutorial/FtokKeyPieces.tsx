import type { ReactNode } from 'react';
import type { FtokResult } from '../../../src-main/common/api';
import { keyHex, keyPieces } from './ftok-model';
import type { KeyPiece } from './ftok-model';

const hex = (value: number, digits: number): string =>
  `0x${value.toString(16).padStart(digits, '0')}`;

function fromText(piece: KeyPiece, result: FtokResult): string {
  if (piece.source === 'project id') return String(result.projectId);
  if (piece.source === 'device')
    return `st_dev ${hex(result.device, 2)} (device ${result.deviceMajor}:${result.deviceMinor})`;
  return `st_ino ${result.inode}`;
}

/** '(0x53 & 0xff) << 24', '0x3f7e8 & 0xffff'. */
function expression(piece: KeyPiece): string {
  const digits = piece.mask > 0xff ? 4 : 2;
  const masked = `${hex(piece.value % 0x1_0000_0000, digits)} & ${hex(piece.mask, digits)}`;
  return piece.shift === 0 ? masked : `(${masked}) << ${piece.shift}`;
}

/**
 * The key taken apart: for the project id, the device and the inode of the path (stat, read by
 * the Lab with the key), the bits glibc keeps and where it puts them, and whether they OR
 * together to the key returned.
 */
export function FtokKeyPieces({ result }: { result: FtokResult }): ReactNode {
  const { pieces, composed, matches } = keyPieces(result);
  return (
    <>
      <ul className="ftok-pieces" aria-label="How the key is built">
        {pieces.map((piece) => (
          <li key={piece.source}>
            <strong>{piece.source}</strong> <span className="mono">{fromText(piece, result)}</span>:{' '}
            <code>{expression(piece)}</code> = <code>{keyHex(piece.placed)}</code>
          </li>
        ))}
        <li>
          <strong>OR</strong> of the three: <code data-field="composed">{keyHex(composed)}</code>
        </li>
      </ul>
      <p role="note">
        {matches
          ? `The three pieces OR-ed together give ${keyHex(composed)}, the key ftok returned.`
          : `The three pieces give ${keyHex(composed)}, but ftok returned ${keyHex(result.key)}: ` +
            'this C library builds its keys another way, so the pieces above are not its recipe.'}{' '}
        Only 8 bits of the device and 16 of the inode go in: two different files can give the same
        key, and a file deleted and made again (a new inode) gives another one.
      </p>
    </>
  );
}
