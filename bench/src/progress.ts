/** What the bench prints while it runs: one live line on a terminal, and the lines that stay. */
export class Progress {
  private readonly tty = Boolean(process.stdout.isTTY);
  private lastPlain = 0;
  private pending = false;

  /** The one live line (a TTY), or a line every 10 s at most (a log). */
  update(text: string): void {
    if (this.tty) {
      const width = (process.stdout.columns ?? 120) - 1;
      process.stdout.write(`\r\x1b[2K${text.slice(0, width)}`);
      this.pending = true;
    } else if (Date.now() - this.lastPlain > 10_000) {
      this.lastPlain = Date.now();
      console.log(`  … ${text}`);
    }
  }

  line(text: string): void {
    if (this.tty && this.pending) process.stdout.write('\r\x1b[2K');
    this.pending = false;
    console.log(text);
  }
}
