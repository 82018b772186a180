const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** Short form of an id for tables and receipts. */
export function shortId(id: string): string {
  return id.slice(0, 8).toUpperCase();
}
