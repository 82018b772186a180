import { useEffect, useState } from 'react';
import styles from './Pager.module.css';

/** Previous / next over cursor pages; the caller keeps the stack of cursors. */
export function Pager({
  page,
  totalCount,
  pageSize,
  hasNextPage,
  onPrevious,
  onNext,
  loading,
}: {
  page: number;
  totalCount: number;
  pageSize: number;
  hasNextPage: boolean;
  onPrevious: () => void;
  onNext: () => void;
  loading?: boolean;
}) {
  const from = totalCount === 0 ? 0 : page * pageSize + 1;
  const to = Math.min(totalCount, (page + 1) * pageSize);
  return (
    <nav className={styles.pager} aria-label="Pages">
      <button type="button" className="secondary" onClick={onPrevious} disabled={page === 0 || loading}>
        ← Previous
      </button>
      <span className={styles.range} data-testid="page-range" aria-live="polite">
        {loading ? 'Loading…' : `${from}–${to} of ${totalCount}`}
      </span>
      <button type="button" className="secondary" onClick={onNext} disabled={!hasNextPage || loading}>
        Next →
      </button>
    </nav>
  );
}

/** Cursor stack of a paged list: page n starts after cursors[n]. */
export function nextCursors(cursors: Array<string | null>, endCursor: string | null | undefined): Array<string | null> {
  return [...cursors, endCursor ?? null];
}

/** The cursor stack of a paged list, back at the first page whenever one of `resetKeys` changes. */
export function useCursorPages(resetKeys: readonly unknown[]) {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  useEffect(() => setCursors([null]), resetKeys);
  return {
    page: cursors.length - 1,
    after: cursors.at(-1) ?? null,
    previous: () => setCursors((c) => c.slice(0, -1)),
    next: (endCursor: string | null | undefined) => setCursors((c) => nextCursors(c, endCursor)),
  };
}

/** The Pager of a connection read through useCursorPages. */
export function ConnectionPager({
  connection,
  pages,
  pageSize,
  loading,
}: {
  connection: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
  pages: ReturnType<typeof useCursorPages>;
  pageSize: number;
  loading?: boolean;
}) {
  return (
    <Pager
      page={pages.page}
      totalCount={connection.totalCount}
      pageSize={pageSize}
      hasNextPage={connection.pageInfo.hasNextPage}
      loading={loading}
      onPrevious={pages.previous}
      onNext={() => pages.next(connection.pageInfo.endCursor)}
    />
  );
}
