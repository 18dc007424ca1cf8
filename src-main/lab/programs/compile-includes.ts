// Before a compile, the learner's source is read for the files it names: an #include (and its
// kin) of a path outside the program's folder and the system folders is refused with a clear
// error naming the line. This is for the message only: the sandbox (compile-sandbox.ts) is what
// keeps the compiler out of such files, also when a macro builds the name, which this check
// cannot see.
import { isAbsolute, posix } from 'node:path';
import { LabError } from '../../common/errors';
import { inSystemRoots } from './compile-sandbox';

/** One file the source names. */
export interface NamedFile {
  /** 1-based, the line the directive starts on. */
  line: number;
  /** '#include', '__has_include', '.incbin'… as written (the #-directive's name). */
  directive: string;
  path: string;
}

// `# include "x"`, `%:include <x>` (a digraph), and include_next, import, embed.
const DIRECTIVE = /^\s*(?:#|%:)\s*(include_next|include|import|embed)\s*(?:"([^"]*)"|<([^>]*)>)/;
// __has_include("x") / __has_embed(<x>) anywhere on a line.
const HAS_INCLUDE = /__has_(include_next|include|embed)\s*\(\s*(?:"([^"]*)"|<([^>]*)>)/g;
// #pragma GCC dependency "x": the compiler stats it.
const DEPENDENCY = /^\s*(?:#|%:)\s*pragma\s+GCC\s+dependency\s+"([^"]*)"/;
// asm(".incbin \"x\"") and ".include": the assembler reads them.
const ASSEMBLER = /\.(incbin|include)\s+\\"((?:[^"\\]|\\[^"])*)\\"/g;

/** The files `text` names, line by line (backslash-newline joins lines, as in C). */
export function namedFiles(text: string): NamedFile[] {
  const files: NamedFile[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const first = index + 1;
    let line = lines[index] ?? '';
    while (line.endsWith('\\') && index + 1 < lines.length) {
      line = line.slice(0, -1) + (lines[++index] ?? '');
    }
    const directive = DIRECTIVE.exec(line);
    if (directive !== null) {
      files.push({
        line: first,
        directive: `#${directive[1]}`,
        path: directive[2] ?? directive[3] ?? '',
      });
    }
    const dependency = DEPENDENCY.exec(line);
    if (dependency !== null) {
      files.push({ line: first, directive: '#pragma GCC dependency', path: dependency[1] ?? '' });
    }
    for (const has of line.matchAll(HAS_INCLUDE)) {
      files.push({ line: first, directive: `__has_${has[1]}`, path: has[2] ?? has[3] ?? '' });
    }
    for (const asm of line.matchAll(ASSEMBLER)) {
      files.push({ line: first, directive: `.${asm[1]}`, path: asm[2] ?? '' });
    }
  }
  return files;
}

/** Whether the compiler may read `path` as named from a file in `folder`. */
export function mayRead(path: string, folder: string): boolean {
  const normal = posix.normalize(path);
  if (isAbsolute(normal)) {
    return inSystemRoots(normal) || normal === folder || normal.startsWith(`${folder}/`);
  }
  // Relative: found in the program's folder or in a system folder, unless `..` climbs out.
  return normal !== '..' && !normal.startsWith('../');
}

/** Throws E_BAD_INPUT naming the first file `text` names that the compiler may not read. */
export function refuseFilesOutside(text: string, folder: string): void {
  const outside = namedFiles(text).find((file) => !mayRead(file.path, folder));
  if (outside === undefined) return;
  throw new LabError(
    'E_BAD_INPUT',
    `line ${outside.line}: ${outside.directive} "${outside.path}" names a file outside what the ` +
      "compiler may read: this program's own folder and the system folders (/usr and the like, " +
      'where <stdio.h> and the other headers are). Name system headers in angle brackets, e.g. ' +
      '#include <sys/shm.h>; nothing was compiled',
  );
}
