/**
 * Collects entries and hands those added in one turn of the event loop to `write` together, at
 * `setImmediate` (after the I/O callbacks of the turn), or at once on `flush()`. The harness writes
 * each batch of results in one SQLite transaction: at hundreds of answers a second a commit per
 * result costs more than the rows it writes, and a kill still loses only the answers of that turn.
 */
export class TurnBatch<Entry> {
  private pending: Entry[] = [];
  private scheduled = false;

  constructor(private readonly write: (entries: Entry[]) => void) {}

  add(entry: Entry): void {
    this.pending.push(entry);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Hands over what is pending now (nothing when nothing is). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    this.write(entries);
  }
}
