-- DropIndex
DROP INDEX "ReplenishmentRequest_status_requestedAt_idx";

-- DropIndex
DROP INDEX "ReplenishmentRequest_storeId_idx";

-- DropIndex
DROP INDEX "StockLevel_locationId_quantity_idx";

-- CreateTable
CREATE TABLE "StockHistogram" (
    "id" BIGSERIAL NOT NULL,
    "locationId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "levels" INTEGER NOT NULL,
    "units" BIGINT NOT NULL,

    CONSTRAINT "StockHistogram_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StockHistogram_locationId_quantity_idx" ON "StockHistogram"("locationId", "quantity");

-- CreateIndex
CREATE INDEX "ReplenishmentRequest_requestedAt_id_idx" ON "ReplenishmentRequest"("requestedAt", "id");

-- CreateIndex
CREATE INDEX "ReplenishmentRequest_status_requestedAt_id_idx" ON "ReplenishmentRequest"("status", "requestedAt", "id");

-- CreateIndex
CREATE INDEX "ReplenishmentRequest_storeId_requestedAt_id_idx" ON "ReplenishmentRequest"("storeId", "requestedAt", "id");

-- CreateIndex
CREATE INDEX "ReplenishmentRequest_storeId_status_requestedAt_id_idx" ON "ReplenishmentRequest"("storeId", "status", "requestedAt", "id");

-- CreateIndex
CREATE INDEX "StockLevel_locationId_quantity_productName_productId_idx" ON "StockLevel"("locationId", "quantity", "productName", "productId");

-- CreateIndex
CREATE INDEX "StockLevel_locationId_productName_productId_idx" ON "StockLevel"("locationId", "productName", "productId");

-- StockHistogram kept by PostgreSQL itself: every statement that inserts, updates or deletes stock levels
-- adds, per location and quantity (256 and above counted as 256), the levels and units it added or took
-- away (statement triggers with transition tables: one insert per statement, no counter row that
-- concurrent writes would wait on). mergeStockHistogram folds the rows of each (location, quantity).
-- The functions pin their search_path: they run in whatever session writes the levels.
CREATE FUNCTION "stock_histogram_inserted"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO "StockHistogram" ("locationId", quantity, levels, units)
  SELECT "locationId", LEAST(quantity, 256), COUNT(*), SUM(quantity) FROM inserted GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE FUNCTION "stock_histogram_updated"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO "StockHistogram" ("locationId", quantity, levels, units)
  SELECT "locationId", bucket, SUM(levels), SUM(units)
  FROM (SELECT "locationId", LEAST(quantity, 256) AS bucket, 1 AS levels, quantity::bigint AS units FROM after_update
        UNION ALL
        SELECT "locationId", LEAST(quantity, 256), -1, -quantity::bigint FROM before_update) AS changes
  GROUP BY 1, 2 HAVING SUM(levels) <> 0 OR SUM(units) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION "stock_histogram_deleted"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO "StockHistogram" ("locationId", quantity, levels, units)
  SELECT "locationId", LEAST(quantity, 256), -COUNT(*), -SUM(quantity) FROM deleted GROUP BY 1, 2;
  RETURN NULL;
END $$;

CREATE TRIGGER "StockLevel_histogram_insert" AFTER INSERT ON "StockLevel"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "stock_histogram_inserted"();
CREATE TRIGGER "StockLevel_histogram_update" AFTER UPDATE ON "StockLevel"
  REFERENCING OLD TABLE AS before_update NEW TABLE AS after_update FOR EACH STATEMENT EXECUTE FUNCTION "stock_histogram_updated"();
CREATE TRIGGER "StockLevel_histogram_delete" AFTER DELETE ON "StockLevel"
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "stock_histogram_deleted"();

-- Stock on hand before the triggers existed.
INSERT INTO "StockHistogram" ("locationId", quantity, levels, units)
SELECT "locationId", LEAST(quantity, 256), COUNT(*), SUM(quantity) FROM "StockLevel" GROUP BY 1, 2;
