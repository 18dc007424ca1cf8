import type { ReactNode } from 'react';
import { STEPS, moveTutorial, useTutorialStore } from '../../store/tutorial';
import './Stepper.css';

/** The list of panes, and Back / Next. Any pane can be revisited. */
export function Stepper(): ReactNode {
  const index = useTutorialStore((s) => s.index);
  return (
    <nav className="stepper" aria-label="Tutorial steps">
      <button
        type="button"
        className="secondary"
        onClick={() => moveTutorial({ type: 'back' })}
        disabled={index === 0}
      >
        ← Back
      </button>
      <ol className="stepper__list">
        {STEPS.map((step, i) => (
          <li key={step.id}>
            <button
              type="button"
              className={i === index ? 'stepper__step stepper__step--current' : 'stepper__step'}
              aria-current={i === index ? 'step' : undefined}
              onClick={() => moveTutorial({ type: 'go', index: i })}
            >
              <span className="stepper__number">{i + 1}</span> {step.title}
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        onClick={() => moveTutorial({ type: 'next' })}
        disabled={index === STEPS.length - 1}
      >
        Next →
      </button>
    </nav>
  );
}
