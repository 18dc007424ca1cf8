import { describe, expect, it } from 'vitest';
import { commandLine, quoteArg } from './command-line';
import { parseArgs } from './args-text';

describe('command lines', () => {
  it('quotes only what a shell would split or expand', () => {
    expect(quoteArg('-Wall')).toBe('-Wall');
    expect(quoteArg('/tmp/shmlab-x/p3.c')).toBe('/tmp/shmlab-x/p3.c');
    expect(quoteArg('two words')).toBe("'two words'");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
    expect(quoteArg('')).toBe("''");
    expect(commandLine(['/usr/bin/cc', '-o', 'p1', 'a b.c'])).toBe("/usr/bin/cc -o p1 'a b.c'");
  });

  it('splits the arguments field as a shell splits words', () => {
    expect(parseArgs('')).toEqual({ ok: true, args: [] });
    expect(parseArgs('  /tmp   65 ')).toEqual({ ok: true, args: ['/tmp', '65'] });
    expect(parseArgs(`'a b' "c d" e\\ f ''`)).toEqual({
      ok: true,
      args: ['a b', 'c d', 'e f', ''],
    });
    expect(parseArgs(`"it's" 'say "hi"'`)).toEqual({ ok: true, args: ["it's", 'say "hi"'] });
  });

  it('names what is wrong with the field', () => {
    expect(parseArgs(`'open`)).toEqual({ ok: false, error: "a ' quote is not closed" });
    expect(parseArgs('x\\')).toEqual({
      ok: false,
      error: 'a backslash at the end escapes nothing',
    });
    const many = parseArgs(Array.from({ length: 17 }, (_, i) => String(i)).join(' '));
    expect(many).toEqual({ ok: false, error: 'at most 16 arguments (17 given)' });
    const long = parseArgs(`a ${'x'.repeat(257)}`);
    expect(long).toEqual({ ok: false, error: 'argument 2 is 257 characters long; at most 256' });
  });

  it('round-trips what it quotes', () => {
    const args = ['plain', 'two words', "it's", '"quoted"', 'tab\there', ''];
    expect(parseArgs(commandLine(args))).toEqual({ ok: true, args });
  });
});
