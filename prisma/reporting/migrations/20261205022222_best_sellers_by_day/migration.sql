-- CreateIndex
CREATE INDEX "ProductDailySales_day_unitsSold_idx" ON "ProductDailySales"("day", "unitsSold");

-- CreateIndex
CREATE INDEX "ProductDailySales_productId_day_unitsSold_revenue_idx" ON "ProductDailySales"("productId", "day", "unitsSold", "revenue");
