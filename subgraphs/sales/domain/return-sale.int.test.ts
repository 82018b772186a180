import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { settings } from '../test-support/settings.js';
import { demoProducts, demoStores } from '../../../demo/demo-dataset.js';
import { startSalesWithPeers } from '../test-support/services.js';

const { peers, sales } = await startSalesWithPeers();
const { codeOf, customerToken, post, postOk, RECORD_SALE, RETURN_SALE, setStock, staffToken, stockOf } = await import('../test-support/graphql.js');
const { salesDb } = await import('../data-access/sales-database.js');
const { recordReturn } = await import('../data-access/return.repository.js');
const { planReturn } = await import('./return-rules.js');
const { recoverSagas } = await import('./recover-sagas.use-case.js');

const S1 = demoStores[0]!.id;
const S2 = demoStores[1]!.id;
const product = (i: number) => demoProducts[i]!;
const stock = (productId: string) => stockOf(peers.inventory.graphqlUrl, productId, S1);
const clerk1 = await staffToken('CLERK', S1);
const returnSale = (input: Record<string, unknown>, token = clerk1) => post(sales.graphqlUrl, RETURN_SALE, { i: input }, token);

async function sell(productId: string, quantity: number, extraLines: Array<{ productId: string; quantity: number }> = []) {
  await setStock(peers.inventory.graphqlUrl, productId, S1, 50);
  for (const line of extraLines) await setStock(peers.inventory.graphqlUrl, line.productId, S1, 50);
  const data = await postOk(sales.graphqlUrl, RECORD_SALE, { i: { storeId: S1, lines: [{ productId, quantity }, ...extraLines] } }, clerk1);
  return data.recordSale;
}

describe('returns', () => {
  it('when a sale is returned in two parts, then refunds add up to the total, stock comes back once and more is CONFLICT', async () => {
    const p = product(20);
    const sale = await sell(p.id, 3);
    const afterSale = await stock(p.id);
    const key = `return-${randomUUID()}`;

    const first = await returnSale({ saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }], reason: ' Dented ', idempotencyKey: key });
    expect(first.errors).toBeUndefined();
    expect(first.data.returnSale).toMatchObject({
      refund: p.price,
      reason: 'Dented',
      lines: [{ quantity: 1, unitPrice: p.price, lineTotal: p.price, product: { id: p.id } }],
      sale: { id: sale.id, status: 'PARTIALLY_RETURNED', refundedTotal: p.price, lines: [{ quantity: 3, returnedQuantity: 1 }] },
    });
    expect(await stock(p.id)).toBe(afterSale + 1);

    const again = await returnSale({ saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }], idempotencyKey: key });
    expect(again.data.returnSale.id).toBe(first.data.returnSale.id);
    expect(await stock(p.id)).toBe(afterSale + 1);

    expect(codeOf(await returnSale({ saleId: sale.id, lines: [{ productId: p.id, quantity: 3 }] }))).toBe('CONFLICT');
    const rest = await returnSale({ saleId: sale.id });
    expect(rest.data.returnSale.lines).toEqual([expect.objectContaining({ quantity: 2, product: { id: p.id } })]);
    expect(rest.data.returnSale.sale).toMatchObject({ status: 'RETURNED', refundedTotal: sale.total });
    expect(codeOf(await returnSale({ saleId: sale.id }))).toBe('CONFLICT');
    expect(await stock(p.id)).toBe(afterSale + 3);

    const read = await postOk(sales.graphqlUrl, `query($id: ID!) { sale(id: $id) { returns { id refund sale { id } lines { quantity } } } }`, { id: sale.id }, clerk1);
    expect(read.sale.returns.map((r: any) => r.id)).toEqual([first.data.returnSale.id, rest.data.returnSale.id]);
    expect(read.sale.returns.every((r: any) => r.sale.id === sale.id)).toBe(true);
    expect(await salesDb().return.count({ where: { saleId: sale.id, stockRestored: true } })).toBe(2);
  });

  it('when a return asks for more than remains or a product not sold, then CONFLICT and nothing is written', async () => {
    const [p, other] = [product(21), product(22)];
    const sale = await sell(p.id, 2);
    const before = await stock(p.id);
    expect(codeOf(await returnSale({ saleId: sale.id, lines: [{ productId: p.id, quantity: 3 }] }))).toBe('CONFLICT');
    expect(codeOf(await returnSale({ saleId: sale.id, lines: [{ productId: other.id, quantity: 1 }] }))).toBe('CONFLICT');
    expect(codeOf(await returnSale({ saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }, { productId: other.id, quantity: 1 }] }))).toBe('CONFLICT');
    expect(await salesDb().return.count({ where: { saleId: sale.id } })).toBe(0);
    expect(await salesDb().saleLine.findFirstOrThrow({ where: { saleId: sale.id } })).toMatchObject({ returnedQuantity: 0 });
    expect(await stock(p.id)).toBe(before);
  });

  it('when five returns race for two units, then exactly two succeed and stock comes back by two', async () => {
    const p = product(23);
    const sale = await sell(p.id, 2);
    const before = await stock(p.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => returnSale({ saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }] })));
    expect(results.filter((r) => r.data?.returnSale).length).toBe(2);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT').length).toBe(3);
    expect(await salesDb().saleLine.findFirstOrThrow({ where: { saleId: sale.id } })).toMatchObject({ returnedQuantity: 2 });
    expect(await stock(p.id)).toBe(before + 2);
  });

  it('when the same return is sent three times at once with one key, then one return is made', async () => {
    const p = product(24);
    const sale = await sell(p.id, 3);
    const before = await stock(p.id);
    const input = { saleId: sale.id, lines: [{ productId: p.id, quantity: 1 }], idempotencyKey: `return-${randomUUID()}` };
    const results = await Promise.all([1, 2, 3].map(() => returnSale(input)));
    expect(new Set(results.map((r) => r.data?.returnSale?.id ?? JSON.stringify(r.errors))).size).toBe(1);
    expect(await salesDb().return.count({ where: { saleId: sale.id } })).toBe(1);
    expect(await stock(p.id)).toBe(before + 1);
    const other = await sell(p.id, 1);
    expect(codeOf(await returnSale({ ...input, saleId: other.id }))).toBe('CONFLICT');
  });

  it.each([
    ['a clerk of another store', 'FORBIDDEN', () => staffToken('CLERK', S2)],
    ['a customer', 'FORBIDDEN', () => customerToken()],
    ['nobody', 'UNAUTHENTICATED', async () => undefined],
  ])('when %s returns a sale of store 1, then %s', async (_, expected, token) => {
    const p = product(25);
    const sale = await sell(p.id, 1);
    expect(codeOf(await post(sales.graphqlUrl, RETURN_SALE, { i: { saleId: sale.id } }, await token()))).toBe(expected);
    expect(await salesDb().return.count({ where: { saleId: sale.id } })).toBe(0);
  });

  it('when the sale is unknown or the input is bad, then NOT_FOUND / BAD_USER_INPUT', async () => {
    expect(codeOf(await returnSale({ saleId: randomUUID() }))).toBe('NOT_FOUND');
    expect(codeOf(await returnSale({ saleId: 'receipt-42' }))).toBe('NOT_FOUND');
    const p = product(26);
    const sale = await sell(p.id, 1);
    expect(codeOf(await returnSale({ saleId: sale.id, lines: [{ productId: p.id, quantity: 0 }] }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await returnSale({ saleId: sale.id, lines: [] }))).toBe('BAD_USER_INPUT');
    expect(await salesDb().return.count({ where: { saleId: sale.id } })).toBe(0);
  });

  it('when a committed return never reached inventory, then recovery restocks it once', async () => {
    const p = product(27);
    const sale = await sell(p.id, 2);
    const before = await stock(p.id);
    // As a process that committed the return and stopped before calling inventory would leave it.
    const outcome = await recordReturn(
      { id: randomUUID(), saleId: sale.id, idempotencyKey: null, reason: null, createdBy: 'test' },
      (lines) => planReturn(lines, null),
    );
    expect(outcome?.created).toBe(true);
    expect(await stock(p.id)).toBe(before);

    const later = new Date(Date.now() + 60_000);
    expect((await recoverSagas(settings.recovery, later)).restocked).toBeGreaterThanOrEqual(1);
    expect(await stock(p.id)).toBe(before + 2);
    expect(await salesDb().return.findUniqueOrThrow({ where: { id: outcome!.saleReturn.id } })).toMatchObject({ stockRestored: true });
    await recoverSagas(settings.recovery, later);
    expect(await stock(p.id)).toBe(before + 2);
  });
});
