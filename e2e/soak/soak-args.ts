// The command line of `npm run soak`.
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';

export interface SoakOptions {
  minutes: number;
  tabs: number;
  /** The seed every random stream derives from; printed, so a run can be replayed. */
  seed: number;
}

export const USAGE =
  'usage: npm run soak [-- --minutes N] [--tabs N] [--seed S]\n' +
  '  --minutes N  how long the traffic runs, 0.5 to 600 (default 30)\n' +
  '  --tabs N     API sockets open at once, 1 to 32 (default 4)\n' +
  '  --seed S     replay the choices of an earlier run (0 to 4294967295; default random)';

function numberOption(
  name: string,
  text: string,
  low: number,
  high: number,
  whole: boolean,
): number {
  const value = Number(text);
  const shape = whole ? /^\d+$/ : /^\d+(\.\d+)?$/;
  if (!shape.test(text) || value < low || value > high) {
    throw new Error(
      `--${name} must be ${whole ? 'a whole number' : 'a number'} from ${low} to ${high}; got ${JSON.stringify(text)}\n${USAGE}`,
    );
  }
  return value;
}

/** The options `args` asks for; throws an Error naming what is wrong and what is allowed. */
export function parseSoakArgs(
  args: readonly string[],
  pickSeed = () => randomInt(2 ** 32),
): SoakOptions {
  let values: { minutes?: string; tabs?: string; seed?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { minutes: { type: 'string' }, tabs: { type: 'string' }, seed: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  return {
    minutes:
      values.minutes === undefined ? 30 : numberOption('minutes', values.minutes, 0.5, 600, false),
    tabs: values.tabs === undefined ? 4 : numberOption('tabs', values.tabs, 1, 32, true),
    seed:
      values.seed === undefined
        ? pickSeed()
        : numberOption('seed', values.seed, 0, 2 ** 32 - 1, true),
  };
}
