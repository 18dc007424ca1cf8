// argv as a shell would need it typed (shown, never run): plain words as they are, anything else
// in single quotes, so the learner can copy the compiler's command line into a terminal.

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argument, quoted for a POSIX shell when it needs it. */
export function quoteArg(arg: string): string {
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** A command line from argv. */
export function commandLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
