-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "reporting";

-- CreateEnum
CREATE TYPE "SalesFactKind" AS ENUM ('SALE', 'RETURN');

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "eventId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "processedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateTable
CREATE TABLE "SalesFact" (
    "id" BIGSERIAL NOT NULL,
    "eventId" UUID NOT NULL,
    "kind" "SalesFactKind" NOT NULL,
    "saleId" UUID NOT NULL,
    "storeId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "quantity" INTEGER NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,

    CONSTRAINT "SalesFact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailySales" (
    "day" DATE NOT NULL,
    "storeId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,
    "unitsSold" INTEGER NOT NULL,

    CONSTRAINT "DailySales_pkey" PRIMARY KEY ("day","storeId","productId")
);

-- CreateTable
CREATE TABLE "StockFact" (
    "storeId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "locationKind" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "sequence" BIGINT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StockFact_pkey" PRIMARY KEY ("storeId","productId")
);

-- CreateTable
CREATE TABLE "StockAlert" (
    "id" UUID NOT NULL,
    "storeId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL,
    "resolvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "StockAlert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SalesFact_occurredAt_idx" ON "SalesFact"("occurredAt");

-- CreateIndex
CREATE INDEX "SalesFact_storeId_occurredAt_idx" ON "SalesFact"("storeId", "occurredAt");

-- CreateIndex
CREATE INDEX "SalesFact_productId_occurredAt_idx" ON "SalesFact"("productId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "SalesFact_eventId_productId_key" ON "SalesFact"("eventId", "productId");

-- CreateIndex
CREATE INDEX "DailySales_storeId_day_idx" ON "DailySales"("storeId", "day");

-- CreateIndex
CREATE INDEX "StockAlert_storeId_resolvedAt_idx" ON "StockAlert"("storeId", "resolvedAt");

-- CreateIndex
CREATE INDEX "StockAlert_resolvedAt_raisedAt_idx" ON "StockAlert"("resolvedAt", "raisedAt");

-- CreateIndex
CREATE INDEX "StockAlert_storeId_productId_resolvedAt_idx" ON "StockAlert"("storeId", "productId", "resolvedAt");
