import { randomUUID } from 'node:crypto';
import type { DomainEvent, EventSource, NewOutboxEvent } from '../../contracts/domain-events.js';
import type { Sql, SqlClient } from '../db/sql-client.js';
import type { OutboxStore } from './outbox-relay.js';

interface OutboxRow {
  sequence: bigint | number | string;
  id: string;
  type: string;
  payload: unknown;
  occurredAt: Date;
}

/**
 * The "OutboxEvent" table every producing subgraph has in its own schema
 * (same shape in each Prisma schema): rows written by `appendToOutbox` inside
 * the business transaction, read and marked by the relay.
 */
export function sqlOutboxStore(sql: () => SqlClient, source: EventSource): OutboxStore {
  const toEvent = (row: OutboxRow): DomainEvent => ({
    id: row.id,
    type: row.type,
    source,
    sequence: Number(row.sequence),
    occurredAt: new Date(row.occurredAt).toISOString(),
    payload: row.payload,
  });
  const markPublished = (tx: Sql, rows: OutboxRow[]) =>
    tx.execute(`UPDATE "OutboxEvent" SET "publishedAt" = now() WHERE sequence = ANY($1::bigint[]) AND "publishedAt" IS NULL`, [rows.map((r) => String(r.sequence))]);
  return {
    async publishPending(limit, publish) {
      return sql().transaction(async (tx) => {
        // Taken and marked in one statement; publishing failing rolls the mark back with the transaction.
        const rows = await tx.query<OutboxRow>(
          `UPDATE "OutboxEvent" SET "publishedAt" = now()
           WHERE sequence IN (SELECT sequence FROM "OutboxEvent" WHERE "publishedAt" IS NULL ORDER BY sequence LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING sequence, id::text AS id, type, payload, "occurredAt"`,
          [limit],
        );
        if (rows.length === 0) return 0;
        rows.sort((a, b) => (BigInt(a.sequence) < BigInt(b.sequence) ? -1 : 1));
        await publish(rows.map(toEvent));
        return rows.length;
      });
    },
    async republishAfter(afterSequence, limit, publish) {
      const rows = await sql().query<OutboxRow>(
        `SELECT sequence, id::text AS id, type, payload, "occurredAt" FROM "OutboxEvent" WHERE sequence > $1 ORDER BY sequence LIMIT $2`,
        [afterSequence, limit],
      );
      if (rows.length === 0) return null;
      await publish(rows.map(toEvent));
      await markPublished(sql(), rows);
      return Number(rows.at(-1)!.sequence);
    },
  };
}

/** Rows for an outbox table's createMany: a fresh event id per event. */
export function outboxRows(events: readonly NewOutboxEvent[]) {
  return events.map((e) => ({ id: randomUUID(), type: e.type, payload: e.payload as object, occurredAt: e.occurredAt }));
}

/** The part of a subgraph's Prisma client (or transaction) the outbox writes through: every schema with an outbox has the OutboxEvent model. */
export interface OutboxWriter {
  outboxEvent: { createMany(args: { data: ReturnType<typeof outboxRows> }): PromiseLike<unknown> };
}

/** Writes events into the outbox as part of the caller's transaction. */
export async function appendToOutbox(tx: OutboxWriter, events: readonly NewOutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.outboxEvent.createMany({ data: outboxRows(events) });
}

export interface OutboxEventRow {
  sequence: number;
  id: string;
  type: string;
  payload: unknown;
  publishedAt: Date | null;
}

/** The part of a subgraph's Prisma client the outbox is listed through. */
export interface OutboxReader {
  outboxEvent: { findMany(args: { orderBy: { sequence: 'asc' } }): PromiseLike<Array<{ sequence: bigint | number; id: string; type: string; payload: unknown; publishedAt: Date | null }>> };
}

/** Events of an outbox in order (tests and diagnostics). */
export async function listOutboxEvents(db: OutboxReader): Promise<OutboxEventRow[]> {
  const rows = await db.outboxEvent.findMany({ orderBy: { sequence: 'asc' } });
  return rows.map((r) => ({ sequence: Number(r.sequence), id: r.id, type: r.type, payload: r.payload, publishedAt: r.publishedAt }));
}
