import { demoLocations, demoProducts, demoStockQuantity } from '../../../demo/demo-dataset.js';
import { countLocations } from '../data-access/location.repository.js';
import { stockCache, stockTags } from '../data-access/stock-cache.js';
import { insertInitialStock } from '../data-access/stock.repository.js';

/**
 * Seeds the demo locations and stock of every product everywhere into an
 * empty inventory, each level with its INITIAL movement; true when it did.
 */
export async function seedDemoInventory(): Promise<boolean> {
  if ((await countLocations()) > 0) return false;
  const levels = demoLocations.flatMap((location, locationIndex) =>
    demoProducts.map((product, productIndex) => ({
      locationId: location.id,
      productId: product.id,
      productName: product.name,
      quantity: demoStockQuantity(locationIndex, productIndex, location.kind === 'WAREHOUSE'),
    })),
  );
  await insertInitialStock(demoLocations, levels);
  await stockCache().invalidate([stockTags.locations]);
  return true;
}
