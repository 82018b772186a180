-- CreateTable
CREATE TABLE "OutboxEvent" (
    "sequence" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("sequence")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_id_key" ON "OutboxEvent"("id");

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_sequence_idx" ON "OutboxEvent"("publishedAt", "sequence");

-- Backfill: the stock on hand before the outbox existed becomes one
-- StockChanged per level, so that reporting knows every quantity.
INSERT INTO "OutboxEvent" ("id", "type", "payload", "occurredAt")
SELECT gen_random_uuid(), 'StockChanged',
       jsonb_build_object(
         'storeId', l."locationId"::text,
         'locationKind', loc."kind"::text,
         'productId', l."productId"::text,
         'quantity', l."quantity",
         'delta', l."quantity",
         'kind', 'INITIAL',
         'reference', NULL,
         'occurredAt', to_char(l."updatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       l."updatedAt"
FROM "StockLevel" l JOIN "Location" loc ON loc."id" = l."locationId"
ORDER BY l."locationId", l."productId";
