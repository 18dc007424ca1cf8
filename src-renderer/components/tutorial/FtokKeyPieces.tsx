import type { ReactNode } from 'react';
import type { FtokResult } from '../../../src-main/common/api';
import { keyHex, keyPieces } from './ftok-model';
import type { KeyPiece } from './ftok-model';

const hex = (value: number, digits: number): string =>
  `0x${value.toString(16).padStart(digits, '0')}`;

function fromText(piece: KeyPiece, result: FtokResult): string {
  if (piece.source === 'project id') return `${result.projectId} (${hex(result.projectId, 2)})`;
  if (piece.source === 'device')
    return `st_dev ${hex(result.device, 2)} (device ${result.deviceMajor}:${result.deviceMinor})`;
  return `st_ino ${result.inode} (${hex(result.inode, 4)})`;
}

/**
 * The key taken apart: for the project id, the device and the inode that ftok's answer carries,
 * the bits glibc keeps and where it puts them, and whether they OR together to the key returned.
 */
export function FtokKeyPieces({ result }: { result: FtokResult }): ReactNode {
  const { pieces, composed, matches } = keyPieces(result);
  return (
    <>
      <table className="ftok-pieces" aria-label="How the key is built">
        <caption>
          How glibc builds the key from <code>{result.path}</code> (its <code>stat</code>, read by
          the Lab) and the id
        </caption>
        <thead>
          <tr>
            <th scope="col">From</th>
            <th scope="col">Value</th>
            <th scope="col">Bits kept</th>
            <th scope="col">Placed</th>
          </tr>
        </thead>
        <tbody>
          {pieces.map((piece) => (
            <tr key={piece.source}>
              <th scope="row">{piece.source}</th>
              <td className="mono">{fromText(piece, result)}</td>
              <td className="mono">
                {`& ${hex(piece.mask, piece.mask > 0xff ? 4 : 2)} = ${hex(piece.kept, piece.mask > 0xff ? 4 : 2)}`}
              </td>
              <td className="mono">
                {piece.shift === 0
                  ? keyHex(piece.placed)
                  : `<< ${piece.shift} = ${keyHex(piece.placed)}`}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">OR</th>
            <td colSpan={2} />
            <td className="mono" data-field="composed">
              {keyHex(composed)}
            </td>
          </tr>
        </tfoot>
      </table>
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
