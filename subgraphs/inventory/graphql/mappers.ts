import type { Location, ReplenishmentRequest, Reservation, StockLevel } from '../domain/inventory.js';

/** GraphQL types backed by domain objects (read by GraphQL Code Generator). */
export type StoreModel = Location;
export type StockLevelModel = StockLevel;
export type ReplenishmentRequestModel = ReplenishmentRequest;
export type ReservationModel = Reservation;
/** A reference to catalog's Product entity; inventory adds its stock. */
export type ProductModel = { id: string };
/** A store's entry in a report or on the dashboard, keyed by the store (reporting owns the rest). */
export type StoreSalesModel = { storeId: string };
export type StoreIndicatorsModel = { storeId: string };
