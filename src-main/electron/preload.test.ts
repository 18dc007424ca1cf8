// The preload's bridge, against fake contextBridge and ipcRenderer (the
// Electron binary is not available to tests; its modules are mocked).
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabBridge, MemoryChangedEvent } from '../common/api';
import { COMMAND_NAMES, EVENT_NAMES, listenerName } from '../common/channels';

const fakes = vi.hoisted(() => {
  type Listener = (event: unknown, ...args: unknown[]) => void;

  const listeners = new Map<string, Listener[]>();
  const ipcRenderer = {
    invoke: vi.fn((channel: string, input: unknown) =>
      Promise.resolve({ ok: true, value: { channel, input } }),
    ),
    on: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      return ipcRenderer;
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.set(
        channel,
        (listeners.get(channel) ?? []).filter((registered) => registered !== listener),
      );
      return ipcRenderer;
    }),
    /** What Electron does when main sends on `channel`: the event first, then the arguments. */
    emit(channel: string, ...args: unknown[]): void {
      for (const listener of listeners.get(channel) ?? [])
        listener({ sender: ipcRenderer }, ...args);
    },
    listenerCount: (channel: string): number => listeners.get(channel)?.length ?? 0,
  };
  const exposed: { key: string; api: unknown }[] = [];
  const contextBridge = {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => {
      exposed.push({ key, api });
    }),
  };
  return { ipcRenderer, contextBridge, exposed };
});

vi.mock('electron', () => ({
  contextBridge: fakes.contextBridge,
  ipcRenderer: fakes.ipcRenderer,
}));

const memoryChanged: MemoryChangedEvent = {
  process: 'B',
  shmid: 42,
  offset: 8,
  bytes: [1, 2, 3, 4],
  address: '0x7f0000000008',
};

describe('preload', () => {
  let bridge: LabBridge;
  let keys: string[];

  beforeAll(async () => {
    await import('./preload');
    expect(fakes.exposed).toHaveLength(1);
    const only = fakes.exposed[0];
    expect(only?.key).toBe('shmLab');
    const api = only?.api;
    if (typeof api !== 'object' || api === null) throw new Error('no object was exposed');
    keys = Object.keys(api);
    bridge = api as LabBridge;
  });

  beforeEach(() => {
    fakes.ipcRenderer.invoke.mockClear();
    fakes.ipcRenderer.on.mockClear();
    fakes.ipcRenderer.removeListener.mockClear();
  });

  it('exposes exactly one object, shmLab, once', () => {
    expect(fakes.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(fakes.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('shmLab');
  });

  it('has exactly the commands and one on<Event> per event, all functions', () => {
    const expected = [...COMMAND_NAMES, ...EVENT_NAMES.map((event) => listenerName(event))];
    expect([...keys].sort()).toEqual([...expected].sort());
    expect(keys).toContain('onMemoryChanged');
    expect(keys).toContain('onProcessStatus');
    expect(keys).toContain('onSegmentChanged');
    for (const key of keys) {
      expect(typeof (bridge as unknown as Record<string, unknown>)[key]).toBe('function');
    }
  });

  it('offers no escape hatch to ipcRenderer', () => {
    const api = bridge as unknown as Record<string, unknown>;
    for (const hatch of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'postMessage']) {
      expect(api[hatch]).toBeUndefined();
    }
    expect(Object.values(api)).not.toContain(fakes.ipcRenderer);
    expect(Object.values(api)).not.toContain(fakes.ipcRenderer.invoke);
    expect(keys.filter((key) => /ipc|invoke|send|require|^process$/i.test(key))).toEqual([]);
  });

  it('write(input) invokes lab:write with that input and returns its result', async () => {
    const input = { process: 'A', offset: 16, type: 'u32', value: '0xdeadbeef' } as const;
    const result = await bridge.write(input);
    expect(fakes.ipcRenderer.invoke.mock.calls).toEqual([['lab:write', input]]);
    expect(result).toEqual({ ok: true, value: { channel: 'lab:write', input } });
  });

  it('every command invokes its own lab:<command> channel', async () => {
    const api = bridge as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    for (const command of COMMAND_NAMES) {
      const run = api[command];
      if (run === undefined) throw new Error(`missing ${command}`);
      await run({ probe: command });
    }
    expect(fakes.ipcRenderer.invoke.mock.calls).toEqual(
      COMMAND_NAMES.map((command) => [`lab:${command}`, { probe: command }]),
    );
  });

  it('onMemoryChanged hands the listener the payload only, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onMemoryChanged(listener);
    expect(typeof unsubscribe).toBe('function');
    expect(fakes.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, registered] = fakes.ipcRenderer.on.mock.calls[0] ?? [];
    expect(channel).toBe('lab:event:memoryChanged');
    expect(fakes.ipcRenderer.listenerCount('lab:event:memoryChanged')).toBe(1);

    fakes.ipcRenderer.emit('lab:event:memoryChanged', memoryChanged);
    expect(listener.mock.calls).toEqual([[memoryChanged]]);

    // Another event's channel does not reach it.
    fakes.ipcRenderer.emit('lab:event:processStatus', { change: 'spawned' });
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    expect(fakes.ipcRenderer.removeListener.mock.calls).toEqual([
      ['lab:event:memoryChanged', registered],
    ]);
    expect(fakes.ipcRenderer.listenerCount('lab:event:memoryChanged')).toBe(0);
    fakes.ipcRenderer.emit('lab:event:memoryChanged', memoryChanged);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('each on<Event> listens on lab:event:<event>', () => {
    const api = bridge as unknown as Record<string, (listener: unknown) => () => void>;
    const unsubscribers = EVENT_NAMES.map((event) => {
      const subscribe = api[listenerName(event)];
      if (subscribe === undefined) throw new Error(`missing ${listenerName(event)}`);
      return subscribe(() => undefined);
    });
    expect(fakes.ipcRenderer.on.mock.calls.map(([channel]) => channel)).toEqual(
      EVENT_NAMES.map((event) => `lab:event:${event}`),
    );
    for (const unsubscribe of unsubscribers) unsubscribe();
    for (const event of EVENT_NAMES) {
      expect(fakes.ipcRenderer.listenerCount(`lab:event:${event}`)).toBe(0);
    }
  });

  it('throws a TypeError for a listener that is not a function', () => {
    const api = bridge as unknown as Record<string, (listener: unknown) => unknown>;
    for (const notAFunction of [undefined, null, 'listener', { handleEvent: () => undefined }]) {
      expect(() => api.onMemoryChanged?.(notAFunction)).toThrow(TypeError);
    }
    expect(fakes.ipcRenderer.on).not.toHaveBeenCalled();
  });
});
