// Exposes window.shmLab to the sandboxed renderer: named functions built from
// the shared command and event lists, never ipcRenderer itself. Listeners get
// the payload only, not the IPC event, and get back an unsubscribe function.
import type { IpcRendererEvent } from 'electron';
import { contextBridge, ipcRenderer } from 'electron';
import type { LabBridge } from '../common/api';
import {
  COMMAND_NAMES,
  EVENT_NAMES,
  commandChannel,
  eventChannel,
  listenerName,
} from '../common/channels';

const bridge: Record<string, (arg: unknown) => unknown> = {};
for (const command of COMMAND_NAMES) {
  bridge[command] = (input: unknown) => ipcRenderer.invoke(commandChannel(command), input);
}
for (const event of EVENT_NAMES) {
  bridge[listenerName(event)] = (listener: unknown) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const channel = eventChannel(event);
    const forward = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => ipcRenderer.removeListener(channel, forward);
  };
}

contextBridge.exposeInMainWorld('shmLab', bridge as unknown as LabBridge);
