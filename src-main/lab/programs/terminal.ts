// A program's terminal: a new pty from the addon. The master is read with a tty.ReadStream (libuv,
// non-blocking: nothing waits on the threadpool) and decoded as UTF-8 across chunk boundaries.
// The Lab also holds the slave open until the run is over, so the master never reads EIO before
// the program has opened it, and the output the last process wrote is read before EIO ends it.
import { closeSync, constants, openSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { ReadStream } from 'node:tty';
import { native } from '../native';

export class Terminal {
  readonly slavePath: string;
  private readonly masterFd: number;
  private slaveFd: number | null;
  private readonly stream: ReadStream;
  private readonly decoder = new StringDecoder('utf8');
  private closed = false;
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

  /** Types into the terminal, as the keyboard would (the line discipline sees it). */
  write(data: string): void {
    if (this.closed || this.stream.destroyed) return;
    this.stream.write(data);
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
    this.releaseSlave();
    this.stream.destroy();
  }

  private releaseSlave(): void {
    if (this.slaveFd === null) return;
    closeSync(this.slaveFd);
    this.slaveFd = null;
  }
}
