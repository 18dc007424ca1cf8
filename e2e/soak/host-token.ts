// How the soak gets into the web host: the URL the host prints, and the API
// socket's address with the token taken from it, as e2e/web-host.ts and
// e2e/bench/api-client.ts do today. The only place the soak knows how the
// token travels: when the host changes that, this file follows.

/** The page URL (with its token) in one line of the host's stdout, or null. */
export function findPageUrl(line: string): string | null {
  return /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(line)?.[1] ?? null;
}

/** Where a tab opens the API socket, and the Origin a page of the host sends. */
export function apiSocketTarget(pageUrl: string): { url: string; origin: string } {
  const url = new URL(pageUrl);
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  return { url: `ws://${url.host}/api?token=${token}`, origin: url.origin };
}
