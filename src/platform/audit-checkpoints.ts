import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ChainReport } from './audit-chain.ts';

/**
 * A signed statement, kept outside the database, that the audit chain's event
 * at position `seq` had id `event` and hash `hash` at time `at`. Because each
 * hash covers every event before it, one checkpoint vouches for the whole
 * chain up to it. `removedThrough` is set only by retention: the events up to
 * that position are about to be removed, on purpose.
 */
export interface Checkpoint {
  v: 1;
  seq: string;
  event: string;
  hash: string;
  at: string;
  removedThrough: { seq: string; hash: string } | null;
}
export interface SignedCheckpoint extends Checkpoint {
  sig: string;
}

/** Where checkpoints go. The default is an append-only file; another sink (a write-once bucket, a syslog) fits the same shape. */
export interface CheckpointSink {
  append(checkpoint: SignedCheckpoint): Promise<void>;
}

export function checkpointKey(encoded: string): KeyObject {
  const text = encoded.trim();
  const key = text.startsWith('-----')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_CHECKPOINT_KEY must be an Ed25519 private key');
  return key;
}

export function publicKeyOf(key: KeyObject): KeyObject {
  return key.type === 'public' ? key : createPublicKey(key);
}

function signedText(c: Checkpoint): Buffer {
  return Buffer.from(
    [
      'wholepicture-audit-checkpoint',
      c.v,
      c.seq,
      c.event,
      c.hash,
      c.at,
      c.removedThrough?.seq ?? '',
      c.removedThrough?.hash ?? '',
    ].join('|'),
    'utf8',
  );
}

export function signCheckpoint(c: Checkpoint, key: KeyObject): SignedCheckpoint {
  return { ...c, sig: sign(null, signedText(c), key).toString('base64') };
}

export function checkpointSignatureValid(c: SignedCheckpoint, key: KeyObject): boolean {
  try {
    return verify(null, signedText(c), publicKeyOf(key), Buffer.from(c.sig, 'base64'));
  } catch {
    return false;
  }
}

/** One JSON line per checkpoint, opened for appending only and flushed to disk before the write counts. */
export class FileCheckpointSink implements CheckpointSink {
  constructor(readonly file: string) {}
  async append(checkpoint: SignedCheckpoint): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const handle = await open(this.file, 'a', 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(checkpoint)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

export async function readCheckpointFile(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return null;
      }
    });
}

/**
 * Seals pending events and writes checkpoints: at an interval, on demand, and
 * (with `removedThrough`) before retention. Runs on the app's connection: the
 * database functions it calls return only positions and hashes.
 */
export class AuditCheckpoints {
  private sealTimer: NodeJS.Timeout | null = null;
  private checkpointTimer: NodeJS.Timeout | null = null;
  private lastSeq: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: KeyObject,
    private readonly sink: CheckpointSink | null,
    private readonly log?: { error(obj: object, msg: string): void },
  ) {}

  /** Gives every committed event its place in the chain; returns how many were sealed. */
  async seal(): Promise<number> {
    let total = 0;
    for (;;) {
      const result = await sql<{ n: number }>`SELECT audit_seal(true, 10000) AS n`.execute(this.db);
      const n = Number(result.rows[0]?.n ?? 0);
      total += n;
      if (n < 10000) return total;
    }
  }

  /** Seals, then signs the chain's head and appends it to the sink. Null when there is no sink or no event. */
  async write(removedThrough: Checkpoint['removedThrough'] = null): Promise<SignedCheckpoint | null> {
    if (!this.sink) {
      if (removedThrough) throw new Error('audit retention needs a checkpoint sink (AUDIT_CHECKPOINT_FILE)');
      return null;
    }
    await this.seal();
    const head = (
      await sql<{
        seq: string;
        event_id: string;
        hash: string;
      }>`SELECT seq::text AS seq, event_id::text AS event_id, hash FROM audit_head()`.execute(this.db)
    ).rows[0];
    if (!head) return null;
    const checkpoint = signCheckpoint(
      { v: 1, seq: head.seq, event: head.event_id, hash: head.hash, at: new Date().toISOString(), removedThrough },
      this.key,
    );
    await this.sink.append(checkpoint);
    // Only once it is safely outside may retention rely on it.
    await sql`SELECT audit_checkpoint_written(${head.seq}::bigint, ${head.event_id}::bigint, ${head.hash})`.execute(
      this.db,
    );
    this.lastSeq = head.seq;
    return checkpoint;
  }

  /** Seals every `sealSeconds`, and checkpoints every `checkpointMinutes` if the chain has grown. */
  start(sealSeconds: number, checkpointMinutes: number): void {
    const failed = (what: string) => (error: unknown) =>
      this.log?.error({ type: error instanceof Error ? error.name : 'unknown' }, `audit ${what} failed`);
    this.sealTimer ??= setInterval(() => void this.seal().catch(failed('sealing')), sealSeconds * 1000);
    this.sealTimer.unref();
    this.checkpointTimer ??= setInterval(
      () => void this.writeIfGrown().catch(failed('checkpoint')),
      checkpointMinutes * 60_000,
    );
    this.checkpointTimer.unref();
  }

  async writeIfGrown(): Promise<SignedCheckpoint | null> {
    await this.seal();
    const head = (await sql<{ seq: string }>`SELECT seq::text AS seq FROM audit_head()`.execute(this.db)).rows[0];
    if (!head || head.seq === this.lastSeq) return null;
    return this.write();
  }

  stop(): void {
    if (this.sealTimer) clearInterval(this.sealTimer);
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.sealTimer = this.checkpointTimer = null;
  }
}

/**
 * The only way old audit events are removed: seal, write a signed checkpoint
 * that says which events are about to go, then remove them in the database
 * (which refuses to go past a checkpoint it has been told of). Runs as the owner.
 */
export async function applyAuditRetention(
  owner: Kysely<Database>,
  checkpoints: AuditCheckpoints,
  before: Date,
): Promise<number> {
  await checkpoints.seal();
  // Ordered by the bigint column, not by its text alias.
  const last = (
    await sql<{ seq: string; hash: string }>`SELECT e.seq::text AS seq, e.hash FROM audit_event e
    WHERE e.seq IS NOT NULL AND e.occurred_at < ${before} ORDER BY e.seq DESC LIMIT 1`.execute(owner)
  ).rows[0];
  if (!last) return 0;
  await checkpoints.write({ seq: last.seq, hash: last.hash });
  const removed = await sql<{ n: number }>`SELECT audit_apply_retention(${before}, ${last.seq}::bigint) AS n`.execute(
    owner,
  );
  return Number(removed.rows[0]?.n ?? 0);
}

export interface CheckpointProblem {
  /** The event the problem is about (or the checkpoint's line in the file when it cannot be trusted). */
  id: string;
  message: string;
}

/**
 * Compares the chain as verified with every checkpoint. A checkpoint whose
 * event is gone, or whose hash differs, names the event; a retention anchor
 * with no signed retention checkpoint behind it means events were removed
 * by someone other than the retention job.
 */
export function compareWithCheckpoints(report: ChainReport, entries: unknown[], key: KeyObject): CheckpointProblem[] {
  const problems: CheckpointProblem[] = [];
  const trusted: SignedCheckpoint[] = [];
  entries.forEach((entry, index) => {
    if (!isCheckpoint(entry) || !checkpointSignatureValid(entry, key))
      problems.push({ id: `checkpoint line ${index + 1}`, message: 'checkpoint is not validly signed' });
    else trusted.push(entry);
  });
  const anchorSeq = BigInt(report.anchor.seq);
  if (
    anchorSeq > 0n &&
    !trusted.some((c) => c.removedThrough?.seq === report.anchor.seq && c.removedThrough.hash === report.anchor.hash)
  ) {
    problems.push({
      id: report.anchor.seq,
      message: `events up to position ${report.anchor.seq} were removed without a signed retention checkpoint`,
    });
  }
  for (const c of trusted) {
    if (BigInt(c.seq) <= anchorSeq) continue; // removed by retention, vouched for above
    const found = report.seen.get(c.seq);
    if (!found)
      problems.push({
        id: c.event,
        message: `audit event ${c.event} (checkpointed ${c.at}) is missing: it and any events after it were removed`,
      });
    else if (found.id !== c.event || found.hash !== c.hash) {
      problems.push({
        id: c.event,
        message: `audit event ${c.event} no longer matches its checkpoint of ${c.at}: it or an earlier event was rewritten and the chain recomputed`,
      });
    }
  }
  return problems;
}

function isCheckpoint(x: unknown): x is SignedCheckpoint {
  const c = x as Partial<SignedCheckpoint> | null;
  return (
    !!c &&
    c.v === 1 &&
    typeof c.seq === 'string' &&
    /^\d+$/.test(c.seq) &&
    typeof c.event === 'string' &&
    typeof c.hash === 'string' &&
    typeof c.at === 'string' &&
    typeof c.sig === 'string' &&
    (c.removedThrough === null ||
      (typeof c.removedThrough === 'object' &&
        typeof c.removedThrough?.seq === 'string' &&
        typeof c.removedThrough.hash === 'string'))
  );
}

export function checkpointSeqs(entries: unknown[]): string[] {
  return entries.filter(isCheckpoint).map((c) => c.seq);
}
