-- CreateTable
CREATE TABLE "StoreAlertCount" (
    "storeId" UUID NOT NULL,
    "openCount" INTEGER NOT NULL DEFAULT 0,
    "raisedCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "StoreAlertCount_pkey" PRIMARY KEY ("storeId")
);

-- A database with alerts before this migration gets their counts (the consumer keeps them from here on).
INSERT INTO "StoreAlertCount" ("storeId", "openCount", "raisedCount")
SELECT "storeId", (count(*) FILTER (WHERE "resolvedAt" IS NULL))::int, count(*)::int FROM "StockAlert" GROUP BY "storeId";
