import type { Logger, Progress, ProgressTask } from '../types/context.js';
import { redactText } from '../util/secrets.js';

/**
 * Progress and messages for a terminal. On a TTY one status line is redrawn in place (bar,
 * count, rate, ETA, note) and messages are printed above it; elsewhere (CI, a log file)
 * plain lines are printed at most every few seconds, so logs stay readable.
 */
export class TerminalProgress implements Progress {
  private line = '';
  private readonly isTty: boolean;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly quiet = false,
  ) {
    this.isTty = Boolean(stream.isTTY) && process.env.CI !== 'true';
  }

  readonly logger: Logger = {
    info: (message) => this.print(message),
    warn: (message) => this.print(`warning: ${message}`),
    error: (message) => this.print(`error: ${message}`),
    debug: (message) => {
      if (process.env.CONNOTE_DEBUG) this.print(`debug: ${message}`);
    },
  };

  print(text: string): void {
    // Log lines may quote a base URL; never its user, password or secret query value.
    const message = redactText(text);
    if (this.quiet && !message.startsWith('error') && !message.startsWith('warning')) return;
    if (this.isTty && this.line) this.stream.write('\r\x1b[2K');
    this.stream.write(`${message}\n`);
    if (this.isTty && this.line) this.stream.write(this.line);
  }

  start(label: string, total: number, unit = 'items'): ProgressTask {
    const started = Date.now();
    let done = 0;
    let note = '';
    let lastPlain = Date.now();
    let lastDraw = 0;
    const render = (final = false): void => {
      if (this.quiet) return;
      // Redraw at most ~12 times a second: a million ticks must not cost a million writes.
      if (!final && this.isTty && Date.now() - lastDraw < 80 && done < total) return;
      lastDraw = Date.now();
      const elapsed = (Date.now() - started) / 1000;
      const rate = elapsed > 0 ? done / elapsed : 0;
      const remaining = rate > 0 ? (total - done) / rate : NaN;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const eta = final ? `in ${formatDuration(elapsed)}` : Number.isFinite(remaining) ? `ETA ${formatDuration(remaining)}` : 'ETA --';
      const counts = `${done}/${total} ${unit} ${(fraction * 100).toFixed(0)}%`;
      const tail = `${counts} ${rate >= 1 ? `${rate.toFixed(1)}/s ` : ''}${eta}${note ? ` ${note}` : ''}`;
      if (this.isTty) {
        const width = 24;
        const filled = Math.round(fraction * width);
        this.line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${tail}`;
        this.stream.write(`\r\x1b[2K${this.line}`);
        if (final) {
          this.stream.write('\n');
          this.line = '';
        }
      } else if ((final && elapsed >= 0.5) || (!final && done > 0 && Date.now() - lastPlain > 5000)) {
        // Off a terminal, a line every few seconds, and a closing line for steps that took a while.
        lastPlain = Date.now();
        this.stream.write(`${label}: ${tail}\n`);
      }
    };
    render();
    return {
      tick: (count = 1, newNote) => {
        done += count;
        if (newNote !== undefined) note = newNote;
        render();
      },
      setTotal: (newTotal) => {
        total = newTotal;
        render();
      },
      done: (summary) => {
        if (summary) note = summary;
        render(true);
      },
    };
  }
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${Math.round(seconds % 60).toString().padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${(minutes % 60).toString().padStart(2, '0')}m`;
}
