import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ScalegapError } from '../core/errors.js';
import type { StoreDatabase } from './open-store.js';

/** A writer whose heartbeat is older than this is taken to be dead (killed, or its machine gone). */
export const LEASE_STALE_MS = 30_000;
/** How often a writer renews its lease. */
export const LEASE_HEARTBEAT_MS = 5_000;

/** Who writes a run. */
export interface LeaseHolder {
  token: string;
  pid: number;
  host: string;
  heartbeatMs: number;
}

/** Whether a process of this machine is alive (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The stale-lease rule: a holder on this machine is stale when its process is gone; any holder is
 * stale when it has not renewed its lease for LEASE_STALE_MS.
 */
export function isLeaseStale(holder: LeaseHolder, nowMs: number, host = hostname(), alive = isProcessAlive): boolean {
  if (nowMs - holder.heartbeatMs > LEASE_STALE_MS) return true;
  return holder.host === host && !alive(holder.pid);
}

/** Reads the holder of a run's lease, if any. */
export function readLease(db: StoreDatabase, runId: number): LeaseHolder | undefined {
  const row = db.prepare('SELECT token, pid, host, heartbeat_ms FROM leases WHERE run_id = ?').get(runId) as
    | { token: string; pid: number; host: string; heartbeat_ms: number }
    | undefined;
  return row && { token: row.token, pid: row.pid, host: row.host, heartbeatMs: row.heartbeat_ms };
}

/** The one writer of a run: renews its lease on a timer until released. */
export class RunLease {
  private readonly timer: NodeJS.Timeout;

  private constructor(private readonly db: StoreDatabase, readonly runId: number, readonly token: string) {
    this.timer = setInterval(() => this.heartbeat(), LEASE_HEARTBEAT_MS);
    this.timer.unref();
  }

  /**
   * Takes the lease of a run, or throws (exit 1) naming the live writer that holds it. A stale
   * lease (see isLeaseStale) is taken over. Atomic: two processes racing get one lease.
   */
  static acquire(db: StoreDatabase, runId: number, options: { nowMs?: number; pid?: number; host?: string } = {}): RunLease {
    const now = options.nowMs ?? Date.now();
    const holder = { token: randomUUID(), pid: options.pid ?? process.pid, host: options.host ?? hostname(), heartbeatMs: now };
    db.transaction(() => {
      const current = readLease(db, runId);
      if (current && !isLeaseStale(current, now)) {
        const ageS = Math.max(0, Math.round((now - current.heartbeatMs) / 1000));
        throw new ScalegapError('RUNTIME', `run ${runId} is being written by process ${current.pid} on ${current.host} ` +
          `(last heartbeat ${ageS} s ago); wait for it to finish or stop it, then resume`);
      }
      db.prepare('INSERT OR REPLACE INTO leases (run_id, token, pid, host, heartbeat_ms) VALUES (?, ?, ?, ?, ?)')
        .run(runId, holder.token, holder.pid, holder.host, holder.heartbeatMs);
    }).immediate();
    return new RunLease(db, runId, holder.token);
  }

  /** Renews the lease (a failed write, e.g. a full disk, is left to the next result write to report). */
  heartbeat(nowMs = Date.now()): void {
    try {
      this.db.prepare('UPDATE leases SET heartbeat_ms = ? WHERE run_id = ? AND token = ?').run(nowMs, this.runId, this.token);
    } catch {
      // the lease stays valid while the process lives (same-machine rule)
    }
  }

  /** Gives the lease back. */
  release(): void {
    clearInterval(this.timer);
    try {
      this.db.prepare('DELETE FROM leases WHERE run_id = ? AND token = ?').run(this.runId, this.token);
    } catch {
      // a lease left behind is stale once this process exits
    }
  }
}

/** Marks every `running` run whose writer is gone as `interrupted`; returns their ids. */
export function markInterruptedRuns(db: StoreDatabase, nowMs = Date.now()): number[] {
  const running = db.prepare("SELECT id FROM runs WHERE status = 'running'").pluck().all() as number[];
  const interrupted = running.filter((runId) => {
    const holder = readLease(db, runId);
    return holder === undefined || isLeaseStale(holder, nowMs);
  });
  const mark = db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'");
  db.transaction(() => {
    for (const runId of interrupted) mark.run(runId);
  })();
  return interrupted;
}

/**
 * The status of a run as it truly is, for readers that cannot write the store (viewer, report): a
 * `running` run whose writer is gone reads `interrupted`. Stores from before leases keep their status.
 */
export function currentRunStatus(db: StoreDatabase, runId: number, status: string, nowMs = Date.now()): string {
  if (status !== 'running') return status;
  const hasLeases = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'leases'").get() !== undefined;
  if (!hasLeases) return status;
  const holder = readLease(db, runId);
  return holder === undefined || isLeaseStale(holder, nowMs) ? 'interrupted' : status;
}
