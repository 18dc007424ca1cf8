import { useId } from 'react';
import type { ReactNode } from 'react';
import { programActions, useProgramStore } from '../../store/program-store';
import { STARTERS, starterById } from './starters';

/**
 * Which starting program is in the editor. Switching keeps the learner's edits of each one (they
 * come back when it is chosen again); "Original text" drops the edits of the one shown.
 */
export function StarterChooser(): ReactNode {
  const id = useId();
  const starter = useProgramStore((s) => s.starter);
  const edited = useProgramStore((s) => s.drafts[s.starter] !== undefined);
  const chosen = starterById(starter);
  return (
    <div className="program-starter">
      <div className="program-view__row">
        <label htmlFor={`${id}-starter`}>Starting program</label>
        <select
          id={`${id}-starter`}
          value={starter}
          onChange={(event) => programActions.chooseStarter(event.target.value)}
          aria-describedby={`${id}-summary`}
        >
          {STARTERS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="secondary"
          disabled={!edited}
          onClick={programActions.resetSource}
          title="Put the starting program's own text back (your edits of it are dropped)"
        >
          Original text
        </button>
      </div>
      <p id={`${id}-summary`} className="muted program-view__note">
        {chosen?.summary ?? ''}
        {edited ? ' (edited)' : ''}
      </p>
    </div>
  );
}
