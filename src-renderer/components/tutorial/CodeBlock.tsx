import type { ReactNode } from 'react';
import './CodeBlock.css';

export interface CodeBlockProps {
  /** The C source, one line per entry. */
  lines: readonly string[];
  /** 1-based line that the step's button runs; highlighted. */
  running: number;
  label: string;
}

/**
 * C code with the line being run highlighted (and announced as such). Long lines wrap under
 * their own text, never under the line number, so nothing is cut and nothing needs a scroll.
 */
export function CodeBlock({ lines, running, label }: CodeBlockProps): ReactNode {
  return (
    <figure className="code-block">
      <figcaption className="visually-hidden">{label}</figcaption>
      {/* Focusable so a keyboard user can scroll a long line into view. */}
      <pre aria-label={label} tabIndex={0}>
        {lines.map((line, index) => {
          const isRunning = index + 1 === running;
          return (
            <code
              key={index}
              className={
                isRunning ? 'code-block__line code-block__line--running' : 'code-block__line'
              }
              aria-current={isRunning ? 'step' : undefined}
            >
              <span className="code-block__number" aria-hidden="true">
                {index + 1}
              </span>
              <span className="code-block__text">
                {line || ' '}
                {isRunning ? (
                  <span className="visually-hidden"> (the line this step runs)</span>
                ) : null}
              </span>
            </code>
          );
        })}
      </pre>
    </figure>
  );
}
