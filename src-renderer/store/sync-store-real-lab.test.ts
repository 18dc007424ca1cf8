// The synchronisation part of the store, driven by a real Lab: real semaphore sets, semops made
// by the real children (one of them really sleeping in the kernel), real steps on a real segment.
/* eslint-disable no-restricted-imports -- the test reads /proc/sysvipc/sem itself */
import { execFileSync } from 'node:child_process';
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

/** The key of set `semid` as /proc/sysvipc/sem lists it (decimal, signed), as a key_t. */
const keyOf = (semid: number): number => {
  const line = readFileSync('/proc/sysvipc/sem', 'utf8')
    .split('\n')
    .find((row) => row.trim().split(/\s+/)[1] === String(semid));
  return Number(line?.trim().split(/\s+/)[0]);
};

/** Semaphore 0's value as `ipcs -s -i` prints it: the kernel's, not the store's. */
const semval = (semid: number): number => {
  const text = execFileSync('ipcs', ['-s', '-i', String(semid)], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const row = text.split('\n').find((line) => /^0\s+\d+/.test(line));
  return Number(row?.trim().split(/\s+/)[1]);
};

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

  it('changes another program’s set only with consent given for that very set', async () => {
    // Another program's set (ipcmk, value 0), opened by its key: the Lab did not create it.
    const made = /(\d+)/.exec(execFileSync('ipcmk', ['-S', '1'], { encoding: 'utf8' }));
    const foreign = Number(made?.[1]);
    try {
      const opened = await sync().actions.createSemaphore({
        key: keyOf(foreign),
        nsems: 1,
        create: true,
        exclusive: false,
        mode: 0o600,
        initial: 1,
      });
      expect(opened).toMatchObject({ semid: foreign, owned: false });
      const refused = () => h.labStore.store.getState().outcomes['semop-A'];

      // No consent, or consent given for another set: refused, and the kernel's value stays.
      expect(await sync().actions.semop('A', 'V', false)).toBeNull();
      expect(refused()).toMatchObject({ ok: false, error: { code: 'E_FOREIGN' } });
      expect(await sync().actions.semop('A', 'V', false, null, semid)).toBeNull();
      expect(refused()).toMatchObject({ ok: false, error: { code: 'E_FOREIGN' } });
      expect(await sync().actions.setValue(5, semid)).toBeNull();
      expect(semval(foreign)).toBe(0);

      // Consent for this set: V() by A, SETVAL, then IPC_RMID.
      expect(await sync().actions.semop('A', 'V', false, null, foreign)).toMatchObject({
        status: 'done',
      });
      expect(semval(foreign)).toBe(1);
      expect(await sync().actions.setValue(5, foreign)).toMatchObject({ semid: foreign });
      expect(semval(foreign)).toBe(5);
      expect(await sync().actions.removeSet(semid)).toBeNull();
      expect(semids()).toContain(foreign);
      expect(await sync().actions.removeSet(foreign)).toBeNull();
      expect(h.labStore.store.getState().outcomes.semrm?.ok).toBe(true);
      expect(semids()).not.toContain(foreign);
    } finally {
      if (semids().includes(foreign)) execFileSync('ipcrm', ['-s', String(foreign)]);
    }
  });
});
