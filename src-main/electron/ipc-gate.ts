// The one IPC gate: every command from the renderer passes here. A message
// from anything but our window's main frame on our own UI is refused, and
// every payload is validated with its command's schema (in dispatch).
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  COMMAND_NAMES,
  EVENT_BATCH_CHANNEL,
  EVENT_NAMES,
  commandChannel,
} from '../common/channels';
import type { EventName } from '../common/channels';
import { createEventBatcher } from '../common/event-batch';
import type { Result } from '../common/errors';
import { dispatch } from '../lab/dispatch';
import type { Lab } from '../lab/lab';
import { isAppUrl } from './app-protocol';

/** Whether an IPC message comes from `window`'s main frame showing our UI. */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow): boolean {
  const frame = event.senderFrame;
  return (
    frame !== null &&
    !window.isDestroyed() &&
    event.sender === window.webContents &&
    frame === window.webContents.mainFrame &&
    isAppUrl(frame.url)
  );
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'E_FORBIDDEN', message: 'this IPC message did not come from the ShmLab window' },
};

/** Registers every command handler and forwards Lab events to the window. */
export function openLabGate(ipcMain: IpcMain, lab: Lab, window: BrowserWindow): () => void {
  // Events of one turn of the event loop cross as one message, like the web host's batches.
  const queue = createEventBatcher<EventName>((events) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_BATCH_CHANNEL, events);
  }, setImmediate);
  for (const command of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(command), async (event, input: unknown) => {
      if (!isTrustedSender(event, window)) return FORBIDDEN;
      const result = await dispatch(lab, command, input);
      // The events the command caused go first, as on the web host's socket.
      queue.flush();
      return result;
    });
  }
  const unsubscribers = EVENT_NAMES.map((name) => lab.on(name, (payload) => queue(name, payload)));
  return () => {
    for (const command of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(command));
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
