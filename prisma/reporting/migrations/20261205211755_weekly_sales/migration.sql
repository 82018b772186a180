-- CreateTable
CREATE TABLE "WeeklySales" (
    "week" DATE NOT NULL,
    "storeId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "revenue" DECIMAL(14,2) NOT NULL,
    "unitsSold" INTEGER NOT NULL,

    CONSTRAINT "WeeklySales_pkey" PRIMARY KEY ("week","storeId","productId")
);

-- CreateIndex
CREATE INDEX "WeeklySales_storeId_week_unitsSold_productId_idx" ON "WeeklySales"("storeId", "week", "unitsSold", "productId");

-- CreateIndex
CREATE INDEX "WeeklySales_storeId_productId_week_unitsSold_revenue_idx" ON "WeeklySales"("storeId", "productId", "week", "unitsSold", "revenue");

-- Weeks of the days already kept (days are REPORT_TIME_ZONE's, so their weeks are too).
INSERT INTO "WeeklySales" (week, "storeId", "productId", revenue, "unitsSold")
SELECT date_trunc('week', day)::date, "storeId", "productId", SUM(revenue), SUM("unitsSold") FROM "DailySales" GROUP BY 1, 2, 3;
