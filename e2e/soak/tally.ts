// The soak's counters: what was sent, what came back, and what went wrong,
// shared by every tab and the outside agent.

/** Counts by name, in first-seen order. */
export class Counts {
  private readonly counts = new Map<string, number>();

  add(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  get total(): number {
    let sum = 0;
    for (const value of this.counts.values()) sum += value;
    return sum;
  }

  /** Largest first. */
  entries(): [string, number][] {
    return [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
  }
}

/** One wrong answer to an invalid frame, kept to report (the first few). */
export interface WrongAnswer {
  label: string;
  expected: string;
  got: string;
}

const KEEP_EXAMPLES = 10;

export class Tally {
  /** Valid commands sent, by command. */
  readonly sent = new Counts();
  readonly answeredOk = new Counts();
  /** Error answers to valid commands, by code. */
  readonly errors = new Counts();
  /** The same, by "<code> <command>", to tell where each came from. */
  readonly errorsByCommand = new Counts();
  /** First message seen for each "<code> <command>" (messages name the cause). */
  readonly errorExamples = new Map<string, string>();
  /** Invalid frames sent, and those answered as expected. */
  invalidSent = 0;
  invalidAsExpected = 0;
  readonly wrongAnswers: WrongAnswer[] = [];
  wrongAnswerCount = 0;
  /** Requests still unanswered after the soak's answer deadline, by command. */
  readonly unanswered = new Counts();
  /** Requests whose tab closed before the answer (closing and reopening is part of the soak). */
  abandoned = 0;
  /** Closes the tab did not ask for, by close code. */
  readonly unexpectedCloses = new Counts();
  /** Closes by the host while the tab was not reading, by close code. */
  readonly closedWhileNotReading = new Counts();
  /** Tabs that could not reconnect, with why. */
  readonly reconnectFailures = new Counts();
  reopened = 0;
  stoppedReading = 0;
  /** Signals the outside agent sent, by "<signal> <target>". */
  readonly signals = new Counts();
  /** A, B or a run's processes that exited, as the host's events said, by how. */
  readonly childExits = new Counts();
  private readonly exitsSeen = new Set<string>();
  /** Examples of odd things, by topic (see note). */
  readonly notes = new Map<string, string[]>();
  /** Runs whose program's own exit status the host did not give (both null). */
  readonly unseenProgramExits: { runId: number; pid: number }[] = [];
  /** Signals the outside agent sent, by pid. */
  readonly signalledPids = new Map<number, string>();
  /** Events received by all tabs together. */
  events = 0;
  /** Host exits during the soak (0 or 1: an exit ends it). */
  hostExits = 0;

  errorAnswer(command: string, code: string, message: string): void {
    this.errors.add(code);
    const where = `${code} ${command}`;
    this.errorsByCommand.add(where);
    if (!this.errorExamples.has(where)) this.errorExamples.set(where, message.slice(0, 200));
  }

  /** Counts an exit once, however many tabs hear of it; `key` names the process. */
  childExit(key: string, how: string): boolean {
    if (this.exitsSeen.has(key)) return false;
    this.exitsSeen.add(key);
    this.childExits.add(how);
    return true;
  }

  /** Keeps the first few examples of something odd, under `topic`, for the report. */
  note(topic: string, example: string): void {
    const examples = this.notes.get(topic) ?? [];
    if (examples.length < KEEP_EXAMPLES) examples.push(example);
    this.notes.set(topic, examples);
  }

  /** The outside agent signalled `pid`. */
  signalled(pid: number, signal: string): void {
    const before = this.signalledPids.get(pid);
    this.signalledPids.set(pid, before === undefined ? signal : `${before}, ${signal}`);
  }

  wrongAnswer(wrong: WrongAnswer): void {
    this.wrongAnswerCount += 1;
    if (this.wrongAnswers.length < KEEP_EXAMPLES) this.wrongAnswers.push(wrong);
  }
}
