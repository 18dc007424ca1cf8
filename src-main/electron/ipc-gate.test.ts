// The IPC gate against a real Lab with two real children; only Electron's
// ipcMain and window are fakes (the Electron binary is not available here).
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcessStatusEvent, SegmentInfo } from '../common/api';
import { COMMAND_NAMES, commandChannel } from '../common/channels';
import type { CommandName } from '../common/channels';
import type { Result } from '../common/errors';
import type { TestLab } from '../lab/test-helpers';
import { listedShmids, nextEvent, startTestLab } from '../lab/test-helpers';
import { readSysvShm } from '../proc/sysvipc-shm';
import { isTrustedSender, openLabGate } from './ipc-gate';

vi.mock('electron', () => ({
  protocol: { handle: () => undefined, registerSchemesAsPrivileged: () => undefined },
}));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

interface FakeWebContents {
  mainFrame: FakeFrame;
  sent: { channel: string; payload: unknown }[];
  send(channel: string, payload: unknown): void;
}

function fakeWebContents(url = 'shmlab://app/index.html'): FakeWebContents {
  const contents: FakeWebContents = {
    mainFrame: { url, parent: null },
    sent: [],
    send: (channel, payload) => contents.sent.push({ channel, payload }),
  };
  return contents;
}

class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly registered: string[] = [];
  readonly removed: string[] = [];
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.registered.push(channel);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string): void {
    this.removed.push(channel);
    this.handlers.delete(channel);
  }
}

class FakeWindow {
  destroyed = false;
  readonly webContents = fakeWebContents();
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

const asWindow = (window: FakeWindow): BrowserWindow => window as unknown as BrowserWindow;

function invokeEvent(sender: FakeWebContents, senderFrame: FakeFrame | null): IpcMainInvokeEvent {
  return { sender, senderFrame, frameId: 1, processId: 1 } as unknown as IpcMainInvokeEvent;
}

const FORBIDDEN = { ok: false, error: { code: 'E_FORBIDDEN', message: expect.any(String) } };

/** A key no other test uses, so /proc/sysvipc/shm can be searched for it. */
const probeKey = 0x5e000000 + Math.floor(Math.random() * 0xfffff);

describe('openLabGate with a real Lab', () => {
  let t: TestLab;
  let ipcMain: FakeIpcMain;
  let window: FakeWindow;
  let close: () => void;

  beforeAll(async () => {
    t = await startTestLab();
    ipcMain = new FakeIpcMain();
    window = new FakeWindow();
    close = openLabGate(ipcMain as unknown as IpcMain, t.lab, asWindow(window));
  });

  afterAll(async () => {
    close();
    await t.close();
  });

  beforeEach(() => {
    vi.restoreAllMocks();
    window.webContents.sent.length = 0;
  });

  /** Calls the registered handler of `command` as `event` would. */
  async function call(
    command: CommandName,
    input: unknown,
    event = invokeEvent(window.webContents, window.webContents.mainFrame),
  ): Promise<Result<unknown>> {
    const handler = ipcMain.handlers.get(commandChannel(command));
    if (handler === undefined) throw new Error(`no handler for ${command}`);
    return (await handler(event, input)) as Result<unknown>;
  }

  async function value<T>(command: CommandName, input: unknown): Promise<T> {
    const result = await call(command, input);
    if (!result.ok)
      throw new Error(`${command} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }

  it('registers one handler per command on lab:<command>', () => {
    expect(ipcMain.registered).toEqual(COMMAND_NAMES.map((command) => `lab:${command}`));
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      COMMAND_NAMES.map((command) => `lab:${command}`).sort(),
    );
  });

  describe('refuses anything but our window main frame on the app URL', () => {
    const createInput = { key: probeKey, size: 4096 };

    async function expectForbiddenCreate(event: IpcMainInvokeEvent): Promise<void> {
      const createSegment = vi.spyOn(t.lab, 'createSegment');
      const getState = vi.spyOn(t.lab, 'getState');
      const segmentsBefore = (await t.lab.getState()).segments.length;
      getState.mockClear();

      expect(await call('createSegment', createInput, event)).toEqual(FORBIDDEN);
      expect(await call('getState', undefined, event)).toEqual(FORBIDDEN);

      expect(createSegment).not.toHaveBeenCalled();
      expect(getState).not.toHaveBeenCalled();
      expect((await t.lab.getState()).segments).toHaveLength(segmentsBefore);
      const withProbeKey = (await readSysvShm()).filter((segment) => segment.key === probeKey);
      expect(withProbeKey).toEqual([]);
    }

    it('another webContents, even one showing the app', async () => {
      const other = fakeWebContents();
      await expectForbiddenCreate(invokeEvent(other, other.mainFrame));
    });

    it('our webContents but the frame of another webContents', async () => {
      const other = fakeWebContents();
      await expectForbiddenCreate(invokeEvent(window.webContents, other.mainFrame));
    });

    it('a subframe of our window, even on the app URL', async () => {
      const subframe: FakeFrame = {
        url: 'shmlab://app/index.html',
        parent: window.webContents.mainFrame,
      };
      await expectForbiddenCreate(invokeEvent(window.webContents, subframe));
    });

    it('our main frame after it navigated to a foreign URL', async () => {
      const mainFrame = window.webContents.mainFrame;
      mainFrame.url = 'https://evil.example';
      try {
        await expectForbiddenCreate(invokeEvent(window.webContents, mainFrame));
      } finally {
        mainFrame.url = 'shmlab://app/index.html';
      }
    });

    it('a message whose sender frame is gone (null)', async () => {
      await expectForbiddenCreate(invokeEvent(window.webContents, null));
    });

    it('a destroyed window', async () => {
      window.destroyed = true;
      try {
        await expectForbiddenCreate(invokeEvent(window.webContents, window.webContents.mainFrame));
      } finally {
        window.destroyed = false;
      }
    });

    it('isTrustedSender agrees: only our main frame on the app is trusted', () => {
      const trusted = invokeEvent(window.webContents, window.webContents.mainFrame);
      expect(isTrustedSender(trusted, asWindow(window))).toBe(true);
      const other = fakeWebContents();
      expect(isTrustedSender(invokeEvent(other, other.mainFrame), asWindow(window))).toBe(false);
    });
  });

  describe('validates what a trusted sender sends', () => {
    const cases: { command: CommandName; input: unknown; field: string }[] = [
      { command: 'createSegment', input: { key: 'abc', size: 4096 }, field: 'key' },
      { command: 'createSegment', input: { key: 0, size: 4096, extra: 1 }, field: 'extra' },
      { command: 'createSegment', input: { key: 0 }, field: 'size' },
      { command: 'createSegment', input: { key: 0, size: 0 }, field: 'size' },
      { command: 'createSegment', input: { key: 0, size: 64, mode: 0o1777 }, field: 'mode' },
      { command: 'attach', input: { process: 'C', shmid: 1 }, field: 'process' },
      { command: 'attach', input: { process: 'A', shmid: 1, address: '7f00' }, field: 'address' },
      { command: 'statSegment', input: { shmid: -1 }, field: 'shmid' },
      { command: 'statSegment', input: { shmid: 1.5 }, field: 'shmid' },
      { command: 'read', input: { process: 'A', offset: 0 }, field: 'length' },
      {
        command: 'write',
        input: { process: 'A', offset: 0, type: 'u8', value: '300' },
        field: 'value',
      },
      {
        command: 'write',
        input: { process: 'A', offset: 0, type: 'float128', value: '1' },
        field: 'type',
      },
      {
        command: 'write',
        input: { process: 'A', offset: 0, type: 'u8', value: 7 },
        field: 'value',
      },
      { command: 'getState', input: { anything: true }, field: 'no input' },
      { command: 'detach', input: 'A', field: 'expected object' },
    ];

    it.each(cases)('$command $input → E_BAD_INPUT naming $field', async (testCase) => {
      const spy = vi.spyOn(t.lab, testCase.command);
      const result = await call(testCase.command, testCase.input);
      expect(result).toEqual({
        ok: false,
        error: { code: 'E_BAD_INPUT', message: expect.stringContaining(testCase.field) },
      });
      expect(spy).not.toHaveBeenCalled();
    });
  });

  describe('runs valid commands from a trusted sender', () => {
    it('getState reports both real children running', async () => {
      const result = await call('getState', undefined);
      expect(result.ok).toBe(true);
      const state = await value<Awaited<ReturnType<typeof t.lab.getState>>>('getState', undefined);
      for (const name of ['A', 'B'] as const) {
        expect(state.processes[name].status).toBe('running');
        expect(state.processes[name].pid).toBeGreaterThan(0);
      }
      expect(state.processes.A.pid).not.toBe(state.processes.B.pid);
      expect(state.system.host).toBe('web');
    });

    it('createSegment makes a real segment and removeSegment removes it', async () => {
      const segment = await value<SegmentInfo>('createSegment', { key: 0, size: 5000 });
      expect(segment.requestedSize).toBe(5000);
      expect(segment.stat.segsz).toBe(5000);
      expect(segment.stat.cpid).toBe(process.pid);
      expect((await listedShmids()).has(segment.shmid)).toBe(true);

      const removed = await call('removeSegment', { shmid: segment.shmid });
      expect(removed.ok).toBe(true);
      expect((await listedShmids()).has(segment.shmid)).toBe(false);
    });

    it('passes a Lab error through as its envelope', async () => {
      const free = 2 ** 31 - 7;
      expect(await call('statSegment', { shmid: free })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'E_NO_SUCH_SEGMENT' }),
      });
    });
  });

  it('forwards Lab events to the window as batches on lab:events', async () => {
    const segment = await value<SegmentInfo>('createSegment', { key: 0, size: 4096 });
    try {
      const attached = nextEvent(t.lab, 'processStatus', (e) => e.change === 'attached');
      await value('attach', { process: 'A', shmid: segment.shmid });
      const fromLab = await attached;
      const forwarded = (): { event: string; payload: unknown }[] =>
        window.webContents.sent
          .filter((message) => message.channel === 'lab:events')
          .flatMap((message) => message.payload as { event: string; payload: unknown }[]);
      await vi.waitFor(() => {
        expect(forwarded()).toContainEqual({ event: 'processStatus', payload: fromLab });
      });
      const payload = forwarded().find((item) => item.event === 'processStatus')?.payload as
        ProcessStatusEvent | undefined;
      expect(payload?.change).toBe('attached');
      expect(payload?.state.name).toBe('A');
      expect(payload?.state.attachment?.shmid).toBe(segment.shmid);
      expect(window.webContents.sent.every((message) => message.channel === 'lab:events')).toBe(
        true,
      );
    } finally {
      await t.lab.detach({ process: 'A' }).catch(() => undefined);
      await t.lab.removeSegment({ shmid: segment.shmid, confirmForeign: false });
    }
  });

  it('does not send events to a destroyed window', async () => {
    window.destroyed = true;
    try {
      const changed = nextEvent(t.lab, 'segmentChanged', () => true);
      const segment = await t.lab.createSegment({
        key: 0,
        size: 4096,
        create: true,
        exclusive: false,
        mode: 0o600,
      });
      await t.lab.removeSegment({ shmid: segment.shmid, confirmForeign: false });
      await changed;
      expect(window.webContents.sent).toEqual([]);
    } finally {
      window.destroyed = false;
    }
  });
});

describe('the close function of openLabGate', () => {
  let t: TestLab;

  beforeAll(async () => {
    t = await startTestLab();
  });

  afterAll(async () => {
    await t.close();
  });

  it('removes every handler and stops forwarding events', async () => {
    const ipcMain = new FakeIpcMain();
    const window = new FakeWindow();
    const close = openLabGate(ipcMain as unknown as IpcMain, t.lab, asWindow(window));
    expect(ipcMain.handlers.size).toBe(COMMAND_NAMES.length);

    close();
    expect(ipcMain.removed.sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    expect(ipcMain.handlers.size).toBe(0);

    const segment = await t.lab.createSegment({
      key: 0,
      size: 4096,
      create: true,
      exclusive: false,
      mode: 0o600,
    });
    try {
      const attached = nextEvent(t.lab, 'processStatus', (e) => e.change === 'attached');
      await t.lab.attach({
        process: 'B',
        shmid: segment.shmid,
        readOnly: false,
        round: false,
        writeForeign: false,
      });
      expect((await attached).state.name).toBe('B');
      expect(window.webContents.sent).toEqual([]);
    } finally {
      await t.lab.detach({ process: 'B' });
      await t.lab.removeSegment({ shmid: segment.shmid, confirmForeign: false });
    }
    expect(window.webContents.sent).toEqual([]);
  });
});
