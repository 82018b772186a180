import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Role } from '../gql/graphql';
import { configureApi } from './api';
import { navigate } from './router';

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  store?: { id: string; code: string; name: string } | null;
}

interface Session {
  token: string;
  viewer: Viewer;
}

const storageKey = 'retail.session';

function load(): Session | null {
  try {
    const raw = sessionStorage.getItem(storageKey);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

interface SessionContext {
  viewer: Viewer | null;
  notice: string | null;
  signIn(session: Session): void;
  signOut(notice?: string): void;
}

const Context = createContext<SessionContext | null>(null);

// Wired at load, before any page asks for data: the token is read from
// sessionStorage on every request; a refused token signs out (see below).
let onRefused: () => void = () => undefined;
configureApi({ token: () => load()?.token ?? null, unauthenticated: () => onRefused() });

/**
 * The signed-in person: token and viewer kept in sessionStorage (gone when
 * the tab closes). A refused token signs out with a notice.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(load);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((message?: string) => {
    sessionStorage.removeItem(storageKey);
    setSession(null);
    setNotice(message ?? null);
    navigate('/signin', { replace: true });
  }, []);

  const signIn = useCallback((next: Session) => {
    sessionStorage.setItem(storageKey, JSON.stringify(next));
    setSession(next);
    setNotice(null);
  }, []);

  useEffect(() => {
    onRefused = () => signOut('Your session has expired. Please sign in again.');
  }, [signOut]);

  const value = useMemo(() => ({ viewer: session?.viewer ?? null, notice, signIn, signOut }), [session, notice, signIn, signOut]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionContext {
  const context = useContext(Context);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** The signed-in viewer on pages that are only reachable signed in. */
export function useViewer(): Viewer {
  const { viewer } = useSession();
  if (!viewer) throw new Error('No viewer');
  return viewer;
}

export interface MenuItem {
  to: string;
  label: string;
  description: string;
  roles: Role[];
}

/** What each role may do: the menu, the home page and the page guards. */
export const menu: MenuItem[] = [
  { to: '/dashboard', label: 'Dashboard', description: 'Revenue per store today and over 7 days, a 7-day chart, stock-outs, overstock and stock alerts.', roles: ['HQ_ADMIN'] },
  { to: '/reports', label: 'Sales report', description: 'Consolidated sales of every store for a chosen period, net of returns, with best sellers.', roles: ['HQ_ADMIN'] },
  { to: '/till', label: 'Till', description: 'Search products by name, category or SKU, build a sale, record it and print the receipt.', roles: ['CLERK', 'STORE_MANAGER'] },
  { to: '/sales', label: 'Sales & returns', description: "The store's transaction history; take back goods, in full or in part.", roles: ['CLERK', 'STORE_MANAGER', 'HQ_ADMIN'] },
  { to: '/stock', label: 'Store stock', description: 'Stock on hand with search and low-stock filter; request replenishment; adjust stock.', roles: ['CLERK', 'STORE_MANAGER', 'HQ_ADMIN'] },
  { to: '/replenishment', label: 'Replenishment', description: 'Requests from the stores: approve (moves stock from the warehouse) or reject.', roles: ['LOGISTICS', 'HQ_ADMIN'] },
  { to: '/warehouse', label: 'Warehouse stock', description: 'Stock in the central warehouse.', roles: ['LOGISTICS', 'HQ_ADMIN'] },
  { to: '/alerts', label: 'Stock alerts', description: 'Products at or below the low-stock threshold, until restocked.', roles: ['STORE_MANAGER', 'LOGISTICS'] },
  { to: '/catalog', label: 'Catalog', description: 'Create products, change names, prices and descriptions, deactivate products.', roles: ['HQ_ADMIN'] },
  { to: '/shop', label: 'Shop', description: 'Browse the products of a store, fill your cart and check out.', roles: ['CUSTOMER'] },
];

export const roleLabels: Record<Role, string> = {
  CUSTOMER: 'Customer',
  CLERK: 'Clerk',
  STORE_MANAGER: 'Store manager',
  LOGISTICS: 'Logistics',
  HQ_ADMIN: 'Head office',
};

export function menuFor(role: Role): MenuItem[] {
  return menu.filter((item) => item.roles.includes(role));
}

export function canAdjustStock(viewer: Viewer, storeId: string): boolean {
  return viewer.role === 'HQ_ADMIN' || (viewer.role === 'STORE_MANAGER' && viewer.store?.id === storeId);
}
