// The renderer's view of the contract: the bridge's Result envelopes become
// values or thrown LabErrors.
import type { LabApi, LabBridge } from '../../src-main/common/api';
import { COMMAND_NAMES, EVENT_NAMES, listenerName } from '../../src-main/common/channels';
import { unwrap } from '../../src-main/common/errors';

/** Wraps a bridge (preload or WebSocket) as a LabApi whose commands throw on failure. */
export function createLabApi(bridge: LabBridge): LabApi {
  const api: Record<string, unknown> = {};
  for (const command of COMMAND_NAMES) {
    const call = bridge[command] as (input?: unknown) => Promise<Parameters<typeof unwrap>[0]>;
    api[command] = async (input?: unknown) => unwrap(await call(input));
  }
  for (const event of EVENT_NAMES) {
    const name = listenerName(event);
    api[name] = bridge[name];
  }
  return api as unknown as LabApi;
}
