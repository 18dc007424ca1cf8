// The one list of command and event names, shared by main, the preload, the
// web host and the renderer. No dependencies, so the preload stays small.

export const COMMAND_NAMES = [
  'getState',
  'listSegments',
  'createSegment',
  'statSegment',
  'setSegmentMode',
  'removeSegment',
  'attach',
  'detach',
  'write',
  'read',
  'touch',
  'inspect',
  'respawn',
  'race',
  'viewMemory',
  'cancelRace',
  'step',
  'resetSteps',
  'createSemaphore',
  'statSemaphore',
  'setSemaphoreValue',
  'removeSemaphore',
  'semop',
  'cancelSemop',
  'threadState',
  'killProcess',
  'machine',
  'compilerInfo',
  'compileProgram',
  'runProgram',
  'programInput',
  'resizeProgram',
  'stopProgram',
  'inspectProgramProcess',
  'ftok',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const EVENT_NAMES = [
  'memoryChanged',
  'pagesChanged',
  'processStatus',
  'segmentChanged',
  'semopFinished',
  'raceProgress',
  'programOutput',
  'programProcesses',
  'programExited',
  'factsChanged',
  'crashRecords',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The Electron IPC channel of a command. */
export const commandChannel = (command: CommandName): string => `lab:${command}`;
/**
 * The Electron IPC channel that carries the Lab's events, as an array of `{event, payload}` in
 * emission order: the events of one turn of main's event loop cross as one message.
 */
export const EVENT_BATCH_CHANNEL = 'lab:events';

/** `onMemoryChanged` for 'memoryChanged', and so on. */
export type ListenerName<E extends EventName> = `on${Capitalize<E>}`;
export function listenerName<E extends EventName>(event: E): ListenerName<E> {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as ListenerName<E>;
}

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && (COMMAND_NAMES as readonly string[]).includes(value);
}

/** A request from a client to the web host. */
export interface WireRequest {
  id: number;
  command: CommandName;
  input?: unknown;
}
