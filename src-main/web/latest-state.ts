// Which of the Lab's events a newer one of the same kind makes obsolete, for a tab that has
// fallen behind: those that carry the whole latest state of one thing (a process's facts, a
// segment's IPC_STAT, the bytes of one range). Events that tell something happened once (a wait
// finished, a process exited, terminal output, pages marked changed) are never replaced.
import type { LabEventMap } from '../common/api';
import type { EventName } from '../common/channels';

/** One Lab event with its payload's type. */
export type LabEventMessage = {
  [E in EventName]: { event: E; payload: LabEventMap[E] };
}[EventName];

/**
 * The key under which a newer event replaces an older one, or null when every one must be kept.
 * Applying only the newest event of each key leaves the page in the same state as applying all.
 */
export function latestStateKey(message: LabEventMessage): string | null {
  switch (message.event) {
    case 'memoryChanged': {
      // The same range of the same mapping: the newer bytes are all that is left to show.
      const { process, shmid, offset, bytes } = message.payload;
      return `memoryChanged:${process}:${shmid}:${offset}:${bytes.length}`;
    }
    case 'processStatus':
      // Per kind of change: a 'reconciled' one is handled differently, so it is never folded
      // into an 'attached'; the newest event of a process still comes last.
      return `processStatus:${message.payload.state.name}:${message.payload.change}`;
    case 'segmentChanged':
      return `segmentChanged:${message.payload.shmid}`;
    case 'raceProgress':
      return `raceProgress:${message.payload.variant}`;
    case 'programProcesses':
      return `programProcesses:${message.payload.runId}`;
    case 'factsChanged':
      return message.payload.kind === 'child'
        ? `factsChanged:child:${message.payload.facts.state.name}`
        : `factsChanged:program:${message.payload.facts.process.pid}`;
    case 'crashRecords':
      return 'crashRecords';
    case 'pagesChanged':
    case 'semopFinished':
    case 'programOutput':
    case 'programExited':
      return null;
  }
}
