// The request-target of an HTTP request, parsed without ever throwing. Any
// web page can make a browser send our port an arbitrary target (an <img>, a
// `new WebSocket(...)`), so a target that `new URL` rejects must become a 400,
// never an exception in the host.

/** What the host needs from a request-target. */
export interface RequestTarget {
  /** The path as sent, still percent-encoded (e.g. '/assets/app.js'). */
  pathname: string;
  query: URLSearchParams;
}

// `//host/…` and `/\host/…` are scheme-relative references: URL parsing would
// read an authority (and a port) from them. None of our paths look like that.
const SCHEME_RELATIVE = /^[/\\]{2}/;

/**
 * The origin-form target (`/path?query`) of a request, or null when it is
 * anything else: absent, absolute-form, `*`, scheme-relative, or not a URL.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (raw === undefined || !raw.startsWith('/') || SCHEME_RELATIVE.test(raw)) return null;
  try {
    const url = new URL(raw, 'http://127.0.0.1');
    // The base must still be the origin: anything else means the target named another one.
    if (url.origin !== 'http://127.0.0.1') return null;
    return { pathname: url.pathname, query: url.searchParams };
  } catch {
    return null;
  }
}
