// The starting programs the learner picks from. Each is a C file of its own beside this module,
// imported as text, so the same file is what the editor shows and what a test compiles.
import creator from './starters/creator.c?raw';
import forker from './starters/forker.c?raw';
import ftok from './starters/ftok.c?raw';
import reader from './starters/reader.c?raw';
import writer from './starters/writer.c?raw';

export interface Starter {
  /** Stable id (the store's `starter`, and what a tutorial pane asks for). */
  id: StarterId;
  /** Its name in the chooser. */
  title: string;
  /** One sentence: what it does. */
  summary: string;
  /** Whether it needs the tutorial's segment (it reads SHMLAB_SHMID). */
  needsSegment: boolean;
  source: string;
}

export type StarterId = 'reader' | 'writer' | 'creator' | 'forker' | 'ftok';

export const STARTERS: readonly Starter[] = [
  {
    id: 'writer',
    title: 'Writer',
    summary: 'Attaches the segment, writes a number and a text, then exits without shmdt.',
    needsSegment: true,
    source: writer,
  },
  {
    id: 'reader',
    title: 'Reader',
    summary: 'Attaches the segment read-only and prints the number at offset 16 every second.',
    needsSegment: true,
    source: reader,
  },
  {
    id: 'creator',
    title: 'Creator',
    summary: 'Makes a segment of its own with IPC_PRIVATE, prints its id, removes it on Enter.',
    needsSegment: false,
    source: creator,
  },
  {
    id: 'forker',
    title: 'Forker',
    summary: 'Attaches the segment and forks: parent and child see it at the same address.',
    needsSegment: true,
    source: forker,
  },
  {
    id: 'ftok',
    title: 'ftok',
    summary: 'Builds a key from a file with ftok and finds (or makes) the segment with that key.',
    needsSegment: false,
    source: ftok,
  },
];

/** The starter the view opens with. */
export const DEFAULT_STARTER: StarterId = 'writer';

/** The starter with this id, or null. */
export function starterById(id: string): Starter | null {
  return STARTERS.find((s) => s.id === id) ?? null;
}
