import { useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import { onProgramOutput, programActions, programScrollback } from '../../store/program-store';
import { keyHex, printedKeys, printedShmids } from './ftok-model';
import { ftokActions, useFtokPane } from './ftok-store';

/** The current run's output so far (the program view's scrollback), following new output. */
function useRunOutput(): string {
  const [text, setText] = useState(() => programScrollback().text);
  useEffect(
    () =>
      onProgramOutput((write) => setText(write.kind === 'reset' ? '' : programScrollback().text)),
    [],
  );
  return text;
}

/** Quotes an argument for the program view's Arguments field when it needs it. */
const argText = (text: string): string => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text}'`);

export interface FtokInCProps {
  path: string;
  projectId: number;
  /** The key the Lab's ftok gave for them. */
  labKey: number;
  /** The shmid the Lab's shmget gave for the key, once it ran. */
  shmid: number | null;
}

/**
 * The same in C: a button that opens the program view with the ftok starter, and the comparison
 * of the key the program printed (read from the run's output, or pasted) with the Lab's, for
 * the same path and id only.
 */
export function FtokInC({ path, projectId, labKey: key, shmid }: FtokInCProps): ReactNode {
  const id = useId();
  const output = useRunOutput();
  const pasted = useFtokPane((s) => s.pasted);
  const sameCall = (printed: { path: string; projectId: number }) =>
    printed.path === path && printed.projectId === projectId;
  const fromRun = printedKeys(output).filter(sameCall);
  const fromPaste = printedKeys(pasted).filter(sameCall);
  const seen = [
    ...fromRun.map((printed) => ({ ...printed, where: 'Your program printed' })),
    ...fromPaste.map((printed) => ({ ...printed, where: 'The line you pasted says' })),
  ];
  const programShmids = [...printedShmids(output, key), ...printedShmids(pasted, key)];
  const pastedOther = pasted.trim() !== '' && fromPaste.length === 0;
  const args = `${argText(path)} ${projectId}`;
  return (
    <section className="ftok-in-c" aria-label="The same in C">
      <p>
        Two programs that share nothing but a file name and a number find the same segment. Try it
        with a C program of yours: the <strong>ftok</strong> starting program calls{' '}
        <code>ftok(argv[1], atoi(argv[2]))</code> (by default <code>&quot;/tmp&quot;</code> and 83),
        prints the key, and looks for the segment with <code>shmget(key, 0, 0)</code>. Run it with
        the arguments <code>{args}</code>.
      </p>
      <button
        type="button"
        onClick={() => {
          programActions.chooseStarter('ftok');
          programActions.setOpen(true);
        }}
      >
        Open the ftok program in the program view
      </button>
      {seen.map((printed, index) => (
        <p
          key={index}
          role="status"
          className={printed.key >>> 0 === key >>> 0 ? 'ftok-match' : 'ftok-mismatch'}
        >
          {`${printed.where} ftok("${printed.path}", ${printed.projectId}) = ${keyHex(printed.key)}: `}
          {printed.key >>> 0 === key >>> 0
            ? `the same key as the Lab's ftok, ${keyHex(key)}.`
            : `not the Lab's ${keyHex(key)}. Was the file removed and made again (a new inode) between the two calls?`}
        </p>
      ))}
      {shmid !== null && programShmids.length > 0 ? (
        <p role="status">
          {programShmids.includes(shmid)
            ? `Its shmget with that key returned ${shmid}: the segment the Lab's shmget made or found.`
            : `Its shmget with that key returned ${programShmids.join(', ')}, not ${shmid}.`}
        </p>
      ) : null}
      <label htmlFor={`${id}-paste`} className="ftok-in-c__paste-label">
        Or paste the line your program printed (<code>ftok(&quot;…&quot;, …) = 0x…</code>)
      </label>
      <textarea
        id={`${id}-paste`}
        className="mono"
        rows={2}
        value={pasted}
        spellCheck={false}
        onChange={(event) => ftokActions.setPasted(event.target.value)}
      />
      {pastedOther ? (
        <p className="muted">
          {`No line of the form ftok("${path}", ${projectId}) = 0x… in what you pasted: the pane compares keys only for the same path and id.`}
        </p>
      ) : null}
    </section>
  );
}
