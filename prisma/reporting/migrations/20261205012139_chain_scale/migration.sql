-- DropIndex
DROP INDEX "DailySales_storeId_day_idx";

-- DropIndex
DROP INDEX "StockAlert_resolvedAt_raisedAt_idx";

-- DropIndex
DROP INDEX "StockAlert_storeId_resolvedAt_idx";

-- CreateTable
CREATE TABLE "KnownStore" (
    "storeId" UUID NOT NULL,
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "KnownStore_pkey" PRIMARY KEY ("storeId")
);

-- CreateTable
CREATE TABLE "StoreDailySales" (
    "day" DATE NOT NULL,
    "storeId" UUID NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,
    "unitsSold" INTEGER NOT NULL,
    "saleCount" INTEGER NOT NULL,

    CONSTRAINT "StoreDailySales_pkey" PRIMARY KEY ("day","storeId")
);

-- CreateTable
CREATE TABLE "ProductDailySales" (
    "day" DATE NOT NULL,
    "productId" UUID NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,
    "unitsSold" INTEGER NOT NULL,

    CONSTRAINT "ProductDailySales_pkey" PRIMARY KEY ("day","productId")
);

-- CreateIndex
CREATE INDEX "DailySales_storeId_day_productId_unitsSold_revenue_idx" ON "DailySales"("storeId", "day", "productId", "unitsSold", "revenue");

-- CreateIndex
CREATE INDEX "StockAlert_resolvedAt_raisedAt_id_idx" ON "StockAlert"("resolvedAt", "raisedAt", "id");

-- CreateIndex
CREATE INDEX "StockAlert_raisedAt_id_idx" ON "StockAlert"("raisedAt", "id");

-- CreateIndex
CREATE INDEX "StockAlert_storeId_resolvedAt_raisedAt_id_idx" ON "StockAlert"("storeId", "resolvedAt", "raisedAt", "id");

-- CreateIndex
CREATE INDEX "StockAlert_storeId_raisedAt_id_idx" ON "StockAlert"("storeId", "raisedAt", "id");

-- Stores known before this table existed. StoreDailySales and ProductDailySales are derived from the
-- sales facts by reporting at start (it knows REPORT_TIME_ZONE, which decides the days).
INSERT INTO "KnownStore" ("storeId", "firstSeenAt")
SELECT "storeId", MIN("updatedAt") FROM "StockFact" WHERE "locationKind" = 'STORE' GROUP BY "storeId";
