-- Trigram indexes for product search (ILIKE '%…%' on name, SKU, description). pg_trgm ships with
-- PostgreSQL (contrib) and is a trusted extension: the schema's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA "catalog";

-- DropIndex
DROP INDEX "Product_category_idx";

-- DropIndex
DROP INDEX "Product_name_idx";

-- CreateIndex
CREATE INDEX "Product_category_name_id_idx" ON "Product"("category", "name", "id");

-- CreateIndex
CREATE INDEX "Product_name_id_idx" ON "Product"("name", "id");

-- CreateIndex
CREATE INDEX "Product_name_trgm_idx" ON "Product" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Product_sku_trgm_idx" ON "Product" USING GIN ("sku" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Product_description_trgm_idx" ON "Product" USING GIN ("description" gin_trgm_ops);
