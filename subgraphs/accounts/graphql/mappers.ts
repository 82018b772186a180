import type { Account, AuthPayload, Customer } from '../domain/account.js';

/** GraphQL types backed by domain objects (read by GraphQL Code Generator). */
export type ViewerModel = Account;
export type AuthPayloadModel = AuthPayload;
export type CustomerModel = Customer;
/** A reference to inventory's Store entity. */
export type StoreModel = { id: string };
