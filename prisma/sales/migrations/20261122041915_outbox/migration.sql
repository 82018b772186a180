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

-- Backfill: sales and returns recorded before the outbox existed become
-- events too, so that reporting's read model holds the whole history.
INSERT INTO "OutboxEvent" ("id", "type", "payload", "occurredAt")
SELECT gen_random_uuid(), 'SaleRecorded',
       jsonb_build_object(
         'saleId', s."id"::text,
         'storeId', s."storeId"::text,
         'customerId', s."customerId"::text,
         'total', s."total"::text,
         'lines', COALESCE((SELECT jsonb_agg(jsonb_build_object('productId', l."productId"::text, 'quantity', l."quantity",
                                                               'unitPrice', l."unitPrice"::text, 'lineTotal', l."lineTotal"::text) ORDER BY l."productId")
                            FROM "SaleLine" l WHERE l."saleId" = s."id"), '[]'::jsonb),
         'occurredAt', to_char(s."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       s."createdAt"
FROM "Sale" s
ORDER BY s."createdAt", s."id";

INSERT INTO "OutboxEvent" ("id", "type", "payload", "occurredAt")
SELECT gen_random_uuid(), 'SaleReturned',
       jsonb_build_object(
         'returnId', r."id"::text,
         'saleId', r."saleId"::text,
         'storeId', s."storeId"::text,
         'refund', r."refund"::text,
         'lines', COALESCE((SELECT jsonb_agg(jsonb_build_object('productId', l."productId"::text, 'quantity', l."quantity",
                                                               'unitPrice', l."unitPrice"::text, 'lineTotal', l."lineTotal"::text) ORDER BY l."productId")
                            FROM "ReturnLine" l WHERE l."returnId" = r."id"), '[]'::jsonb),
         'occurredAt', to_char(r."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
       r."createdAt"
FROM "Return" r JOIN "Sale" s ON s."id" = r."saleId"
ORDER BY r."createdAt", r."id";
