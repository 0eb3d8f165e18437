/**
 * A queue of jobs run with adaptive concurrency (AIMD): the limit halves on a rate-limit signal and
 * grows by one after `limit` successes in a row, up to the configured maximum.
 */
export class ProviderLane {
  private limitValue: number;
  private active = 0;
  private streak = 0;
  // queued jobs are queue[head…]: taking one is O(1) (Array#shift copies a long array each time)
  private queue: Array<(() => Promise<void>) | undefined> = [];
  private head = 0;
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(
    readonly name: string,
    readonly maxLimit: number,
    private readonly onLimitChange: (limit: number, reason: string) => void = () => {},
  ) {
    this.limitValue = maxLimit;
  }

  get limit(): number {
    return this.limitValue;
  }

  /** Queues a job; it starts when a slot is free. */
  push(job: () => Promise<void>): void {
    this.queue.push(job);
    this.pump();
  }

  /** Starts no more queued jobs (running ones finish); returns how many were left queued. */
  stop(): number {
    this.stopped = true;
    const left = this.queued;
    this.queue = [];
    this.head = 0;
    this.pump();
    return left;
  }

  /** A rate limit was hit: halve the limit. */
  rateLimited(): void {
    this.streak = 0;
    const next = Math.max(1, Math.floor(this.limitValue / 2));
    if (next !== this.limitValue) {
      this.limitValue = next;
      this.onLimitChange(next, 'rate limited (429)');
    }
  }

  /** A request succeeded: after `limit` successes in a row, one more slot. */
  succeeded(): void {
    if (this.limitValue >= this.maxLimit) return;
    this.streak++;
    if (this.streak >= this.limitValue) {
      this.streak = 0;
      this.limitValue++;
      this.onLimitChange(this.limitValue, 'recovering');
    }
  }

  /** Resolves when the queue is empty and nothing is running. */
  idle(): Promise<void> {
    if (this.active === 0 && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private get queued(): number {
    return this.queue.length - this.head;
  }

  private pump(): void {
    while (!this.stopped && this.active < this.limitValue && this.queued > 0) {
      const job = this.queue[this.head]!;
      this.queue[this.head++] = undefined; // let the job be collected
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      this.active++;
      void job().finally(() => {
        this.active--;
        this.pump();
      });
    }
    if (this.active === 0 && (this.queued === 0 || this.stopped)) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
