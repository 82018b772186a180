import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storeId, warehouseId } from '../support/demo.js';
import { gqlOk, login } from '../support/graphql-client.js';
import { demoProduct, stockOf } from './support/api.js';
import { alertOf, screenshot, signIn, textOf, useBrowser } from './support/browser.js';

// Replenishment for STORE-1 and STORE-3; products of this file: Oat Milk 1L, Lemonade 750ml, Cold Brew 250ml, Apple Juice 1L.
const browser = useBrowser();

async function requestAsStaff(email: string, store: string, productId: string, quantity: number): Promise<string> {
  const data = await gqlOk(
    `mutation($s: ID!, $p: ID!, $q: Int!) { requestReplenishment(storeId: $s, productId: $p, quantity: $q) { id } }`,
    { s: store, p: productId, q: quantity },
    await login(email),
  );
  return data.requestReplenishment.id;
}

async function replenishmentPage(): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, 'logistics@retail.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Replenishment' }).click();
  await page.getByRole('heading', { name: 'Replenishment requests' }).waitFor();
  return page;
}

const requestRow = (page: Page, product: string) => page.getByTestId('request-row').filter({ hasText: product });

describe('logistics', () => {
  it('when logistics approves a pending request, then the stock moves from the warehouse to the store and the request leaves the pending list', async () => {
    const oatMilk = demoProduct('Oat Milk 1L');
    await requestAsStaff('manager1@retail.test', storeId(1), oatMilk.id, 12);
    const [storeBefore, warehouseBefore] = [await stockOf(oatMilk.id, storeId(1)), await stockOf(oatMilk.id, warehouseId)];
    const page = await replenishmentPage();

    const row = requestRow(page, 'Oat Milk 1L');
    expect(await textOf(row)).toMatch(new RegExp(`STORE-1\\s+Oat Milk 1L\\s+${oatMilk.sku}\\s+12\\s+${warehouseBefore}`));
    await screenshot(page, 'replenishment-pending');
    await page.getByRole('button', { name: 'Approve 12 Oat Milk 1L for STORE-1' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Approved' }))).toBe('Approved: 12 × Oat Milk 1L moved from the warehouse to STORE-1.');
    await row.waitFor({ state: 'detached' });
    expect(await stockOf(oatMilk.id, storeId(1))).toBe(storeBefore + 12);
    expect(await stockOf(oatMilk.id, warehouseId)).toBe(warehouseBefore - 12);

    await page.getByRole('tab', { name: 'Approved' }).click();
    expect(await textOf(requestRow(page, 'Oat Milk 1L'))).toContain('approved');
  });

  it('when logistics rejects a request with a reason, then it shows under Rejected with that reason and no stock moves', async () => {
    const lemonade = demoProduct('Lemonade 750ml');
    await requestAsStaff('clerk3@retail.test', storeId(3), lemonade.id, 6);
    const before = await stockOf(lemonade.id, storeId(3));
    const page = await replenishmentPage();

    await page.getByRole('button', { name: 'Reject 6 Lemonade 750ml for STORE-3' }).click();
    await page.getByLabel('Reason for rejecting').fill('Seasonal product, not restocked');
    await page.getByRole('button', { name: 'Confirm reject' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Rejected' }))).toBe('Rejected: 6 × Lemonade 750ml for STORE-3.');
    await requestRow(page, 'Lemonade 750ml').waitFor({ state: 'detached' });

    await page.getByRole('tab', { name: 'Rejected' }).click();
    expect(await textOf(requestRow(page, 'Lemonade 750ml'))).toMatch(/rejected[\s\S]*Seasonal product, not restocked/);
    expect(await stockOf(lemonade.id, storeId(3))).toBe(before);
    await screenshot(page, 'replenishment-rejected');
  });

  it('when a request was decided by someone else meanwhile, then approving it again is refused with the CONFLICT message and stock moves once', async () => {
    const coldBrew = demoProduct('Cold Brew 250ml');
    const id = await requestAsStaff('manager1@retail.test', storeId(1), coldBrew.id, 5);
    const before = await stockOf(coldBrew.id, storeId(1));
    const page = await replenishmentPage();
    await requestRow(page, 'Cold Brew 250ml').waitFor();

    await gqlOk(`mutation($id: ID!) { approveReplenishment(id: $id) { status } }`, { id }, await login('admin@retail.test'));
    await page.getByRole('button', { name: 'Approve 5 Cold Brew 250ml for STORE-1' }).click();
    expect(await textOf(alertOf(page))).toMatch(/^That clashes with what is already recorded\. .+/);
    expect(await stockOf(coldBrew.id, storeId(1))).toBe(before + 5);
    await screenshot(page, 'replenishment-conflict');
    // The list is refreshed: the request is no longer pending.
    await requestRow(page, 'Cold Brew 250ml').waitFor({ state: 'detached' });
  });

  it('when logistics opens the warehouse stock, then it lists the warehouse with search, read-only', async () => {
    const appleJuice = demoProduct('Apple Juice 1L');
    const page = await replenishmentPage();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Warehouse stock' }).click();
    await page.getByRole('heading', { name: 'Warehouse stock · Central Warehouse' }).waitFor();
    expect(await textOf(page.getByTestId('page-range'))).toBe('1–20 of 70');
    await page.getByLabel('Search stock').fill('Apple Juice');
    await page.getByTestId('page-range').filter({ hasText: '1–1 of 1' }).waitFor();
    expect(await textOf(page.getByTestId('stock-quantity'))).toBe(String(await stockOf(appleJuice.id, warehouseId)));
    expect(await page.getByRole('button', { name: /^(Adjust|Request) / }).count()).toBe(0);
    await screenshot(page, 'warehouse-stock');
  });
});
