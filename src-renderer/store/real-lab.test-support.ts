// For the store's tests only: a real Lab with real children, reached through the real `dispatch`
// (so every input is validated as at the hosts' gates) and the renderer's own createLabApi.
// This file runs in vitest's Node process, never in the renderer.
/* eslint-disable no-restricted-imports -- the store is driven by a real Lab in this Node process */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LabBridge, LabEventMap } from '../../src-main/common/api';
import { COMMAND_NAMES, EVENT_NAMES, listenerName } from '../../src-main/common/channels';
import type { EventName } from '../../src-main/common/channels';
import { dispatch } from '../../src-main/lab/dispatch';
import type { TestLab } from '../../src-main/lab/test-helpers';
import { startTestLab } from '../../src-main/lab/test-helpers';
/* eslint-enable no-restricted-imports */
import type { StoreApi } from 'zustand/vanilla';
import { createLabApi } from './lab-api';
import type { LabStore, LabStoreState } from './lab-store';
import { createLabStore } from './lab-store';

/** Decides whether an event reaches the store; a test drops some to model a lost message. */
export type EventGate = <E extends EventName>(event: E, payload: LabEventMap[E]) => boolean;

export interface StoreOnRealLab {
  t: TestLab;
  labStore: LabStore;
  /** Replaces which events reach the store (all, by default). */
  setGate(gate: EventGate): void;
  /** Hands the store an event as the Lab would send it. */
  deliver<E extends EventName>(event: E, payload: LabEventMap[E]): void;
  close(): Promise<void>;
}

/** Starts a real Lab, wraps it as the renderer's LabApi in this process, connects a fresh store. */
export async function startStoreOnRealLab(): Promise<StoreOnRealLab> {
  const t = await startTestLab();
  let gate: EventGate = () => true;
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const unsubscribes = EVENT_NAMES.map((event) =>
    t.lab.on(event, (payload) => {
      if (gate(event, payload)) deliver(event, payload);
    }),
  );
  function deliver<E extends EventName>(event: E, payload: LabEventMap[E]): void {
    for (const listener of listeners.get(event) ?? [])
      (listener as (p: LabEventMap[E]) => void)(payload);
  }
  const bridge: Record<string, unknown> = {};
  for (const command of COMMAND_NAMES)
    bridge[command] = (input?: unknown) => dispatch(t.lab, command, input);
  for (const event of EVENT_NAMES) {
    bridge[listenerName(event)] = (listener: (payload: never) => void) => {
      let set = listeners.get(event);
      if (set === undefined) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  const labStore = createLabStore();
  await labStore.connect(createLabApi(bridge as unknown as LabBridge), (listener) =>
    listener('open'),
  );
  return {
    t,
    labStore,
    setGate: (next) => (gate = next),
    deliver,
    close: async () => {
      labStore.disconnect();
      for (const unsubscribe of unsubscribes) unsubscribe();
      await t.close();
    },
  };
}

/** Resolves once the store's state satisfies `match`; rejects after `ms` saying what it waited for. */
export function until(
  store: StoreApi<LabStoreState>,
  what: string,
  match: (state: LabStoreState) => boolean,
  ms = 5000,
): Promise<LabStoreState> {
  return new Promise((resolve, reject) => {
    if (match(store.getState())) {
      resolve(store.getState());
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`the store did not reach "${what}" within ${ms} ms`));
    }, ms);
    const unsubscribe = store.subscribe((state) => {
      if (!match(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

const nativeIndex = fileURLToPath(new URL('../../native/index.js', import.meta.url));

/**
 * Runs `body` in a separate Node process with the addon as `n` and returns what it printed. A
 * segment made there has that (short-lived) process as its creator: another program's segment.
 */
export function inOtherProcess(body: string): string {
  const script = `const n = require(${JSON.stringify(nativeIndex)});\n${body}`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
}

/** Creates an IPC_PRIVATE segment from another process; returns its shmid. */
export function createForeignSegment(size: number): number {
  return Number(
    inOtherProcess(
      `process.stdout.write(String(n.shmget(0, ${size}, n.constants.IPC_CREAT | 0o600)));`,
    ),
  );
}

/** Removes a segment from another process; quiet when it is already gone. */
export function removeFromOtherProcess(shmid: number): void {
  inOtherProcess(`try { n.shmctl(${shmid}, 'IPC_RMID'); } catch {}`);
}
