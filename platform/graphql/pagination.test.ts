import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageSize, toConnection } from './pagination.js';

const isPosition = (v: unknown): v is { id: string } => typeof v === 'object' && v !== null && typeof (v as { id: unknown }).id === 'string';

describe('pagination', () => {
  it.each([0, -1, 101, 2.5])('when first is %s, then it is BAD_USER_INPUT', (first) => {
    expect(() => pageSize(first)).toThrow(/first must be between/);
  });

  it('when first is absent, then the default applies', () => {
    expect(pageSize(undefined)).toBe(20);
  });

  it('when a cursor round-trips, then the position comes back; a forged one is BAD_USER_INPUT', () => {
    expect(decodeCursor(encodeCursor({ id: 'x' }), isPosition)).toEqual({ id: 'x' });
    expect(() => decodeCursor('not-a-cursor', isPosition)).toThrow(/Invalid cursor/);
    expect(() => decodeCursor(encodeCursor({ other: 1 }), isPosition)).toThrow(/Invalid cursor/);
  });

  it('when a page is turned into a connection, then the end cursor is the last edge', () => {
    const connection = toConnection({ items: [{ id: 'a' }, { id: 'b' }], hasNextPage: true, totalCount: 5 }, (i) => i.id);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: 'b' });
    expect(connection.totalCount).toBe(5);
  });
});
