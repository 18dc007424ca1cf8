import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target';

describe('parseRequestTarget', () => {
  it('reads the path and the query of an origin-form target', () => {
    const target = parseRequestTarget('/api?token=ab12&x=1');
    expect(target?.pathname).toBe('/api');
    expect(target?.query.get('token')).toBe('ab12');
    expect(parseRequestTarget('/assets/app.js')?.pathname).toBe('/assets/app.js');
  });

  it('resolves dot segments, encoded or not, so a path never climbs above /', () => {
    expect(parseRequestTarget('/%2e%2e/%2e%2e/etc/passwd')?.pathname).toBe('/etc/passwd');
    expect(parseRequestTarget('/../../etc/passwd')?.pathname).toBe('/etc/passwd');
  });

  it.each([
    ['//a:99999'],
    ['//['],
    ['/\\a:99999'],
    ['\\\\a'],
    ['http://a:99999/'],
    ['*'],
    [''],
    ['api'],
  ])('refuses %j', (raw) => {
    expect(parseRequestTarget(raw)).toBeNull();
  });

  it('refuses an absent target', () => {
    expect(parseRequestTarget(undefined)).toBeNull();
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (raw) => {
        const target = parseRequestTarget(raw);
        expect(target === null || target.pathname.startsWith('/')).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string(), (tail) => {
        expect(() => parseRequestTarget(`//${tail}`)).not.toThrow();
        expect(parseRequestTarget(`//${tail}`)).toBeNull();
      }),
    );
  });
});
