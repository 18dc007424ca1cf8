// The synchronisation part of the store, driven by a real Lab: real semaphore sets, semops made
// by the real children (one of them really sleeping in the kernel), real steps on a real segment.
/* eslint-disable no-restricted-imports -- the test reads /proc/sysvipc/sem itself */
import { readFileSync } from 'node:fs';
/* eslint-enable no-restricted-imports */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import type { StoreOnRealLab } from './real-lab.test-support';
import { startStoreOnRealLab, until } from './real-lab.test-support';
import { storyOf } from './sync-programs';
import type { SyncState } from './sync-state';

/** Resolves once the sync state satisfies `match`. */
function syncUntil(
  store: StoreApi<SyncState>,
  what: string,
  match: (state: SyncState) => boolean,
  ms = 5000,
): Promise<SyncState> {
  return new Promise((resolve, reject) => {
    if (match(store.getState())) return resolve(store.getState());
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`the sync store did not reach "${what}" within ${ms} ms`));
    }, ms);
    const unsubscribe = store.subscribe((state) => {
      if (!match(state)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state);
    });
  });
}

const semids = (): number[] =>
  readFileSync('/proc/sysvipc/sem', 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.trim().split(/\s+/)[1]));

describe('the synchronisation store on a real Lab', () => {
  let h: StoreOnRealLab;
  let semid = -1;
  const sync = () => h.labStore.sync;

  beforeAll(async () => {
    h = await startStoreOnRealLab();
    const { actions, store } = h.labStore;
    await until(store, 'both running', (s) =>
      (['A', 'B'] as const).every((n) => s.processes[n].state.status === 'running'),
    );
    const segment = await actions.createSegment('shmget', {
      key: 0,
      size: 64,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    for (const process of ['A', 'B'] as const)
      await actions.attach(`attach-${process}`, { process, shmid: segment!.shmid });
  });

  afterAll(async () => {
    await h.close();
    // Nothing this Lab made is left in the kernel.
    if (semid >= 0) expect(semids()).not.toContain(semid);
  });

  it('makes the set with semget and SETVAL and keeps its IPC_STAT', async () => {
    const set = await sync().actions.createSemaphore({
      key: 0,
      nsems: 1,
      create: true,
      exclusive: false,
      mode: 0o600,
      initial: 1,
    });
    expect(set).not.toBeNull();
    semid = set!.semid;
    expect(semids()).toContain(semid);
    expect(sync().store.getState().stat?.sems[0]?.semval).toBe(1);
    expect(h.labStore.store.getState().outcomes.semget?.ok).toBe(true);
  });

  it('shows B waiting in P() from the kernel, and its wait ended by A’s V()', async () => {
    const a = await sync().actions.semop('A', 'P', false);
    expect(a?.status).toBe('done');
    const b = await sync().actions.semop('B', 'P', false);
    expect(b?.status).toBe('waiting');
    const waiting = sync().store.getState();
    expect(waiting.waits.B?.semid).toBe(semid);
    expect(waiting.waits.B?.thread?.state).toBe('S');
    await sync().actions.refreshSet();
    expect(sync().store.getState().stat?.sems[0]?.semncnt).toBe(1);

    await sync().actions.semop('A', 'V', false);
    const woke = await syncUntil(sync().store, 'B woke', (s) => s.ends.B !== null);
    expect(woke.waits.B).toBeNull();
    expect(woke.ends.B?.event.outcome).toBe('done');
    expect(woke.ends.B?.pid).toBe(h.labStore.store.getState().processes.B.state.pid);
    await sync().actions.semop('B', 'V', false);
    expect(sync().store.getState().stat?.sems[0]?.semval).toBe(1);
  });

  it('steps a lost update by hand and logs it with the children’s own numbers', async () => {
    expect(await sync().actions.resetProgram('plain')).toBe(true);
    expect(sync().store.getState().starts.plain).toBe(0);
    for (const [process] of [['A'], ['B'], ['A'], ['A'], ['B'], ['B']] as const)
      await sync().actions.step('plain', process);
    const { logs } = sync().store.getState();
    expect(logs.plain.map((e) => `${e.process}:${e.op}`)).toEqual([
      'A:load',
      'B:load',
      'A:add',
      'A:store',
      'B:add',
      'B:store',
    ]);
    const story = storyOf(logs.plain);
    expect(story.increments).toBe(2);
    expect(story.counter).toBe(1);
    expect(story.lostUpdates).toEqual([
      { lost: 'A', by: 'B', byLoaded: 0, lostStored: 1, byStored: 1 },
    ]);
  });

  it('advances a protected program when the kernel ends its P() wait', async () => {
    await sync().actions.resetProgram('protected');
    await sync().actions.step('protected', 'A'); // P: done
    await sync().actions.step('protected', 'B'); // P: waits
    expect(sync().store.getState().waits.B?.program).toBe('protected');
    for (let i = 0; i < 4; i += 1) await sync().actions.step('protected', 'A'); // load add store V
    const pidB = h.labStore.store.getState().processes.B.state.pid;
    const state = await syncUntil(
      sync().store,
      'B past P',
      (s) => s.cursors.protected.B?.index === 1,
    );
    expect(state.waits.B).toBeNull();
    expect(state.cursors.protected.B).toEqual({ pid: pidB, index: 1 });
    for (let i = 0; i < 4; i += 1) await sync().actions.step('protected', 'B');
    const story = storyOf(sync().store.getState().logs.protected);
    expect(story).toMatchObject({ increments: 2, counter: 2, lostUpdates: [] });
  });

  it('cancels a wait: semopFinished says cancelled', async () => {
    await sync().actions.semop('A', 'P', false);
    await sync().actions.semop('B', 'P', false);
    await sync().actions.cancelSemop('B');
    const ended = await syncUntil(
      sync().store,
      'B cancelled',
      (s) => s.ends.B?.event.outcome === 'cancelled',
    );
    expect(ended.waits.B).toBeNull();
    await sync().actions.semop('A', 'V', false);
    expect(sync().store.getState().stat?.sems[0]).toMatchObject({ semval: 1, semncnt: 0 });
  });
});
