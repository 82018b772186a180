import { describe, expect, it } from 'vitest';
import { gqlOk, login } from '../support/graphql-client.js';
import { storeId } from '../support/demo.js';
import { demoProduct, setStock, stockOf } from './support/api.js';
import { alertOf, fitsWidth, screenshot, signIn, textOf, useBrowser } from './support/browser.js';
import type { Page } from 'playwright-core';

// Store stock of STORE-1 (manager1, clerk1); products of this file: Cinnamon Roll, Muffin Blueberry, Whole Wheat Toast, Bagels 4-pack.
const browser = useBrowser();

async function stockPage(email: string, viewport: 'desktop' | 'tabletLandscape' = 'desktop') {
  const page = await browser.newPage(viewport);
  await signIn(page, email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Store stock' }).click();
  await page.getByRole('heading', { name: 'Stock · Downtown Store' }).waitFor();
  await page.getByTestId('stock-row').first().waitFor();
  return page;
}

const quantities = async (page: Page) => (await page.getByTestId('stock-quantity').allInnerTexts()).map(Number);
const range = (page: Page) => textOf(page.getByTestId('page-range'));

/**
 * Every text the page range shows while `act` runs and until it reads `until`, in order
 * (from the DOM's mutation records, so a text shown for one frame is not missed).
 */
async function rangeTexts(page: Page, act: () => Promise<void>, until: string): Promise<string[]> {
  await page.getByTestId('page-range').evaluate((range) => {
    // React changes the range's one text node in place: each record carries the text shown before it.
    const old: string[] = [];
    const observer = new MutationObserver((records) => records.forEach((r) => r.oldValue !== null && old.push(r.oldValue)));
    observer.observe(range, { subtree: true, characterData: true, characterDataOldValue: true });
    Object.assign(window, { rangeOld: old, rangeObserver: observer });
  });
  await act();
  await page.getByTestId('page-range').filter({ hasText: until }).waitFor();
  return page.evaluate(() => {
    const w = window as unknown as { rangeOld: string[]; rangeObserver: MutationObserver };
    w.rangeObserver.takeRecords().forEach((r) => r.oldValue !== null && w.rangeOld.push(r.oldValue));
    w.rangeObserver.disconnect();
    return [...w.rangeOld, document.querySelector('[data-testid="page-range"]')?.textContent ?? ''];
  });
}

/** Waits until the table shows the answer to the latest filter (the busy flag drops). */
async function settled(page: Page) {
  await page.locator('.table-wrap[aria-busy="false"]').or(page.getByText('No stock matches.')).first().waitFor();
}

describe('store stock', () => {
  it('when the manager opens the stock, then it lists the store by product name, 20 a page, and Next / Previous walk the pages', async () => {
    const page = await stockPage('manager1@retail.test');
    expect(await range(page)).toBe('1–20 of 70');
    const firstPage = await page.getByTestId('stock-row').allInnerTexts();
    const names = await page.locator('[data-testid="stock-row"] td:first-child > div:first-child').allInnerTexts();
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
    await screenshot(page, 'stock');

    // The range names a page only once its rows are there: "Loading…" in between, never the next page's range over the old rows.
    const forward = await rangeTexts(page, () => page.getByRole('button', { name: 'Next →' }).click(), '21–40 of 70');
    expect(forward.filter((text, i) => text !== forward[i - 1])).toEqual(['1–20 of 70', 'Loading…', '21–40 of 70']);
    expect(await page.getByTestId('stock-row').allInnerTexts()).not.toEqual(firstPage);
    const back = await rangeTexts(page, () => page.getByRole('button', { name: '← Previous' }).click(), '1–20 of 70');
    expect(back.filter((text, i) => text !== back[i - 1])).toEqual(['21–40 of 70', 'Loading…', '1–20 of 70']);
    expect(await page.getByTestId('stock-row').allInnerTexts()).toEqual(firstPage);
  });

  it('when the manager searches, keeps only low stock and orders by quantity, then the rows follow', async () => {
    await setStock(demoProduct('Muffin Blueberry').id, storeId(1), 2);
    const page = await stockPage('manager1@retail.test');

    await page.getByLabel('Search stock').fill('Cinnamon');
    await page.getByTestId('page-range').filter({ hasText: '1–1 of 1' }).waitFor();
    expect(await textOf(page.getByTestId('stock-row'))).toContain('Cinnamon Roll');

    await page.getByLabel('Search stock').fill('');
    await page.getByLabel('Low stock only').check();
    await page.getByTestId('stock-row').filter({ hasText: 'Muffin Blueberry' }).waitFor();
    await settled(page);
    const low = await gqlOk(`query($s: ID!) { store(id: $s) { stock(lowStockOnly: true) { totalCount } } }`, { s: storeId(1) });
    expect(await range(page)).toMatch(new RegExp(` of ${low.store.stock.totalCount}$`));
    expect((await quantities(page)).every((q) => q <= 5)).toBe(true);
    await screenshot(page, 'stock-low');

    await page.getByLabel('Low stock only').uncheck();
    await page.getByLabel('Order by').selectOption('QUANTITY_ASC');
    await page.getByTestId('page-range').filter({ hasText: '1–20 of 70' }).waitFor();
    await settled(page);
    const ascending = await quantities(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending[0]).toBeLessThanOrEqual(2);

    await page.getByLabel('Order by').selectOption('QUANTITY_DESC');
    await page.getByTestId('stock-quantity').first().filter({ hasNotText: String(ascending[0]) }).waitFor();
    await settled(page);
    const descending = await quantities(page);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
  });

  it('when the manager requests replenishment, then it is pending at the warehouse and listed for the store', async () => {
    const bagels = demoProduct('Bagels 4-pack');
    const page = await stockPage('manager1@retail.test');
    await page.getByLabel('Search stock').fill('Bagels');
    await page.getByTestId('page-range').filter({ hasText: '1–1 of 1' }).waitFor();
    await page.getByRole('button', { name: 'Request Bagels 4-pack' }).click();
    await page.getByLabel('Quantity to request').fill('24');
    await page.getByRole('button', { name: 'Send request' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Requested' }))).toBe('Requested 24 × Bagels 4-pack from the warehouse (pending approval).');
    const listed = page.getByTestId('request-row').filter({ hasText: 'Bagels 4-pack' });
    expect(await textOf(listed)).toMatch(/Bagels 4-pack\s+24\s+pending/);
    await screenshot(page, 'stock-replenishment-requested');

    const { replenishmentRequests } = await gqlOk(`query($s: ID) { replenishmentRequests(storeId: $s, status: PENDING) { quantity product { id } } }`, { s: storeId(1) }, await login('logistics@retail.test'));
    expect(replenishmentRequests).toContainEqual({ quantity: 24, product: { id: bagels.id } });
  });

  it('when the manager adjusts stock, then the new quantity shows; when an adjustment would take more than there is, then INSUFFICIENT_STOCK is explained', async () => {
    const toast = demoProduct('Whole Wheat Toast');
    await setStock(toast.id, storeId(1), 10);
    const page = await stockPage('manager1@retail.test');
    await page.getByLabel('Search stock').fill('Whole Wheat');
    await page.getByTestId('page-range').filter({ hasText: '1–1 of 1' }).waitFor();
    await page.getByRole('button', { name: 'Adjust Whole Wheat Toast' }).click();
    await page.getByLabel('Change (+ or −)').fill('5');
    await page.getByLabel('Reason').fill('Stock count');
    await page.getByRole('button', { name: 'Apply' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Stock of' }))).toBe('Stock of Whole Wheat Toast is now 15.');
    await page.getByTestId('stock-quantity').filter({ hasText: /^15$/ }).waitFor();
    expect(await stockOf(toast.id, storeId(1))).toBe(15);

    await page.getByRole('button', { name: 'Adjust Whole Wheat Toast' }).click();
    await page.getByLabel('Change (+ or −)').fill('-99');
    await page.getByLabel('Reason').fill('Breakage');
    await page.getByRole('button', { name: 'Apply' }).click();
    expect(await textOf(alertOf(page))).toBe('Not enough stock. Only 15 of Whole Wheat Toast left in stock. Lower the quantity and try again.');
    expect(await stockOf(toast.id, storeId(1))).toBe(15);
    await screenshot(page, 'stock-adjust-refused');
  });

  it('when a clerk opens the stock, then they may request replenishment but not adjust', async () => {
    const page = await stockPage('clerk1@retail.test');
    expect(await page.getByRole('button', { name: /^Request / }).count()).toBe(20);
    expect(await page.getByRole('button', { name: /^Adjust / }).count()).toBe(0);
  });

  it('when the stock is used on a tablet held sideways, then it fits the screen', async () => {
    const page = await stockPage('manager1@retail.test', 'tabletLandscape');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'stock-tablet');
  });
});
