// takeCredential's rules on a minimal page (address, history, session storage);
// e2e/web-token.spec.ts checks the same in a real browser tab.
import { describe, expect, it } from 'vitest';
import type { TokenPlace } from './connect';
import {
  TOKEN_STORAGE_KEY,
  codeFromHash,
  keepToken,
  takeCredential,
  tokenFromHash,
  tokenFromReady,
  withoutToken,
} from './connect';

const token = (value: string) => ({ kind: 'token', value });

/** A tab: replaceState changes the address the way a browser does. */
function tab(address: string, stored: Record<string, string> = {}) {
  const url = new URL(address);
  const kept = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const place: TokenPlace = {
    location: url,
    history: {
      state: null,
      replaceState: (_state: unknown, _unused: string, next?: string | URL | null) => {
        const resolved = new URL(String(next), url);
        url.hash = resolved.hash;
        url.pathname = resolved.pathname;
        url.search = resolved.search;
        replaced.push(String(next));
      },
    },
    storage: {
      getItem: (key) => kept.get(key) ?? null,
      setItem: (key, value) => void kept.set(key, value),
    },
  };
  return { place, url, kept, replaced };
}

describe('tokenFromHash', () => {
  it('reads a hex token from the fragment, alone or among other parts', () => {
    expect(tokenFromHash('#token=00ff')).toBe('00ff');
    expect(tokenFromHash('#a=1&token=abc&b=2')).toBe('abc');
  });

  it('is null without a well-formed token', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#token=xyz')).toBeNull();
    expect(tokenFromHash('#token=abc"><script>')).toBeNull();
    expect(tokenFromHash('#mytoken=abc')).toBeNull();
  });
});

describe('takeCredential', () => {
  it('takes the token out of the address and keeps it for this tab', () => {
    const t = tab('http://127.0.0.1:5000/#token=c0ffee');
    expect(takeCredential(t.place)).toEqual(token('c0ffee'));
    expect(t.url.href).toBe('http://127.0.0.1:5000/');
    expect(t.replaced).toEqual(['/']);
    expect(t.kept.get(TOKEN_STORAGE_KEY)).toBe('c0ffee');
  });

  it('uses the kept token on a reload, without touching the address', () => {
    const t = tab('http://127.0.0.1:5000/', { [TOKEN_STORAGE_KEY]: 'c0ffee' });
    expect(takeCredential(t.place)).toEqual(token('c0ffee'));
    expect(t.replaced).toEqual([]);
  });

  it('prefers a token in the address to a kept one (a new run, a new URL)', () => {
    const t = tab('http://127.0.0.1:5000/#token=beef', { [TOKEN_STORAGE_KEY]: 'c0ffee' });
    expect(takeCredential(t.place)).toEqual(token('beef'));
    expect(t.kept.get(TOKEN_STORAGE_KEY)).toBe('beef');
  });

  it('is null in a tab that never had one', () => {
    expect(takeCredential(tab('http://127.0.0.1:5000/').place)).toBeNull();
  });

  it('still connects this load when storage refuses to keep it', () => {
    const t = tab('http://127.0.0.1:5000/#token=abc');
    t.place.storage.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    expect(takeCredential(t.place)).toEqual(token('abc'));
    expect(t.url.hash).toBe('');
  });
});

describe('opening codes', () => {
  it('reads a hex code from the fragment, and nothing else', () => {
    expect(codeFromHash('#code=00ff')).toBe('00ff');
    expect(codeFromHash('#a=1&code=abc')).toBe('abc');
    expect(codeFromHash('#code=xyz')).toBeNull();
    expect(codeFromHash('#token=abc')).toBeNull();
    expect(tokenFromHash('#code=abc')).toBeNull();
  });

  it('takes the code out of the address, keeps no token for it, and prefers it to a kept one', () => {
    const t = tab('http://127.0.0.1:5000/#code=c0de', { [TOKEN_STORAGE_KEY]: 'old' });
    expect(takeCredential(t.place)).toEqual({ kind: 'code', value: 'c0de' });
    expect(t.url.href).toBe('http://127.0.0.1:5000/');
    // A code works once: what a reload uses is the token the host sends for it.
    expect(t.kept.get(TOKEN_STORAGE_KEY)).toBe('old');
    expect(keepToken(t.place.storage, 'beef')).toBe(true);
    expect(takeCredential(t.place)).toEqual(token('beef'));
  });

  it('reads the token of a ready message, and only of a well-formed one', () => {
    expect(tokenFromReady('{"ready":true,"token":"ab12"}')).toBe('ab12');
    expect(tokenFromReady('{"ready":true}')).toBeNull();
    expect(tokenFromReady('{"id":1,"token":"ab12"}')).toBeNull();
    expect(tokenFromReady('{"ready":true,"token":"<b>"}')).toBeNull();
    expect(tokenFromReady('null')).toBeNull();
    expect(tokenFromReady('{not json')).toBeNull();
    expect(tokenFromReady(new ArrayBuffer(2))).toBeNull();
  });
});

describe('withoutToken', () => {
  it('keeps the path, the query and the other fragment parts', () => {
    const url = new URL('http://h/x?y=1#a=1&token=ff&b=2');
    expect(withoutToken(url)).toBe('/x?y=1#a=1&b=2');
    expect(withoutToken(new URL('http://h/#token=ff'))).toBe('/');
    expect(withoutToken(new URL('http://h/#code=ff&b=2'))).toBe('/#b=2');
  });
});
