// The machine store on a real Lab: snapshots come from the Lab's machine command reading the real
// /proc, segments and semaphore sets are real kernel objects.
// eslint-disable-next-line no-restricted-imports -- the test checks the kernel's own list in /proc
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreOnRealLab } from './real-lab.test-support';
import {
  createForeignSegment,
  removeFromOtherProcess,
  startStoreOnRealLab,
  until,
} from './real-lab.test-support';
import { createMachineStore } from './machine-store';

/** Whether /proc/sysvipc/<kind> lists the id now (its second column). */
function listed(kind: 'shm' | 'sem', id: number): boolean {
  return readFileSync(`/proc/sysvipc/${kind}`, 'utf8')
    .split('\n')
    .slice(1)
    .some((line) => line.trim().split(/\s+/)[1] === String(id));
}

describe('the machine store on a real Lab', () => {
  let h: StoreOnRealLab;
  let machine: ReturnType<typeof createMachineStore>;
  const foreign: number[] = [];

  beforeAll(async () => {
    h = await startStoreOnRealLab();
    machine = createMachineStore(() => h.labStore.lab(), true);
  });

  afterAll(async () => {
    await h.close();
    for (const id of foreign) removeFromOtherProcess(id);
    for (const id of foreign) expect(listed('shm', id)).toBe(false);
  });

  const rowOf = (shmid: number) =>
    machine.store.getState().tables.shm.find((r) => r.key === `shm:${shmid}`);

  it('lists the Lab’s own segment as made here and another program’s as not', async () => {
    const own = await h.labStore.actions.createSegment('shmget', {
      key: 0,
      size: 2 * h.labStore.store.getState().system!.pageSize,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    const other = createForeignSegment(4096);
    foreign.push(other);
    await machine.actions.refresh();
    const state = machine.store.getState();
    expect(state.error).toBeNull();
    expect(state.refreshes).toBe(1);
    expect(rowOf(own!.shmid)?.row).toMatchObject({ owned: true, nattch: 0 });
    expect(rowOf(own!.shmid)?.gone).toBeNull();
    expect(rowOf(other)?.row.owned).toBe(false);
    expect(state.firstTakenAt).toBe(state.snapshot?.takenAt);
  });

  it('shows A among the mappers once A attached, with the address A reports', async () => {
    const shmid = h.labStore.store.getState().segment!.shmid;
    await h.labStore.actions.attach('pane-attach-A', { process: 'A', shmid });
    const a = await until(
      h.labStore.store,
      'A attached',
      (s) => s.processes.A.state.attachment !== null,
    );
    await machine.actions.refresh();
    const mappers = rowOf(shmid)!.row.mappers;
    expect(rowOf(shmid)!.row.nattch).toBe(1);
    expect(mappers).toHaveLength(1);
    expect(mappers[0]).toMatchObject({
      pid: a.processes.A.state.pid,
      labProcess: 'A',
      address: a.processes.A.state.attachment!.address,
      readOnly: false,
    });
  });

  it('keeps a removed segment, marked gone, until it is dismissed', async () => {
    const other = foreign[0]!;
    const before = machine.store.getState().snapshot!.takenAt;
    removeFromOtherProcess(other);
    expect(listed('shm', other)).toBe(false);
    await machine.actions.refresh();
    const gone = rowOf(other);
    expect(gone?.gone).toBe(machine.store.getState().snapshot!.takenAt);
    expect(gone!.gone!).toBeGreaterThanOrEqual(before);
    // Another refresh keeps it, with the moment it was first missed.
    await machine.actions.refresh();
    expect(rowOf(other)?.gone).toBe(gone?.gone);
    machine.actions.dismiss('shm', `shm:${other}`);
    expect(rowOf(other)).toBeUndefined();
  });

  it('stats a semaphore set of the Lab with every semaphore (statSemaphore)', async () => {
    const set = await h.labStore.lab().createSemaphore({ key: 0, nsems: 3, initial: 2 });
    await machine.actions.refresh();
    const row = machine.store.getState().tables.sem.find((r) => r.key === `sem:${set.semid}`);
    expect(row?.row).toMatchObject({ nsems: 3, perms: 0o600, owned: true });
    const answer = await machine.actions.statSemaphore(set.semid);
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(answer.stat.sems.map((s) => s.semval)).toEqual([2, 2, 2]);
    await h.labStore.lab().removeSemaphore({ semid: set.semid });
    expect(listed('sem', set.semid)).toBe(false);
    const missing = await machine.actions.statSemaphore(set.semid);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(['E_NO_SUCH_SET', 'EINVAL', 'EIDRM']).toContain(missing.error.code);
  });
});
