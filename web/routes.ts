/**
 * Every path the web app answers at. The router serves index.html at exactly
 * these (ids travel in the query string, e.g. /sale?id=…), so the app never
 * shadows /graphql, /health, /ready, /metrics or /playground/*.
 */
export const appPaths = ['/', '/signin', '/till', '/sales', '/sale', '/stock', '/replenishment', '/warehouse', '/catalog', '/shop', '/dashboard', '/reports', '/alerts'] as const;

export type AppPath = (typeof appPaths)[number];
