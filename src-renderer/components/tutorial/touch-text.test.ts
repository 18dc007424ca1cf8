import { describe, expect, it } from 'vitest';
import type { PageEntry } from '../../../src-main/common/api';
import type { TouchOutcome } from '../../store/outcomes';
import { touchText } from './touch-text';

const page = (present: boolean, pfn: string | null = null): PageEntry => ({
  address: '0x7f0000000000',
  present,
  swapped: false,
  pfn,
});

function touch(
  before: TouchOutcome['before'],
  after: PageEntry | null,
  wrote = true,
): TouchOutcome {
  return {
    process: 'B',
    offset: 0,
    value: 0,
    wrote,
    address: '0x7f0000000000',
    page: 0,
    before,
    after,
  };
}

describe('touchText', () => {
  it('says a minor fault mapped the other process’s frame when the frames are one', () => {
    const text = touchText(
      touch({ own: page(false), other: page(true, '0x1de480') }, page(true, '0x1de480')),
    );
    expect(text).toContain('minor fault');
    expect(text).toContain('0x1de480, the one A uses');
    expect(text).toContain('arrows now meet');
  });

  it('says no fault happened when the page was in the page table already', () => {
    const text = touchText(touch({ own: page(true, '0x10'), other: null }, page(true, '0x10')));
    expect(text).toContain('already');
    expect(text).toContain('no fault');
    expect(text).not.toContain('minor fault');
  });

  it('names no frame it does not know: hidden numbers, another process without the page', () => {
    const hidden = touchText(touch({ own: page(false), other: page(true) }, page(true)));
    expect(hidden).toContain('a frame (its number is hidden from this user)');
    expect(hidden).not.toContain('arrows now meet');
    const alone = touchText(touch({ own: page(false), other: page(false) }, page(true, '0x22')));
    expect(alone).toContain('A had none either');
    expect(alone).toContain('frame 0x22');
  });

  it('says so when pagemap still has no entry, and when only the load was made', () => {
    expect(touchText(touch({ own: null, other: null }, page(false)))).toContain(
      'still not present',
    );
    expect(touchText(touch({ own: null, other: null }, page(true, '0x1'), false))).toContain(
      'read-only: no store',
    );
  });
});
