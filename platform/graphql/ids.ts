const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every entity id is a UUID; anything else cannot name an existing entity. */
export function isUuid(id: unknown): id is string {
  return typeof id === 'string' && UUID_PATTERN.test(id);
}
