// The Lab's private folder for the learner's programs: p<N>.c and the binary p<N>, made 0700
// under the temp folder, removed at dispose. Only the last few binaries are kept, plus any a run
// still uses (so /proc/<pid>/maps never shows the program's own file as deleted).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabError } from '../../common/errors';
import type { SegmentRegistry } from '../registry';

/** The name every programs folder starts with (the sweep removes only such folders). */
export const PROGRAMS_DIR_PREFIX = 'shmlab-programs-';

/** How many compiled programs are kept for runProgram. */
export const KEPT_PROGRAMS = 4;

export interface ProgramFiles {
  id: string;
  source: string;
  binary: string;
}

export class Workspace {
  /** Where the folder is recorded, so the crash sweep removes it after a kill -9. */
  constructor(private readonly registry: SegmentRegistry | null = null) {}

  /** Created on first use, so a Lab that never compiles makes no folder. */
  private folder: string | null = null;
  private nextNumber = 1;
  /** Built programs, oldest first. */
  private readonly built: ProgramFiles[] = [];
  private readonly inUse = new Map<string, number>();
  private disposed = false;

  /** The private folder (mkdtemp makes it 0700). */
  get dir(): string {
    if (this.disposed) throw new LabError('E_UNAVAILABLE', 'the Lab is closing');
    if (this.folder === null) {
      this.folder = mkdtempSync(join(tmpdir(), PROGRAMS_DIR_PREFIX));
      this.registry?.setProgramsDir(this.folder);
    }
    return this.folder;
  }

  /** Writes the source of a new program; its binary does not exist yet. */
  newProgram(source: string): ProgramFiles {
    const id = `p${this.nextNumber++}`;
    const files = { id, source: join(this.dir, `${id}.c`), binary: join(this.dir, id) };
    writeFileSync(files.source, source, { mode: 0o600 });
    return files;
  }

  /** Keeps a built program, deleting the oldest ones no run uses beyond KEPT_PROGRAMS. */
  keep(files: ProgramFiles): void {
    this.built.push(files);
    while (this.built.length > KEPT_PROGRAMS) {
      const index = this.built.findIndex((old) => !this.inUse.has(old.id));
      if (index === -1 || index === this.built.length - 1) break;
      const [old] = this.built.splice(index, 1);
      if (old !== undefined) this.delete(old);
    }
  }

  /** Deletes what a failed compile left (its source, a partial binary). */
  discard(files: ProgramFiles): void {
    this.delete(files);
  }

  /** The built program `id`, or E_NO_SUCH_PROGRAM naming what there is. */
  program(id: string): ProgramFiles {
    const found = this.built.find((files) => files.id === id);
    if (found !== undefined) return found;
    const known = this.built.map((files) => files.id).join(', ');
    throw new LabError(
      'E_NO_SUCH_PROGRAM',
      `no compiled program "${id}": ` +
        (known === ''
          ? 'compile one first (compileProgram returns its id)'
          : `the Lab keeps the last ${KEPT_PROGRAMS} that compiled (${known})`),
    );
  }

  /** Marks a program as used by a run until the returned function is called. */
  use(id: string): () => void {
    this.inUse.set(id, (this.inUse.get(id) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const count = (this.inUse.get(id) ?? 1) - 1;
      if (count > 0) this.inUse.set(id, count);
      else this.inUse.delete(id);
    };
  }

  /** Removes the folder and everything in it. Synchronous, for dispose. */
  dispose(): void {
    this.disposed = true;
    if (this.folder !== null) rmSync(this.folder, { recursive: true, force: true });
    this.folder = null;
  }

  private delete(files: ProgramFiles): void {
    rmSync(files.source, { force: true });
    rmSync(files.binary, { force: true });
  }
}
