/**
 * Money is an exact decimal string ("12.50"). The API computes every real
 * total; the app only adds up estimates in integer cents, never floats.
 */
export function toCents(amount: string): bigint {
  const match = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(amount.trim());
  if (!match) throw new Error(`Not a decimal amount: ${amount}`);
  const cents = BigInt(match[2]!) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

export function lineTotal(unitPrice: string, quantity: number): string {
  return fromCents(toCents(unitPrice) * BigInt(quantity));
}

export function sum(amounts: string[]): string {
  return fromCents(amounts.reduce((total, amount) => total + toCents(amount), 0n));
}

/** Display form: "€ 12.50" style is left to the page; this only normalises to two decimals. */
export function money(amount: string): string {
  return fromCents(toCents(amount));
}

export function isValidPrice(value: string): boolean {
  return /^\d{1,8}(\.\d{1,2})?$/.test(value.trim());
}
