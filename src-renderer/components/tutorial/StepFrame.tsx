import type { ReactNode } from 'react';

export interface StepFrameProps {
  number: number;
  title: string;
  children: ReactNode;
}

/** The common frame of a tutorial pane: its heading and content. */
export function StepFrame({ number, title, children }: StepFrameProps): ReactNode {
  return (
    <article className="tutorial-step" aria-labelledby={`step-${number}-title`}>
      <h2 id={`step-${number}-title`} className="tutorial-step__title">
        <span className="tutorial-step__number">Step {number}</span> {title}
      </h2>
      {children}
    </article>
  );
}
