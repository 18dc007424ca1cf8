import { describe, expect, it } from 'vitest';
import { indexOfColumn, placeDiagnostics, positionText } from './diagnostic-ranges';

const source = ['int main(void) {', '\tint unused;', '  retrn 0;', '', '}'].join('\n');

describe('placing compiler messages in the editor', () => {
  it('turns GCC display columns into character indexes, tabs included', () => {
    expect(indexOfColumn('  retrn 0;', 3)).toBe(2);
    expect(indexOfColumn('\tint unused;', 9)).toBe(1);
    expect(indexOfColumn('\tint unused;', 13)).toBe(5);
    expect(indexOfColumn('ab', 40)).toBe(2);
  });

  it('marks the word at the line and column', () => {
    const [warning, error] = placeDiagnostics(source, [
      { line: 2, column: 13, severity: 'warning', message: "unused variable 'unused'" },
      { line: 3, column: 3, severity: 'error', message: "'retrn' undeclared" },
    ]);
    expect(source.slice(warning!.from, warning!.to)).toBe('unused');
    expect(warning!.severity).toBe('warning');
    expect(source.slice(error!.from, error!.to)).toBe('retrn');
  });

  it('marks the whole line without a column, and stays inside the text when lines are past it', () => {
    const [whole, past, blank] = placeDiagnostics(source, [
      { line: 3, column: null, severity: 'note', message: 'here' },
      { line: 99, column: 1, severity: 'error', message: 'expected }' },
      { line: 4, column: 1, severity: 'error', message: 'on a blank line' },
    ]);
    expect(source.slice(whole!.from, whole!.to)).toBe('retrn 0;');
    expect(whole!.severity).toBe('info');
    expect(source.slice(past!.from, past!.to)).toBe('}');
    expect(blank!.to).toBeGreaterThan(blank!.from);
    expect(blank!.from).toBe(source.indexOf('\n\n') + 1);
  });

  it('writes positions as line:col', () => {
    expect(positionText({ line: 4, column: 7 })).toBe('4:7');
    expect(positionText({ line: 4, column: null })).toBe('4');
  });
});
