import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { AirlockError } from '../errors/airlock-error.js';
import type { SqlExecutor } from '../store/sql/sql-executor.js';
import { computeGenesisHash } from './hash-chain.js';

/** The end of a chain: where the next entry goes. */
export interface ChainHead {
  seq: number;
  hash: string;
}

export interface ChainClaim {
  replica: string;
  /** `<host>/<pid>/<nonce>`: who holds the lease. */
  holder: string;
  head: ChainHead;
}

export interface ClaimOptions {
  /** `audit.replicaId`, or undefined for the host name with numbered fallbacks. */
  replicaId?: string;
  leaseMs: number;
  /** Test hooks. */
  hostname?: string;
  now?: () => number;
}

const MAX_SLOTS = 32;

/**
 * Claims a chain for this process. One chain per replica means replicas never contend for a
 * chain head, but two live processes must never append to the same chain (their entries would
 * fork it). So each chain has a lease: `holder` plus `heartbeat_ms`, renewed by every append
 * (which fails once the lease is someone else's). A process takes a chain that is free, whose
 * holder stopped renewing more than `leaseMs` ago, or whose holder was a process on this host
 * that no longer exists (a restart after a crash continues its own chain at once).
 *
 * Without `replicaId` the chain is named after the host, and a second process on the same host
 * takes `<host>-2`, then `<host>-3`…, so restarts continue the same chains and nothing needs
 * configuring. With `replicaId`, only that chain is acceptable; if it is held by a live process
 * we wait one lease period for it to lapse, then refuse to start.
 */
export async function claimChain(executor: SqlExecutor, options: ClaimOptions): Promise<ChainClaim> {
  const hostname = (options.hostname ?? os.hostname()).replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 50) || 'airlock';
  const now = options.now ?? Date.now;
  const holder = `${hostname}/${process.pid}/${randomBytes(4).toString('hex')}`;
  const names = options.replicaId
    ? [options.replicaId]
    : Array.from({ length: MAX_SLOTS }, (_, index) => (index === 0 ? hostname : `${hostname}-${index + 1}`));
  const deadline = now() + (options.replicaId ? options.leaseMs + 1_000 : 0);
  for (;;) {
    for (const replica of names) {
      if (await tryClaim(executor, replica, holder, options.leaseMs, now())) {
        return { replica, holder, head: await readChainHead(executor, replica) };
      }
    }
    if (now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new AirlockError(
    'AUDIT_UNAVAILABLE',
    options.replicaId
      ? `The audit chain "${options.replicaId}" is held by another live process: give each replica its own audit.replicaId.`
      : `Every audit chain for this host (${hostname} … ${hostname}-${MAX_SLOTS}) is held by a live process.`,
  );
}

async function tryClaim(executor: SqlExecutor, replica: string, holder: string, leaseMs: number, nowMs: number): Promise<boolean> {
  const [current] = await executor.query('SELECT holder, heartbeat_ms FROM audit_chains WHERE replica = ?', [replica]);
  if (current === undefined) {
    const inserted = await executor.query(
      'INSERT INTO audit_chains (replica, holder, heartbeat_ms, created_ms) VALUES (?, ?, ?, ?) ON CONFLICT (replica) DO NOTHING RETURNING replica',
      [replica, holder, nowMs, nowMs],
    );
    return inserted.length === 1;
  }
  const currentHolder = typeof current.holder === 'string' ? current.holder : null;
  const heartbeat = Number(current.heartbeat_ms);
  const free = currentHolder === null || heartbeat < nowMs - leaseMs || isDeadLocalProcess(currentHolder);
  if (!free) return false;
  // Compare-and-set on the heartbeat we read: of two processes racing for the chain, one wins.
  const taken = await executor.query(
    'UPDATE audit_chains SET holder = ?, heartbeat_ms = ? WHERE replica = ? AND heartbeat_ms = ? RETURNING replica',
    [holder, nowMs, replica, heartbeat],
  );
  return taken.length === 1;
}

/** A holder on this host whose process is gone (killed, crashed): its chain can be continued now. */
function isDeadLocalProcess(holder: string): boolean {
  const [host, pidText] = holder.split('/');
  const pid = Number(pidText);
  if (
    host !==
      os
        .hostname()
        .replace(/[^A-Za-z0-9._-]/g, '-')
        .slice(0, 50) ||
    !Number.isInteger(pid) ||
    pid === process.pid
  )
    return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function readChainHead(executor: SqlExecutor, replica: string): Promise<ChainHead> {
  const [row] = await executor.query('SELECT seq, hash FROM audit_entries WHERE replica = ? ORDER BY seq DESC LIMIT 1', [replica]);
  return row === undefined ? { seq: 0, hash: computeGenesisHash(replica) } : { seq: Number(row.seq), hash: String(row.hash) };
}

/** Gives the chain up (clean shutdown), so the next process takes it without waiting. */
export async function releaseChain(executor: SqlExecutor, claim: ChainClaim): Promise<void> {
  await executor.query('UPDATE audit_chains SET holder = NULL WHERE replica = ? AND holder = ?', [claim.replica, claim.holder]);
}
