// A program's terminal: a new pty from the addon. The master is read with a tty.ReadStream (libuv,
// non-blocking: nothing waits on the threadpool) and decoded as UTF-8 across chunk boundaries.
// The Lab also holds the slave open until the run is over, so the master never reads EIO before
// the program has opened it, and the output the last process wrote is read before EIO ends it.
// Typed input goes to the non-blocking master with writeSync: what the terminal cannot take yet
// (a program that does not read) waits here, bounded, and is tried again shortly. The stream's
// own write would block the Lab's thread on a full terminal, or spin on EAGAIN.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ReadStream } from 'node:tty';
import { LabError } from '../../common/errors';
import { native } from '../native';

/**
 * How much typed input may wait in the Lab for the terminal to take it (bytes). The kernel holds
 * a few KiB that the program has not read; beyond that, writes to the master would queue here
 * for ever if the program never reads.
 */
export const MAX_WAITING_INPUT = 64 * 1024;
/** How soon input the terminal could not take is tried again (ms). */
const INPUT_RETRY_MS = 20;

export class Terminal {
  readonly slavePath: string;
  private readonly masterFd: number;
  private slaveFd: number | null;
  private readonly stream: ReadStream;
  private readonly decoder = new StringDecoder('utf8');
  private closed = false;
  /** Typed bytes the terminal has not taken yet, oldest first. */
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private retry: NodeJS.Timeout | null = null;
  /** Resolves when the master reported end of output (EIO: no slave is open any more). */
  readonly ended: Promise<void>;

  constructor(cols: number, rows: number, onText: (text: string) => void) {
    const pty = native.openPty();
    this.masterFd = pty.masterFd;
    this.slavePath = pty.slavePath;
    try {
      native.setPtySize(pty.masterFd, cols, rows);
      // libuv opens every file close-on-exec, so no program inherits this descriptor.
      this.slaveFd = openSync(pty.slavePath, constants.O_RDWR | constants.O_NOCTTY);
    } catch (error) {
      closeSync(pty.masterFd);
      throw error;
    }
    // From here the stream owns the master and closes it when destroyed.
    this.stream = new ReadStream(pty.masterFd);
    this.ended = new Promise((resolve) => {
      const finish = (): void => {
        const rest = this.decoder.end();
        if (rest !== '') onText(rest);
        resolve();
      };
      this.stream.once('close', finish);
      // EIO once the last slave is closed: the normal end of a pty's output.
      this.stream.on('error', () => this.stream.destroy());
    });
    this.stream.on('data', (chunk: Buffer) => onText(this.decoder.write(chunk)));
  }

  /**
   * Types into the terminal, as the keyboard would (the line discipline sees it). EAGAIN while
   * MAX_WAITING_INPUT bytes typed earlier still wait for the program to read.
   */
  write(data: string): void {
    if (this.closed || this.stream.destroyed) return;
    if (this.waitingBytes >= MAX_WAITING_INPUT) {
      throw new LabError(
        'EAGAIN',
        `the program has not read what was typed: ${this.waitingBytes} bytes wait for its ` +
          'terminal to take them, and more is refused until it reads (Stop ends the program)',
      );
    }
    const bytes = Buffer.from(data, 'utf8');
    if (bytes.length === 0) return;
    this.waiting.push(bytes);
    this.waitingBytes += bytes.length;
    if (this.retry === null) this.sendInput();
  }

  /** TIOCSWINSZ; the kernel tells the foreground process group with SIGWINCH. */
  resize(cols: number, rows: number): void {
    if (this.closed || this.stream.destroyed) return;
    native.setPtySize(this.masterFd, cols, rows);
  }

  /**
   * Closes the Lab's own slave: the master reads what is left, then EIO once no program holds
   * the slave either. Waits at most `ms` for that (a process outside the run may still hold
   * it), then closes the master regardless.
   */
  async finish(ms: number): Promise<void> {
    this.releaseSlave();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.ended,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
    ]);
    clearTimeout(timer);
    this.close();
  }

  /** Closes both ends now (dispose). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropInput();
    this.releaseSlave();
    this.stream.destroy();
  }

  /** Writes what the terminal takes now; the rest is tried again after INPUT_RETRY_MS. */
  private sendInput(): void {
    this.retry = null;
    while (this.waiting.length > 0) {
      // A destroyed stream has closed the master: its number may name another file by now.
      if (this.closed || this.stream.destroyed) {
        this.dropInput();
        return;
      }
      const head = this.waiting[0]!;
      let written: number;
      try {
        written = writeSync(this.masterFd, head);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EAGAIN') {
          this.retry = setTimeout(() => this.sendInput(), INPUT_RETRY_MS);
          this.retry.unref();
        } else {
          this.dropInput(); // EIO: no one holds the terminal any more, so no one will read it
        }
        return;
      }
      this.waitingBytes -= written;
      if (written === head.length) this.waiting.shift();
      else this.waiting[0] = head.subarray(written);
    }
  }

  private dropInput(): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    this.waiting = [];
    this.waitingBytes = 0;
  }

  private releaseSlave(): void {
    if (this.slaveFd === null) return;
    closeSync(this.slaveFd);
    this.slaveFd = null;
  }
}
