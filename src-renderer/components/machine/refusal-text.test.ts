import { describe, expect, it } from 'vitest';
import { modeBitsText, refusalText, vanishedText } from './refusal-text';

const owner = { uid: 1000, gid: 100, cuid: 1000, cgid: 100, perms: 0o1640 };

describe('modeBitsText', () => {
  it('applies the owner bits to the owner or creator', () => {
    expect(modeBitsText('Segment 5', owner, 1000, 'read-write')).toBe(
      'Segment 5 has mode 640 (rw-r-----), owner uid 1000, group 100. The Lab runs as uid 1000, its owner, so the owner bits (rw-) apply; read-write needs r and w.',
    );
    expect(modeBitsText('Segment 5', { ...owner, uid: 7 }, 1000, 'read')).toContain(
      'its creator, so the owner bits (rw-) apply; reading needs r.',
    );
  });

  it('names the group and other bits for anyone else', () => {
    expect(modeBitsText('Segment 5', owner, 1001, 'read-write')).toBe(
      'Segment 5 has mode 640 (rw-r-----), owner uid 1000, group 100. The Lab runs as uid 1001, not its owner or creator, so the group bits (r--) apply if uid 1001 is in group 100, otherwise the other bits (---); read-write needs r and w.',
    );
  });
});

describe('refusalText', () => {
  it('says a vanished object vanished, for each code that means it', () => {
    for (const code of ['EINVAL', 'EIDRM', 'E_NO_SUCH_SEGMENT', 'E_NO_SUCH_SET']) {
      expect(refusalText({ code, message: '' }, 'Segment 5', owner, 0, 'read')).toBe(
        vanishedText('Segment 5'),
      );
    }
  });

  it('explains EACCES with the mode bits when the owner is known', () => {
    expect(
      refusalText({ code: 'EACCES', message: '' }, 'Segment 5', owner, 1001, 'read'),
    ).toContain('(rw-r-----)');
    expect(
      refusalText({ code: 'EACCES', message: '' }, 'Segment 5', null, 1001, 'read'),
    ).toBeNull();
  });

  it('leaves other codes to the general explanation', () => {
    expect(
      refusalText({ code: 'E_FOREIGN', message: '' }, 'Segment 5', owner, 0, 'read'),
    ).toBeNull();
  });
});
