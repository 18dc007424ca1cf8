// Facts of the web host's WebSocket that the host and the renderer share.

/**
 * The close code the web host sends when the token in the URL is not this
 * run's. Browsers hide the HTTP status of a refused upgrade from the page, so
 * the host completes the handshake and closes at once with this application
 * code (4000–4999 are free for applications), which the page can read.
 */
export const CLOSE_TOKEN_NOT_VALID = 4001;

/**
 * The close code for a tab that stopped reading while the Lab kept changing: the host holds at
 * most a bounded backlog for it, then closes it with this code. Reloading the tab reconnects.
 */
export const CLOSE_TOO_FAR_BEHIND = 4002;

/**
 * The close code for one tab more than the host serves at once (the limit is far above what a
 * person opens; it bounds what a local program can hold open). Closing a tab frees a place.
 */
export const CLOSE_TOO_MANY_TABS = 4003;

/**
 * The host's first message on a socket it accepted: the token was right and
 * the Lab's events now flow. Until it arrives the page says "connecting", so
 * a refused tab never shows "connected", not even for a moment.
 */
export interface ReadyMessage {
  ready: true;
  /**
   * This run's token, only to a socket opened with a one-time opening code (the browser the host
   * opened, whose address carries the code instead of the token): the page keeps it, so that a
   * reload of the tab connects again.
   */
  token?: string;
}

/** One Lab event as the web host sends it. */
export interface EventMessage {
  event: string;
  payload: unknown;
}

/**
 * Events the Lab emitted in the same turn of the host's event loop, sent as one message so the
 * page applies them in one update; a lone event goes as a plain EventMessage.
 */
export interface EventBatchMessage {
  events: EventMessage[];
}
