-- DropIndex
DROP INDEX "SalesFact_occurredAt_idx";

-- DropIndex
DROP INDEX "SalesFact_storeId_occurredAt_idx";

-- CreateIndex
CREATE INDEX "SalesFact_occurredAt_productId_quantity_revenue_idx" ON "SalesFact"("occurredAt", "productId", "quantity", "revenue");

-- CreateIndex
CREATE INDEX "SalesFact_storeId_occurredAt_productId_quantity_revenue_idx" ON "SalesFact"("storeId", "occurredAt", "productId", "quantity", "revenue");
