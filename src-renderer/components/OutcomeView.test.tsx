import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { explainError } from '../../src-main/common/errno-text';
import type { Outcome } from '../store/outcomes';
import { OutcomeView } from './OutcomeView';

const refused = (code: string, message: string): Outcome<null> => ({
  ok: false,
  error: { code, message },
  at: 1,
  seq: 1,
  about: 'A',
});

describe('OutcomeView', () => {
  it.each(['E_FOREIGN', 'E_NO_SUCH_SEGMENT', 'E_TIMEOUT'])(
    'shows %s with the Lab’s message and its plain words',
    (code) => {
      const html = renderToStaticMarkup(
        <OutcomeView outcome={refused(code, `the Lab said ${code}`)} renderValue={() => null} />,
      );
      expect(html).toContain('role="alert"');
      expect(html).toContain(`<code>${code}</code>`);
      expect(html).toContain(`the Lab said ${code}`);
      const words = explainError(code);
      expect(words).not.toBeNull();
      expect(html).toContain(words!);
    },
  );
});
