import type { ReactNode } from 'react';
import { Link, useLocation } from '../lib/router';
import { menuFor, roleLabels, useSession } from '../lib/session';
import styles from './Layout.module.css';

export function Layout({ children }: { children: ReactNode }) {
  const { viewer, signOut } = useSession();
  const { pathname } = useLocation();
  return (
    <div className={styles.shell}>
      <header className={`${styles.header} no-print`}>
        <Link to="/" className={styles.brand}>
          <span className={styles.logo} aria-hidden="true">▣</span> Retail
        </Link>
        {viewer && (
          <nav className={styles.nav} aria-label="Main">
            {menuFor(viewer.role).map((item) => (
              <Link key={item.to} to={item.to} className={pathname.startsWith(item.to) ? styles.active : undefined} aria-current={pathname.startsWith(item.to) ? 'page' : undefined}>
                {item.label}
              </Link>
            ))}
          </nav>
        )}
        {viewer && (
          <div className={styles.user}>
            <span data-testid="viewer">
              <strong>{viewer.name}</strong>
              <span className={styles.role}>
                {roleLabels[viewer.role]}
                {viewer.store ? ` · ${viewer.store.code}` : ''}
              </span>
            </span>
            <button type="button" className="secondary small" onClick={() => signOut()}>
              Sign out
            </button>
          </div>
        )}
      </header>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
