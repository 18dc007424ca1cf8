// Coalesces a program's terminal output into a few events per second, bounded: a program that
// floods its terminal must not flood the UI. What does not fit in one interval is dropped, and
// the stream itself says how many bytes were.

/** How often queued output is sent (ms). */
export const OUTPUT_FLUSH_MS = 20;
/** The most characters sent per interval (about 3 MB/s at most). */
export const OUTPUT_MAX_PENDING = 64 * 1024;

export class OutputQueue {
  private pending = '';
  private droppedBytes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (text: string) => void,
    private readonly flushMs = OUTPUT_FLUSH_MS,
    private readonly maxPending = OUTPUT_MAX_PENDING,
  ) {}

  /** Queues decoded text; what exceeds the bound is counted, not kept. */
  push(text: string): void {
    if (text === '') return;
    const room = this.maxPending - this.pending.length;
    if (text.length <= room) {
      this.pending += text;
    } else {
      let cut = Math.max(0, room);
      // Never split a surrogate pair: the half would not decode.
      const code = text.charCodeAt(cut - 1);
      if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
      this.pending += text.slice(0, cut);
      this.droppedBytes += Buffer.byteLength(text.slice(cut), 'utf8');
    }
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Sends what is queued now (and the count of dropped bytes, if any). */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    let text = this.pending;
    if (this.droppedBytes > 0) {
      text +=
        `\r\n[ShmLab: ${this.droppedBytes} bytes of output dropped: the program wrote faster ` +
        'than the terminal can show]\r\n';
    }
    this.pending = '';
    this.droppedBytes = 0;
    if (text !== '') this.emit(text);
  }

  /** Drops what is queued without sending it (the Lab is closing). */
  clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = '';
    this.droppedBytes = 0;
  }
}
