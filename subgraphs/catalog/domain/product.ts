/** A product as the catalog's use cases see it; money stays an exact string. */
export interface Product {
  id: string;
  sku: string;
  name: string;
  category: string;
  price: string;
  description: string | null;
  active: boolean;
  updatedAt: Date;
}

export interface NewProduct {
  sku: string;
  name: string;
  category: string;
  price: string;
  description: string | null;
}

export type ProductChanges = Partial<Omit<Product, 'id' | 'sku' | 'updatedAt'>>;
