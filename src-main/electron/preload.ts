// Exposes window.shmLab to the sandboxed renderer: named functions built from
// the shared command and event lists, never ipcRenderer itself. Listeners get
// the payload only, not the IPC event, and get back an unsubscribe function.
import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { LabBridge } from '../common/api';
import type { EventName } from '../common/channels';
import {
  COMMAND_NAMES,
  EVENT_BATCH_CHANNEL,
  EVENT_NAMES,
  commandChannel,
  listenerName,
} from '../common/channels';

const bridge: Record<string, (arg: unknown) => unknown> = {};
for (const command of COMMAND_NAMES) {
  bridge[command] = (input: unknown) => ipcRenderer.invoke(commandChannel(command), input);
}

const listeners = new Map<string, Set<(payload: unknown) => void>>(
  EVENT_NAMES.map((event) => [event, new Set()]),
);
// Main sends the events of one turn as one batch; they reach the listeners in one go, in order,
// as the web host's batches do, so the renderer applies them in one update.
ipcRenderer.on(EVENT_BATCH_CHANNEL, (_event: IpcRendererEvent, batch: unknown) => {
  if (!Array.isArray(batch)) return;
  for (const item of batch as { event?: unknown; payload?: unknown }[]) {
    const set = typeof item?.event === 'string' ? listeners.get(item.event) : undefined;
    for (const listener of set ?? []) listener(item.payload);
  }
});

for (const event of EVENT_NAMES) {
  bridge[listenerName(event)] = (listener: unknown) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const set = listeners.get(event satisfies EventName)!;
    const forward = (payload: unknown): void => listener(payload);
    set.add(forward);
    return () => set.delete(forward);
  };
}

contextBridge.exposeInMainWorld('shmLab', bridge as unknown as LabBridge);
