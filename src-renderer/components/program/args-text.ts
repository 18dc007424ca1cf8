// The run's arguments field: words split as a shell splits them (spaces; single quotes keep
// everything; double quotes keep spaces, and a backslash escapes the next character), checked
// against the limits runProgram accepts, so a mistake is named before anything runs.
import { MAX_PROGRAM_ARG, MAX_PROGRAM_ARGS } from '../../../src-main/common/schemas';

export type ParsedArgs = { ok: true; args: string[] } | { ok: false; error: string };

/** The arguments in `text`, or what is wrong with it. */
export function parseArgs(text: string): ParsedArgs {
  const args: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
    } else if (ch === '\\') {
      const next = text[i + 1];
      if (next === undefined) return { ok: false, error: 'a backslash at the end escapes nothing' };
      word = (word ?? '') + next;
      i += 1;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== null) args.push(word);
      word = null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote !== null) return { ok: false, error: `a ${quote} quote is not closed` };
  if (word !== null) args.push(word);
  if (args.length > MAX_PROGRAM_ARGS)
    return { ok: false, error: `at most ${MAX_PROGRAM_ARGS} arguments (${args.length} given)` };
  const long = args.findIndex((a) => a.length > MAX_PROGRAM_ARG);
  if (long !== -1)
    return {
      ok: false,
      error: `argument ${long + 1} is ${args[long]!.length} characters long; at most ${MAX_PROGRAM_ARG}`,
    };
  if (args.some((a) => a.includes('\0')))
    return { ok: false, error: 'an argument must not contain a NUL character' };
  return { ok: true, args };
}
