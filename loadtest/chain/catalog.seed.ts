import { demoProducts } from '../../demo/demo-dataset.js';
import type { ChainSession } from './chain-session.js';
import type { ChainSize } from './chain-size.js';

/** Categories of the generated products (the demo's own come first) and a few kinds of goods each. */
const categories: Record<string, string[]> = {
  Beverages: ['Juice', 'Soda', 'Iced Tea', 'Coffee', 'Water', 'Smoothie'],
  Bakery: ['Bread', 'Bun', 'Cake', 'Cookies', 'Tart', 'Wrap'],
  Dairy: ['Yogurt', 'Cheese', 'Milk', 'Cream', 'Butter', 'Pudding'],
  Produce: ['Apples', 'Salad', 'Berries', 'Peppers', 'Mushrooms', 'Herbs'],
  Household: ['Cleaner', 'Detergent', 'Sponges', 'Candles', 'Bin Bags', 'Wipes'],
  'Personal Care': ['Shampoo', 'Soap', 'Lotion', 'Toothpaste', 'Razor', 'Deodorant'],
  Snacks: ['Crisps', 'Chocolate', 'Nuts', 'Crackers', 'Popcorn', 'Bar'],
  Frozen: ['Pizza', 'Peas', 'Ice Cream', 'Fish Fingers', 'Dumplings', 'Fries'],
  Pantry: ['Pasta', 'Rice', 'Flour', 'Olive Oil', 'Tomato Sauce', 'Beans'],
  'Pet Care': ['Dog Food', 'Cat Food', 'Cat Litter', 'Dog Treats', 'Bird Seed', 'Pet Shampoo'],
  Baby: ['Nappies', 'Baby Food', 'Baby Wipes', 'Formula', 'Teether', 'Bib'],
  Stationery: ['Notebook', 'Pens', 'Envelopes', 'Glue Stick', 'Markers', 'Folder'],
  Kitchen: ['Mug', 'Knife', 'Cutting Board', 'Pan', 'Whisk', 'Container'],
  Garden: ['Seeds', 'Compost', 'Gloves', 'Plant Food', 'Hose', 'Pots'],
  Electronics: ['Batteries', 'Charger', 'Cable', 'Earphones', 'Bulb', 'Adapter'],
  Health: ['Vitamins', 'Plasters', 'Pain Relief', 'Cough Syrup', 'Thermometer', 'Tissues'],
  'Wine & Beer': ['Red Wine', 'White Wine', 'Lager', 'Cider', 'Ale', 'Rosé'],
  Deli: ['Ham', 'Salami', 'Olives', 'Hummus', 'Pesto', 'Quiche'],
};
const adjectives = ['Classic', 'Organic', 'Premium', 'Family', 'Fresh', 'Mini', 'Extra', 'Light', 'Golden', 'Rustic', 'Spicy', 'Smooth', 'Crunchy', 'Wild', 'Alpine', 'Coastal', 'Royal', 'Daily', 'Green', 'Sunny'];
const sizes = ['100g', '250g', '500g', '1kg', '330ml', '750ml', '1L', '2-pack', '6-pack', 'Large'];

/**
 * The catalog: the demo's products first (same ids, so the demo accounts,
 * load scenarios and tests find them), then generated ones named
 * "<adjective> <kind> <size> #<n>" across the categories above, priced
 * 0.50 to 50.00, skewed towards cheap goods. Leaves `chain_product` (idx,
 * id, name, price), the temporary table the other seeds read.
 */
export async function seedCatalog(db: ChainSession, size: ChainSize, createdAt: Date): Promise<void> {
  const demo = demoProducts.slice(0, size.products);
  const kinds = Object.entries(categories).flatMap(([category, names]) => names.map((name) => ({ category, name })));
  await db.query(
    `CREATE TEMP TABLE chain_product AS
     SELECT d.idx::int AS idx, d.id::uuid AS id, d.sku, d.name, d.category, d.price::numeric(12, 2) AS price, d.description
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS d(id, sku, name, category, price, description, idx)
     UNION ALL
     SELECT g.idx, pg_temp.chain_uuid('9b000000', g.idx), 'CH-' || lpad(g.idx::text, 7, '0'), named.name, k.category,
            round((0.5 + 49.5 * pg_temp.rnd(g.idx, 21) ^ 2)::numeric, 2), named.name || ' (' || lower(k.category) || ')'
     FROM generate_series($7::int + 1, $8::int) AS g(idx)
     CROSS JOIN LATERAL (SELECT (g.idx * 7) % cardinality($9::text[]) + 1 AS kind) pick
     CROSS JOIN LATERAL (SELECT ($9::text[])[pick.kind] AS category, ($10::text[])[pick.kind] AS noun) k
     CROSS JOIN LATERAL (SELECT ($11::text[])[1 + (g.idx / 7) % cardinality($11::text[])] || ' ' || k.noun || ' ' ||
                                ($12::text[])[1 + (g.idx / 131) % cardinality($12::text[])] || ' #' || g.idx AS name) named`,
    [
      demo.map((p) => p.id),
      demo.map((p) => p.sku),
      demo.map((p) => p.name),
      demo.map((p) => p.category),
      demo.map((p) => p.price),
      demo.map((p) => p.description),
      demo.length,
      size.products,
      kinds.map((k) => k.category),
      kinds.map((k) => k.name),
      adjectives,
      sizes,
    ],
  );
  await db.query(`CREATE UNIQUE INDEX ON chain_product (idx)`);
  await db.query(`ANALYZE chain_product`);
  await db.bulkLoad({ schema: 'catalog', name: 'Product' }, async () => {
    await db.query(
      `INSERT INTO catalog."Product" (id, sku, name, category, price, description, active, "createdAt", "updatedAt")
       SELECT id, sku, name, category, price, description, true, $1, $1 FROM chain_product ORDER BY idx`,
      [createdAt],
    );
  });
}
