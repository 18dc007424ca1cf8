// The ftok pane's state, kept while the learner moves between panes: the form, and the answers of
// the three calls it makes for real in the Lab (ftok, shmget with IPC_CREAT, shmget to find).
// Answers come only from the Lab; a new key drops the shmget answers made with the old one.
import { create } from 'zustand';
import type { FtokResult, SegmentInfo } from '../../../src-main/common/api';
import { toEnvelope } from '../../../src-main/common/errors';
import type { Outcome } from '../../store/lab-store';
import { labApi } from '../../store/lab-store';
import type { FtokForm } from './ftok-model';

export interface FtokPaneState {
  form: FtokForm;
  ftok: Outcome<FtokResult> | undefined;
  /** shmget(key, size, IPC_CREAT | 0600). */
  created: Outcome<SegmentInfo> | undefined;
  /** shmget(key, 1, 0): finds the segment with this key, creates nothing. */
  found: Outcome<SegmentInfo> | undefined;
  /** What the learner pasted from a program's output. */
  pasted: string;
  busy: 'ftok' | 'create' | 'find' | null;
}

export const useFtokPane = create<FtokPaneState>()(() => ({
  // The C starter's own defaults, so running it with no arguments gives the same key.
  form: { path: '/tmp', projectId: '83' },
  ftok: undefined,
  created: undefined,
  found: undefined,
  pasted: '',
  busy: null,
}));

async function answer<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  const at = Date.now();
  try {
    return { ok: true, value: await work(), at, seq: 0, about: null };
  } catch (error) {
    return { ok: false, error: toEnvelope(error), at, seq: 0, about: null };
  }
}

/** What the pane does; each call really runs in the Lab. */
export const ftokActions = {
  setForm: (form: Partial<FtokForm>) =>
    useFtokPane.setState((s) => ({ form: { ...s.form, ...form } })),
  setPasted: (pasted: string) => useFtokPane.setState({ pasted }),
  /** ftok(path, projectId) in the Lab; the shmget answers of an older key go. */
  runFtok: async (path: string, projectId: number) => {
    useFtokPane.setState({ busy: 'ftok', ftok: undefined, created: undefined, found: undefined });
    const ftok = await answer(() => labApi().ftok({ path, projectId }));
    useFtokPane.setState({ ftok, busy: null });
  },
  /** shmget(key, size, IPC_CREAT | 0600): made by the Lab, so removed when it stops. */
  createWithKey: async (key: number, size: number) => {
    useFtokPane.setState({ busy: 'create', created: undefined, found: undefined });
    const created = await answer(() =>
      labApi().createSegment({ key, size, create: true, exclusive: false, mode: 0o600 }),
    );
    useFtokPane.setState({ created, busy: null });
  },
  /** shmget(key, 1, 0): no IPC_CREAT, no mode bits asked; fails with ENOENT if there is none. */
  findWithKey: async (key: number) => {
    useFtokPane.setState({ busy: 'find', found: undefined });
    const found = await answer(() =>
      labApi().createSegment({ key, size: 1, create: false, exclusive: false, mode: 0 }),
    );
    useFtokPane.setState({ found, busy: null });
  },
};
