import type { ReactNode } from 'react';
import { describeError } from '../lib/api';
import styles from './Feedback.module.css';

/** An API error as a person reads it (see describeError). */
export function ErrorBanner({ error, nameOf }: { error: unknown; nameOf?: (productId: string) => string | undefined }) {
  if (!error) return null;
  const text = describeError(error, nameOf);
  return (
    <div className={styles.error} role="alert">
      <strong>{text.title}</strong> {text.detail}
    </div>
  );
}

export function Success({ children }: { children: ReactNode }) {
  return (
    <div className={styles.success} role="status">
      {children}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className={styles.loading} role="status" aria-live="polite">
      <span className={styles.spinner} aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className={styles.empty}>{children}</p>;
}
