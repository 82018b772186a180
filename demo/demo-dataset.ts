/**
 * The demo data of DESIGN.md, shared by every subgraph's seeder so that ids
 * agree across bounded contexts without any subgraph reading another's
 * tables. Deterministic: the same data on every machine.
 */

export interface DemoLocation {
  id: string;
  code: string;
  name: string;
  address: string;
  kind: 'STORE' | 'WAREHOUSE';
}

export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  category: string;
  price: string;
  description: string;
}

export interface DemoAccount {
  email: string;
  name: string;
  password: string;
  role: 'CUSTOMER' | 'CLERK' | 'STORE_MANAGER' | 'LOGISTICS' | 'HQ_ADMIN';
  storeCode?: string;
}

const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const demoStores: DemoLocation[] = [1, 2, 3, 4, 5].map((n) => ({
  id: uuid('51000000', n),
  code: `STORE-${n}`,
  name: ['Downtown', 'Harbour', 'Riverside', 'Old Town', 'Airport'][n - 1]! + ' Store',
  address: `${n * 10} ${['Main Street', 'Harbour Road', 'River Lane', 'Market Square', 'Terminal 2'][n - 1]}`,
  kind: 'STORE',
}));

export const demoWarehouse: DemoLocation = {
  id: uuid('57000000', 1),
  code: 'WAREHOUSE',
  name: 'Central Warehouse',
  address: '1 Logistics Park',
  kind: 'WAREHOUSE',
};

export const demoLocations: DemoLocation[] = [...demoStores, demoWarehouse];

const catalogue: Record<string, Array<[string, string]>> = {
  Beverages: [['Sparkling Water 1L', '0.89'], ['Orange Juice 1L', '2.49'], ['Cola 330ml', '0.99'], ['Green Tea 20 bags', '3.20'], ['Espresso Beans 500g', '8.90'], ['Oat Milk 1L', '1.95'], ['Lemonade 750ml', '1.79'], ['Apple Juice 1L', '2.19'], ['Cold Brew 250ml', '2.99'], ['Mineral Water 6x1.5L', '3.49'], ['Hot Chocolate 400g', '4.25']],
  Bakery: [['Sourdough Loaf', '3.80'], ['Croissant', '1.20'], ['Baguette', '1.50'], ['Rye Bread', '2.90'], ['Cinnamon Roll', '1.90'], ['Bagels 4-pack', '2.60'], ['Muffin Blueberry', '1.70'], ['Whole Wheat Toast', '2.30'], ['Focaccia', '3.10'], ['Pretzel', '1.10']],
  Dairy: [['Whole Milk 1L', '1.15'], ['Greek Yogurt 500g', '2.75'], ['Cheddar 200g', '3.45'], ['Butter 250g', '2.95'], ['Mozzarella 125g', '1.65'], ['Cream Cheese 200g', '2.10'], ['Parmesan 100g', '4.40'], ['Kefir 500ml', '1.99'], ['Skyr Vanilla 450g', '2.49'], ['Eggs 10-pack', '3.29']],
  Produce: [['Bananas 1kg', '1.49'], ['Apples Gala 1kg', '2.29'], ['Tomatoes 500g', '1.99'], ['Avocado', '1.25'], ['Carrots 1kg', '1.09'], ['Spinach 200g', '1.89'], ['Lemons 4-pack', '1.59'], ['Potatoes 2kg', '2.49'], ['Blueberries 250g', '3.49'], ['Red Onions 1kg', '1.39']],
  Household: [['Dish Soap 500ml', '2.15'], ['Paper Towels 4-pack', '4.99'], ['Laundry Detergent 2L', '9.49'], ['Sponges 3-pack', '1.79'], ['Trash Bags 30-pack', '3.99'], ['All-Purpose Cleaner', '3.29'], ['Toilet Paper 9-pack', '5.49'], ['Aluminium Foil 30m', '2.69'], ['Glass Cleaner', '2.89'], ['Light Bulb LED', '4.59']],
  'Personal Care': [['Toothpaste 75ml', '2.49'], ['Shampoo 300ml', '4.29'], ['Shower Gel 250ml', '2.99'], ['Hand Cream 75ml', '3.59'], ['Deodorant 150ml', '3.19'], ['Toothbrush Soft', '1.99'], ['Sunscreen SPF50', '9.99'], ['Lip Balm', '2.29'], ['Cotton Pads 80', '1.49'], ['Conditioner 300ml', '4.49']],
  Snacks: [['Sea Salt Crisps 150g', '1.89'], ['Dark Chocolate 100g', '2.39'], ['Trail Mix 200g', '3.49'], ['Granola Bar', '0.99'], ['Salted Peanuts 250g', '2.19'], ['Popcorn 100g', '1.59'], ['Rice Crackers', '1.75'], ['Gummy Bears 200g', '1.69'], ['Oat Cookies 250g', '2.59']],
};

export const demoProducts: DemoProduct[] = Object.entries(catalogue).flatMap(([category, items], c) =>
  items.map(([name, price], i) => {
    const n = c * 100 + i + 1;
    return {
      id: uuid('9a000000', n),
      sku: `${category.slice(0, 3).toUpperCase()}-${String(n).padStart(4, '0')}`,
      name,
      category,
      price,
      description: `${name} (${category.toLowerCase()})`,
    };
  }),
);

/**
 * Stock on hand at a location: every product everywhere, a few low (≤ 5) and
 * a few over 100 per store, plenty in the warehouse.
 */
export function demoStockQuantity(locationIndex: number, productIndex: number, isWarehouse: boolean): number {
  if (isWarehouse) return 400 + ((productIndex * 37) % 200);
  const h = (locationIndex * 31 + productIndex * 17) % 23;
  if (h === 0) return 2;
  if (h === 1) return 4;
  if (h === 2) return 120 + productIndex;
  return 15 + ((locationIndex * 7 + productIndex * 13) % 60);
}

export const demoAccounts: DemoAccount[] = [
  { email: 'admin@retail.test', name: 'Ada Admin', password: 'admin', role: 'HQ_ADMIN' },
  { email: 'logistics@retail.test', name: 'Leo Logistics', password: 'logistics', role: 'LOGISTICS' },
  { email: 'manager1@retail.test', name: 'Mia Manager', password: 'manager1', role: 'STORE_MANAGER', storeCode: 'STORE-1' },
  ...[1, 2, 3, 4, 5].map((n) => ({
    email: `clerk${n}@retail.test`,
    name: `Clerk ${n}`,
    password: `clerk${n}`,
    role: 'CLERK' as const,
    storeCode: `STORE-${n}`,
  })),
  { email: 'customer@retail.test', name: 'Carla Customer', password: 'customer', role: 'CUSTOMER' },
];

export interface DemoSale {
  id: string;
  storeId: string;
  createdAt: Date;
  lines: Array<{ productId: string; quantity: number; unitPrice: string }>;
}

/** Small deterministic PRNG (mulberry32) so the history is the same everywhere. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 14 days of past sales before `now`, a few per store per day. */
export function demoSalesHistory(now: Date, days = 14): DemoSale[] {
  const next = random(20261122);
  const sales: DemoSale[] = [];
  let n = 0;
  for (let day = days; day >= 1; day--) {
    for (const store of demoStores) {
      const count = 3 + Math.floor(next() * 6);
      for (let s = 0; s < count; s++) {
        const createdAt = new Date(now.getTime() - day * 86_400_000 + Math.floor(next() * 10 * 3_600_000));
        const lineCount = 1 + Math.floor(next() * 3);
        const picked = new Map<string, { productId: string; quantity: number; unitPrice: string }>();
        for (let l = 0; l < lineCount; l++) {
          const product = demoProducts[Math.floor(next() * demoProducts.length)]!;
          const existing = picked.get(product.id);
          const quantity = 1 + Math.floor(next() * 3);
          if (existing) existing.quantity += quantity;
          else picked.set(product.id, { productId: product.id, quantity, unitPrice: product.price });
        }
        sales.push({ id: uuid('5a1e0000', ++n), storeId: store.id, createdAt, lines: [...picked.values()] });
      }
    }
  }
  return sales;
}
