import { ApiError, postJson } from '../api.js';

/** One judgement on its way to the server. */
export interface SaveJob {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

export interface SaveState {
  /** Judgements not yet confirmed by the server. */
  readonly pending: number;
  /** The last problem, shown to the coder; null when all is well. */
  readonly error: string | null;
}

const RETRY_MAX_MS = 15_000;

/**
 * Sends judgements one at a time, in the order they were made, and keeps the unconfirmed ones in
 * localStorage: a judgement survives a dropped connection, a server restart and a closed tab,
 * and is sent when the page next runs. Refusals (4xx) are reported and dropped, not retried.
 */
export class SaveQueue {
  private jobs: SaveJob[];
  private sending = false;
  private retryDelay = 1000;
  private error: string | null = null;

  constructor(
    private readonly storageKey: string,
    private readonly onChange: (state: SaveState) => void,
    private readonly onSaved: (job: SaveJob, response: unknown) => void = () => {},
  ) {
    this.jobs = this.load();
    this.notify();
    void this.flush();
  }

  get pending(): number {
    return this.jobs.length;
  }

  add(job: SaveJob): void {
    this.jobs.push(job);
    this.store();
    this.notify();
    void this.flush();
  }

  private load(): SaveJob[] {
    try {
      const saved = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]') as unknown;
      return Array.isArray(saved) ? (saved as SaveJob[]).filter((job) => typeof job?.url === 'string' && typeof job.body === 'object') : [];
    } catch {
      return [];
    }
  }

  private store(): void {
    try {
      if (this.jobs.length === 0) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, JSON.stringify(this.jobs));
    } catch {
      // Storage full or disabled: the in-memory queue still sends.
    }
  }

  private notify(): void {
    this.onChange({ pending: this.jobs.length, error: this.error });
  }

  private async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.jobs.length > 0) {
        const job = this.jobs[0];
        try {
          const response = await postJson<unknown>(job.url, job.body);
          this.error = null;
          this.retryDelay = 1000;
          this.jobs.shift();
          this.store();
          this.onSaved(job, response);
          this.notify();
        } catch (error) {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
            this.error = `not saved: ${error.message}`;
            this.jobs.shift();
            this.store();
            this.notify();
            continue;
          }
          this.error = 'not saved yet: cannot reach the server; retrying (your judgements are kept in this browser)';
          this.notify();
          await new Promise((resolve) => setTimeout(resolve, this.retryDelay));
          this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
