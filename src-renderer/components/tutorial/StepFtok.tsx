import { useId } from 'react';
import type { ReactNode } from 'react';
import type { SegmentInfo } from '../../../src-main/common/api';
import { useLabStore } from '../../store/lab-store';
import { OutcomeView } from '../OutcomeView';
import { CodeBlock } from './CodeBlock';
import { FtokInC } from './FtokInC';
import { FtokKeyPieces } from './FtokKeyPieces';
import { StepFrame } from './StepFrame';
import { checkFtokForm, keyHex } from './ftok-model';
import { ftokActions, useFtokPane } from './ftok-store';

/** The C the pane runs, with the values of the form and of the answers where there are some. */
function ftokSample(path: string, id: string, key: string, size: number | null): string[] {
  return [
    '/* Both programs know the file and the number: */',
    `key_t key = ftok("${path}", ${id});`,
    'if (key == -1) perror("ftok");  /* no such file… */',
    `/* key is ${key} */`,
    `int shmid = shmget(key, ${size ?? 'size'}, IPC_CREAT | 0600);`,
    '/* Later, in another program: find it, create nothing. */',
    'int same = shmget(key, 0, 0);',
  ];
}

function createdText(segment: SegmentInfo, hostPid: number | null): string {
  if (segment.stat.cpid === hostPid) {
    return segment.owned
      ? `made by the Lab (cpid ${segment.stat.cpid}, the ShmLab host), so it is removed when ShmLab stops`
      : `it already existed (cpid ${segment.stat.cpid})`;
  }
  return `it already existed: pid ${segment.stat.cpid} made it (uid ${segment.stat.uid}), so the Lab only opened it`;
}

/** Pane 16: how unrelated programs agree on a key, with ftok, for real. */
export function StepFtok(): ReactNode {
  const id = useId();
  const form = useFtokPane((s) => s.form);
  const ftok = useFtokPane((s) => s.ftok);
  const created = useFtokPane((s) => s.created);
  const found = useFtokPane((s) => s.found);
  const busy = useFtokPane((s) => s.busy);
  const pageSize = useLabStore((s) => s.system?.pageSize ?? null);
  const hostPid = useLabStore((s) => s.system?.hostPid ?? null);
  const input = checkFtokForm(form);
  const result = ftok?.ok === true ? ftok.value : null;
  // The answers only count for the key shown: the form may have changed since.
  const current =
    result !== null &&
    input.ok &&
    result.path === input.path &&
    result.projectId === input.projectId;
  const key = current ? result.key : null;
  const shmid = created?.ok === true ? created.value.shmid : null;
  const stage = key === null ? 2 : created === undefined ? 5 : 7;
  const error = (field: 'path' | 'projectId'): string | null =>
    !input.ok && input.field === field ? input.message : null;
  return (
    <StepFrame number={16} title="ftok: agreeing on a key">
      <p>
        The kernel picks a segment&apos;s id when <code>shmget</code> creates it, so a program that
        did not create it has no way to know the id unless someone tells it. A <em>key</em> solves
        that: every program that calls <code>shmget</code> with the same key gets the same segment.
        A key written into both programs works until some other program picks the same number.{' '}
        <code>ftok(path, id)</code> makes the key from something both programs can name instead: a
        file that exists, and a small project number from 1 to 255.
      </p>
      <CodeBlock
        lines={ftokSample(
          input.ok ? input.path : form.path,
          input.ok ? String(input.projectId) : form.projectId,
          key === null ? 'not made yet' : keyHex(key),
          pageSize,
        )}
        running={stage}
        label="ftok, then shmget with its key"
      />
      <form
        className="tutorial-form"
        aria-label="ftok"
        onSubmit={(event) => {
          event.preventDefault();
          if (input.ok) void ftokActions.runFtok(input.path, input.projectId);
        }}
      >
        <label>
          Path
          <input
            className="mono"
            value={form.path}
            size={16}
            spellCheck={false}
            aria-invalid={error('path') !== null}
            aria-describedby={`${id}-path`}
            onChange={(event) => ftokActions.setForm({ path: event.target.value })}
          />
        </label>
        <span id={`${id}-path`} className="tutorial-form__error">
          {error('path')}
        </span>
        <label>
          Project id
          <input
            className="mono"
            value={form.projectId}
            size={5}
            spellCheck={false}
            aria-invalid={error('projectId') !== null}
            aria-describedby={`${id}-id`}
            onChange={(event) => ftokActions.setForm({ projectId: event.target.value })}
          />
        </label>
        <span id={`${id}-id`} className="tutorial-form__error">
          {error('projectId')}
        </span>
        <button type="submit" disabled={!input.ok || busy !== null}>
          Run ftok
        </button>
      </form>
      <p className="muted">
        Like <code>stat</code>, this tells whether a path exists and shows its inode and device, for
        any path the user ShmLab runs as can reach (and anyone using this Lab can ask). It reads
        nothing inside the file.
      </p>
      <OutcomeView
        outcome={ftok}
        renderValue={(value) => (
          <>
            <p>
              <code>{`ftok("${value.path}", ${value.projectId})`}</code> returned{' '}
              <strong className="mono" data-field="key">
                {keyHex(value.key)}
              </strong>
              {current ? '.' : ' (for the values before your edit: run it again).'}
            </p>
            <FtokKeyPieces result={value} />
          </>
        )}
      />
      {key === null ? null : (
        <ol className="tutorial-step__facts">
          <li>
            <button
              type="button"
              disabled={busy !== null || pageSize === null}
              onClick={() => pageSize !== null && void ftokActions.createWithKey(key, pageSize)}
            >
              {`shmget(${keyHex(key)}, ${pageSize ?? '…'}, IPC_CREAT | 0600)`}
            </button>
            <OutcomeView
              outcome={created}
              renderValue={(segment) => (
                <p>
                  <code>shmget</code> returned <strong data-field="created">{segment.shmid}</strong>
                  : {createdText(segment, hostPid)}.
                </p>
              )}
            />
          </li>
          <li>
            <button
              type="button"
              disabled={busy !== null || shmid === null}
              onClick={() => void ftokActions.findWithKey(key)}
            >
              {`shmget(${keyHex(key)}, 1, 0) again, without IPC_CREAT`}
            </button>
            <OutcomeView
              outcome={found}
              renderValue={(segment) => (
                <p>
                  <code>shmget</code> returned <strong data-field="found">{segment.shmid}</strong>
                  {segment.shmid === shmid
                    ? ': the same id. The key found the segment, and no one had to pass the id on.'
                    : `, not ${shmid ?? '?'}: another segment has this key now.`}{' '}
                  (The Lab asks for at least 1 byte; in C, <code>shmget(key, 0, 0)</code> looks up
                  the same way.)
                </p>
              )}
            />
          </li>
        </ol>
      )}
      {key === null || !input.ok ? null : (
        <FtokInC path={input.path} projectId={input.projectId} labKey={key} shmid={shmid} />
      )}
    </StepFrame>
  );
}
