import type { Location, ReplenishmentRequest, Reservation, StockLevel } from '../domain/inventory.js';

/** GraphQL types backed by domain objects (read by GraphQL Code Generator). */
export type StoreModel = Location;
export type StockLevelModel = StockLevel;
export type ReplenishmentRequestModel = ReplenishmentRequest;
export type ReservationModel = Reservation;
/** A reference to catalog's Product entity; inventory adds its stock. */
export type ProductModel = { id: string };
/** A store's entry in a report or on the dashboard, keyed by the store (reporting owns the rest). */
/** With the key it was asked with: its @cacheable tag names the store by it (`{store.id}`). */
export type StoreSalesModel = { storeId: string; store?: { id: string } };
/** With the key it was asked with: its @cacheable tag names the store by it (`{store.id}`). */
export type StoreIndicatorsModel = { storeId: string; store?: { id: string } };
