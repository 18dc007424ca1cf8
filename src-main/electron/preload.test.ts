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

  it('listens on one channel, lab:events, from the start', () => {
    expect(fakes.ipcRenderer.listenerCount('lab:events')).toBe(1);
    for (const event of EVENT_NAMES) {
      expect(fakes.ipcRenderer.listenerCount(`lab:event:${event}`)).toBe(0);
    }
  });

  it('onMemoryChanged hands the listener the payload only, and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onMemoryChanged(listener);
    expect(typeof unsubscribe).toBe('function');
    // Subscribing adds no IPC listener: the one batch listener fans out.
    expect(fakes.ipcRenderer.on).not.toHaveBeenCalled();

    fakes.ipcRenderer.emit('lab:events', [{ event: 'memoryChanged', payload: memoryChanged }]);
    expect(listener.mock.calls).toEqual([[memoryChanged]]);

    // Another event does not reach it.
    fakes.ipcRenderer.emit('lab:events', [
      { event: 'processStatus', payload: { change: 'spawned' } },
    ]);
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    fakes.ipcRenderer.emit('lab:events', [{ event: 'memoryChanged', payload: memoryChanged }]);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('delivers a batch to the listeners of each event in the order main sent it', () => {
    const seen: unknown[] = [];
    const api = bridge as unknown as Record<string, (listener: unknown) => () => void>;
    const unsubscribers = EVENT_NAMES.map((event) =>
      api[listenerName(event)]!((payload: unknown) => seen.push([event, payload])),
    );
    const status = { change: 'spawned' };
    fakes.ipcRenderer.emit('lab:events', [
      { event: 'memoryChanged', payload: memoryChanged },
      { event: 'processStatus', payload: status },
      { event: 'noSuchEvent', payload: 1 },
      { event: 'memoryChanged', payload: { ...memoryChanged, offset: 9 } },
    ]);
    // Anything but an array is ignored, not thrown.
    fakes.ipcRenderer.emit('lab:events', { event: 'memoryChanged', payload: memoryChanged });
    expect(seen).toEqual([
      ['memoryChanged', memoryChanged],
      ['processStatus', status],
      ['memoryChanged', { ...memoryChanged, offset: 9 }],
    ]);
    for (const unsubscribe of unsubscribers) unsubscribe();
  });

  it('throws a TypeError for a listener that is not a function', () => {
    const api = bridge as unknown as Record<string, (listener: unknown) => unknown>;
    for (const notAFunction of [undefined, null, 'listener', { handleEvent: () => undefined }]) {
      expect(() => api.onMemoryChanged?.(notAFunction)).toThrow(TypeError);
    }
    expect(fakes.ipcRenderer.on).not.toHaveBeenCalled();
  });
});
