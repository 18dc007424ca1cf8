// The store driven by a real Lab with real child processes: every command goes through the
// hosts' dispatch, every event is one the Lab emitted for what the kernel and the children did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessName } from '../../src-main/common/api';
// eslint-disable-next-line no-restricted-imports -- the test reads the kernel's pagemap itself
import { readPagemap } from '../../src-main/proc/pagemap';
import type { StoreOnRealLab } from './real-lab.test-support';
import {
  createForeignSegment,
  removeFromOtherProcess,
  startStoreOnRealLab,
  until,
} from './real-lab.test-support';
import type { LabStoreState } from './store-state';

describe('the store on a real Lab', () => {
  let h: StoreOnRealLab;
  let shmid: number;
  const foreign: number[] = [];
  const state = (): LabStoreState => h.labStore.store.getState();
  const attached = (name: ProcessName, id: number) => (s: LabStoreState) =>
    s.processes[name].state.attachment?.shmid === id && s.processes[name].memory !== null;

  beforeAll(async () => {
    h = await startStoreOnRealLab();
  });

  afterAll(async () => {
    await h.close();
    for (const id of foreign) removeFromOtherProcess(id);
  });

  it('loads the Lab’s system facts and both running children', async () => {
    const s = await until(h.labStore.store, 'both running with facts', (x) =>
      (['A', 'B'] as const).every((n) => x.processes[n].facts !== null),
    );
    const lab = await h.t.lab.getState();
    expect(s.system).toEqual(lab.system);
    expect(s.processes.A.state.pid).toBe(lab.processes.A.pid);
    expect(s.processes.B.state.status).toBe('running');
    expect(s.processes.A.facts?.maps.length).toBeGreaterThan(0);
  });

  it('records shmget under its key with the kernel’s stat, as a segment of this Lab', async () => {
    const segment = await h.labStore.actions.createSegment('shmget', {
      key: 0,
      size: 3 * state().system!.pageSize,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    expect(segment).not.toBeNull();
    shmid = segment!.shmid;
    const s = state();
    expect(s.segment?.shmid).toBe(shmid);
    expect(s.known[shmid]?.owned).toBe(true);
    expect(s.stat?.cpid).toBe(s.system?.hostPid);
    expect(s.outcomes.shmget?.ok).toBe(true);
    expect(s.lookups[shmid]).toMatchObject({ kind: 'stat' });
  });

  it('attaches in A and B; each pane holds the bytes its own process read', async () => {
    const a = await h.labStore.actions.attach('attach-A', { process: 'A', shmid });
    const b = await h.labStore.actions.attach('attach-B', { process: 'B', shmid });
    expect(a?.attachment?.shmid).toBe(shmid);
    await until(
      h.labStore.store,
      'A and B hold their memory',
      (s) => attached('A', shmid)(s) && attached('B', shmid)(s),
    );
    expect(state().processes.B.state.attachment?.address).toBe(b?.attachment?.address);
    expect(state().processes.A.memory?.length).toBe(3 * state().system!.pageSize);
    await until(h.labStore.store, 'nattch 2', (s) => s.stat?.nattch === 2);
  });

  it('a write in A shows in B’s bytes, marked "other" in B and "self" in A', async () => {
    const written = await h.labStore.actions.write('write-A', {
      process: 'A',
      offset: 40,
      type: 'u32',
      value: '0xdeadbeef',
      endian: 'le',
    });
    expect(written?.bytes).toEqual([0xef, 0xbe, 0xad, 0xde]);
    const s = await until(h.labStore.store, 'B sees the bytes', (x) =>
      [0xef, 0xbe, 0xad, 0xde].every((byte, i) => x.processes.B.memory?.[40 + i] === byte),
    );
    expect(s.processes.B.changes.at(-1)).toMatchObject({ offset: 40, by: 'other' });
    const inA = await until(h.labStore.store, 'A reports its own write', (x) =>
      x.processes.A.changes.some((mark) => mark.offset === 40),
    );
    expect(inA.processes.A.changes.find((mark) => mark.offset === 40)?.by).toBe('self');
    expect(inA.changeLog.some((e) => e.process === 'B' && e.offset === 40)).toBe(true);
  });

  it('a write is answered after the facts it changed: A’s new page table entry is on screen', async () => {
    const { pageSize } = state().system!;
    const offset = 2 * pageSize + 8; // page 2: no write has touched it yet
    const page2 = (x: LabStoreState, name: 'A' | 'B') => x.processes[name].facts?.pages[2];
    expect(page2(state(), 'A')?.present).toBe(false);
    const written = await h.labStore.actions.write('write-A', {
      process: 'A',
      offset,
      type: 'u8',
      value: '7',
      endian: 'le',
    });
    expect(written).not.toBeNull();
    // No wait: the Lab sent the facts it re-read before it answered.
    for (const name of ['A', 'B'] as const) {
      const shown = state().processes[name];
      const [kernel] = await readPagemap(
        shown.state.pid!,
        [BigInt(shown.state.attachment!.address) + BigInt(2 * pageSize)],
        pageSize,
      );
      expect({ name, present: page2(state(), name)?.present }).toEqual({
        name,
        present: kernel!.present,
      });
    }
    expect(page2(state(), 'A')?.present).toBe(true);
  });

  it('B views another window: changes inside it arrive as bytes, elsewhere as pages', async () => {
    const { pageSize } = state().system!;
    const { store } = h.labStore;
    await h.labStore.actions.viewMemory('B', pageSize, pageSize);
    expect(state().processes.B.memoryOffset).toBe(pageSize);
    expect(state().processes.B.memory?.length).toBe(pageSize);

    const write = (offset: number, value: string) =>
      h.labStore.actions.write('write-A', {
        process: 'A',
        offset,
        type: 'u8',
        value,
        endian: 'le',
      });
    await write(pageSize + 8, '0x5a');
    await until(store, 'B shows the byte in its window', (x) => x.processes.B.memory?.[8] === 0x5a);
    await write(2 * pageSize + 1, '7');
    const s = await until(store, 'B marks page 2', (x) =>
      x.processes.B.changedPages.some((mark) => mark.page === 2),
    );
    expect(s.processes.B.memory?.[1]).toBe(0);

    // The Lab's sweep reports pages outside the window as pagesChanged.
    h.deliver('pagesChanged', { process: 'B', shmid, pages: [0] });
    expect(state().processes.B.changedPages.map((mark) => mark.page)).toEqual([2, 0]);

    // Viewing page 2 shows what B reads there and clears its mark.
    await h.labStore.actions.viewMemory('B', 2 * pageSize, pageSize);
    expect(state().processes.B.memory?.[1]).toBe(7);
    expect(state().processes.B.changedPages.map((mark) => mark.page)).toEqual([0]);
    await h.labStore.actions.viewMemory('B', 0, 3 * pageSize);
    expect(state().processes.B.changedPages).toEqual([]);
  });

  it('applies events that arrive in one task in one store update', async () => {
    const { store } = h.labStore;
    const { address } = state().processes.B.state.attachment!;
    // B's own bytes there, as B's watcher would report them.
    const read = await h.t.lab.read({ process: 'B', offset: 40, length: 2, peek: true });
    const at = (offset: number) => `0x${(BigInt(address) + BigInt(offset)).toString(16)}` as const;
    let updates = 0;
    const unsubscribe = store.subscribe(() => (updates += 1));
    for (const [index, byte] of read.bytes.entries()) {
      const offset = 40 + index;
      h.deliver('memoryChanged', {
        process: 'B',
        shmid,
        offset,
        bytes: [byte],
        address: at(offset),
      });
    }
    expect(updates).toBe(0);
    await Promise.resolve();
    unsubscribe();
    expect(updates).toBe(1);
    expect(
      state()
        .changeLog.slice(-2)
        .map((event) => event.offset),
    ).toEqual([40, 41]);
    expect(
      state()
        .processes.B.changes.slice(-2)
        .map((mark) => mark.offset),
    ).toEqual([40, 41]);
  });

  it('a newer action of a control clears its old outcome; a state change drops obsolete ones', async () => {
    // A is attached: the pane's attach is refused, and the refusal is recorded for that control.
    await h.labStore.actions.attach('pane-attach-A', { process: 'A', shmid });
    expect(state().outcomes['pane-attach-A']).toMatchObject({
      ok: false,
      error: { code: 'E_ALREADY_ATTACHED' },
    });
    const again = h.labStore.actions.attach('pane-attach-A', { process: 'A', shmid });
    expect(state().outcomes['pane-attach-A']).toBeUndefined();
    await again;
    expect(state().outcomes['pane-attach-A']?.ok).toBe(false);
    expect(state().outcomes['write-A']?.ok).toBe(true);

    await h.labStore.actions.detach('detach-A', 'A');
    const s = state();
    expect(s.processes.A.state.attachment).toBeNull();
    expect(s.processes.A.memory).toBeNull();
    // Both answered a state of A that no longer holds; the detach's own answer stays.
    expect(s.outcomes['pane-attach-A']).toBeUndefined();
    expect(s.outcomes['write-A']).toBeUndefined();
    expect(s.outcomes['detach-A']?.ok).toBe(true);
    expect(s.outcomes['attach-B']?.ok).toBe(true);
  });

  it('IPC_RMID marks the segment; the last detach removes it and the store says so', async () => {
    const stat = await h.labStore.actions.removeSegment('rmid', { shmid });
    expect(stat?.dest).toBe(true);
    expect(state().stat?.nattch).toBe(1);
    await h.labStore.actions.detach('detach-B', 'B');
    const s = await until(h.labStore.store, 'the segment is gone', (x) => x.stat === null);
    expect(s.lookups[shmid]).toMatchObject({ kind: 'missing' });
    expect(s.segment?.shmid).toBe(shmid);
  });

  it('shows a process killed for real as exited, and a respawn as a new running pid', async () => {
    const pid = state().processes.B.state.pid!;
    process.kill(pid, 'SIGKILL');
    const s = await until(
      h.labStore.store,
      'B exited',
      (x) => x.processes.B.state.status === 'exited',
    );
    expect(s.processes.B.state.signal).toBe('SIGKILL');
    expect(s.processes.B.facts).toBeNull();
    const respawned = await h.labStore.actions.respawn('respawn-B', 'B');
    expect(respawned?.status).toBe('running');
    expect(respawned?.pid).not.toBe(pid);
    expect(state().outcomes['respawn-B']?.ok).toBe(true);
  });

  it('follows a segment another process made, attached by id: stat, owner and bytes', async () => {
    const id = createForeignSegment(state().system!.pageSize);
    foreign.push(id);
    const lookup = await h.labStore.actions.lookUpSegment(id);
    expect(lookup).toMatchObject({ kind: 'stat' });
    if (lookup.kind !== 'stat') return;
    expect(lookup.stat.cpid).not.toBe(state().system?.hostPid);
    expect(state().known[id]).toBeUndefined();

    const refused = await h.labStore.actions.attach('pane-attach-A', { process: 'A', shmid: id });
    expect(refused).toBeNull();
    expect(state().outcomes['pane-attach-A']).toMatchObject({
      ok: false,
      error: { code: 'E_FOREIGN' },
    });
    await h.labStore.actions.attach('pane-attach-A', {
      process: 'A',
      shmid: id,
      readOnly: false,
      writeForeign: true,
    });
    await until(h.labStore.store, 'A holds the foreign segment', attached('A', id));
    expect(state().processes.A.state.attachment?.readOnly).toBe(false);
    await until(h.labStore.store, 'its stat counts A', (x) => {
      const l = x.lookups[id];
      return l?.kind === 'stat' && l.stat.nattch === 1;
    });
    // The tutorial's segment stays what shmget returned; the lookups follow A's attachment.
    expect(state().segment?.shmid).toBe(shmid);
  });

  it('IPC_RMID of another program’s segment needs confirmForeign, else E_FOREIGN', async () => {
    const id = foreign[0]!;
    expect(await h.labStore.actions.removeSegment('panel-rmid', { shmid: id })).toBeNull();
    expect(state().outcomes['panel-rmid']).toMatchObject({
      ok: false,
      error: { code: 'E_FOREIGN' },
    });
    const stat = await h.labStore.actions.removeSegment('panel-rmid', {
      shmid: id,
      confirmForeign: true,
    });
    expect(stat?.dest).toBe(true);
    await h.labStore.actions.detach('pane-detach-A', 'A');
    await until(
      h.labStore.store,
      'the foreign segment is gone',
      (x) => x.lookups[id]?.kind === 'missing',
    );
  });

  it('a reconciled status unsticks a pane whose change never reached it', async () => {
    const id = createForeignSegment(state().system!.pageSize);
    foreign.push(id);
    await h.labStore.actions.attach('pane-attach-B', { process: 'B', shmid: id, readOnly: true });
    await until(h.labStore.store, 'B attached', attached('B', id));
    // The detach's event and reply are lost, as when a child answers after the timeout.
    h.setGate((event, payload) => !(event === 'processStatus' && 'state' in payload));
    await h.t.lab.detach({ process: 'B' });
    expect(state().processes.B.state.attachment?.shmid).toBe(id);
    h.setGate(() => true);
    const truth = await h.t.lab.getState();
    expect(truth.processes.B.attachment).toBeNull();
    h.deliver('processStatus', { change: 'reconciled', state: truth.processes.B });
    const s = state();
    expect(s.processes.B.state.attachment).toBeNull();
    expect(s.processes.B.memory).toBeNull();
    expect(s.outcomes['pane-attach-B']).toBeUndefined();
  });
});
