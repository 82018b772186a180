import { describe, expect, it } from 'vitest';
import { storeId } from '../support/demo.js';
import { demoProduct, recordSale, salesCount, setStock, stockOf } from './support/api.js';
import { alertOf, appUrl, fitsWidth, screenshot, signIn, textOf, useBrowser } from './support/browser.js';

// The till of STORE-1 (clerk1); products of this file: Baguette, Greek Yogurt 500g, Pretzel, Rye Bread, Focaccia.
const browser = useBrowser();
const clerk = 'clerk1@retail.test';

async function tillPage(viewport: 'desktop' | 'tabletPortrait' = 'desktop') {
  const page = await browser.newPage(viewport);
  await signIn(page, clerk);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Till' }).click();
  await page.getByRole('heading', { name: 'Till · Downtown Store' }).waitFor();
  await page.getByTestId('product-row').first().waitFor();
  return page;
}

async function search(page: Awaited<ReturnType<typeof tillPage>>, text: string) {
  await page.getByLabel('Search products').fill(text);
  await page.getByTestId('product-row').filter({ hasText: text }).first().waitFor();
}

describe('the till', () => {
  it('when the clerk searches by name, by SKU and by category, then the matching products show with the store stock', async () => {
    const page = await tillPage();
    const croissant = demoProduct('Croissant');
    await search(page, 'Croissant');
    await page.getByTestId('product-row').nth(1).waitFor({ state: 'detached' });
    expect(await page.getByTestId('product-row').allInnerTexts()).toEqual([expect.stringContaining(`Croissant\n${croissant.sku} · Bakery`)]);
    expect(await page.getByTestId('product-row').first().innerText()).toContain(String(await stockOf(croissant.id, storeId(1))));

    const cheddar = demoProduct('Cheddar 200g');
    await search(page, cheddar.sku);
    expect(await textOf(page.getByTestId('product-row'))).toContain('Cheddar 200g');

    await page.getByLabel('Search products').fill('');
    await page.getByLabel('Category').selectOption('Produce');
    await page.getByTestId('product-row').filter({ hasText: 'Bananas 1kg' }).waitFor();
    await page.getByTestId('product-row').filter({ hasNotText: '· Produce' }).first().waitFor({ state: 'detached' });
    expect(await textOf(page.getByTestId('page-range'))).toBe('1–10 of 10');
  });

  it('when the clerk builds a sale and double-clicks Record sale, then one sale is recorded, stock goes down once and the receipt shows the exact total', async () => {
    const [baguette, yogurt] = [demoProduct('Baguette'), demoProduct('Greek Yogurt 500g')];
    await setStock(baguette.id, storeId(1), 10);
    await setStock(yogurt.id, storeId(1), 10);
    const before = await salesCount(storeId(1), clerk);
    const page = await tillPage();

    await search(page, 'Baguette');
    await page.getByRole('button', { name: 'Add Baguette' }).click();
    await page.getByRole('button', { name: 'One more Baguette' }).click();
    await search(page, 'Greek Yogurt');
    await page.getByRole('button', { name: 'Add Greek Yogurt 500g' }).click();
    expect(await page.getByTestId('sale-line').count()).toBe(2);
    expect(await page.getByLabel('Quantity of Baguette').inputValue()).toBe('2');
    expect(await textOf(page.getByTestId('sale-total'))).toBe('5.75'); // 2 × 1.50 + 2.75
    await screenshot(page, 'till-sale');

    await page.getByRole('button', { name: 'Record sale' }).dblclick();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Sale recorded' }))).toBe('Sale recorded. Total 5.75.');
    expect(await textOf(page.getByTestId('receipt-total'))).toBe('5.75');
    expect(await receipt.innerText()).toContain('Downtown Store');
    expect(await receipt.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/^Baguette\s+2\s+1\.50\s+3\.00$/), expect.stringMatching(/^Greek Yogurt 500g\s+1\s+2\.75\s+2\.75$/)]);

    expect(await salesCount(storeId(1), clerk)).toBe(before + 1);
    expect(await stockOf(baguette.id, storeId(1))).toBe(8);
    expect(await stockOf(yogurt.id, storeId(1))).toBe(9);
    await screenshot(page, 'till-receipt');

    // Print: only the receipt, no menu or buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print receipt' }).isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await screenshot(page, 'till-receipt-print');
  });

  it('when the clerk sells more than is on the shelf, then the INSUFFICIENT_STOCK message names the product and nothing is recorded', async () => {
    const pretzel = demoProduct('Pretzel');
    await setStock(pretzel.id, storeId(1), 3);
    const before = await salesCount(storeId(1), clerk);
    const page = await tillPage();
    await search(page, 'Pretzel');
    await page.getByRole('button', { name: 'Add Pretzel' }).click();
    await page.getByLabel('Quantity of Pretzel').fill('5');
    await page.getByRole('button', { name: 'Record sale' }).click();

    expect(await textOf(alertOf(page))).toBe('Not enough stock. Only 3 of Pretzel left in stock. Lower the quantity and try again.');
    expect(await page.getByTestId('sale-line').count()).toBe(1);
    expect(await salesCount(storeId(1), clerk)).toBe(before);
    expect(await stockOf(pretzel.id, storeId(1))).toBe(3);
    await screenshot(page, 'till-insufficient-stock');

    // Lowering the quantity makes it a new attempt that goes through.
    await page.getByLabel('Quantity of Pretzel').fill('3');
    await page.getByRole('button', { name: 'Record sale' }).click();
    await page.getByTestId('receipt').waitFor();
    expect(await stockOf(pretzel.id, storeId(1))).toBe(0);
  });

  it('when the clerk takes a sale back from the history, first in part then the rest, then refunds add up and the stock returns', async () => {
    const rye = demoProduct('Rye Bread');
    await setStock(rye.id, storeId(1), 10);
    const sale = await recordSale(storeId(1), clerk, [{ productId: rye.id, quantity: 3 }]);
    const page = await tillPage();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sales & returns' }).click();
    const row = page.getByTestId('sale-row').first();
    expect(await textOf(row)).toContain('3 × Rye Bread');
    await screenshot(page, 'sales-history');
    await row.getByRole('link').click();

    await page.getByRole('heading', { name: 'Take a return' }).waitFor();
    await page.getByLabel('Return quantity of Rye Bread').fill('1');
    await page.getByLabel('Reason (optional)').fill('Stale');
    await page.getByRole('button', { name: 'Return selected items' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Returned' }))).toBe('Returned: refund 2.90.');
    await page.getByTestId('sale-status').filter({ hasText: 'Partially returned' }).waitFor();
    expect(await textOf(page.getByTestId('receipt-refunded'))).toBe('−2.90');
    await screenshot(page, 'sale-partly-returned');

    await page.getByRole('button', { name: 'Return everything left' }).click();
    await page.getByTestId('sale-status').filter({ hasText: /^Returned$/ }).waitFor();
    expect(await textOf(page.getByTestId('receipt-refunded'))).toBe(`−${sale.total}`);
    expect(await page.getByRole('heading', { name: 'Take a return' }).count()).toBe(0);
    expect(await stockOf(rye.id, storeId(1))).toBe(10);
  });

  it('when a clerk opens another store\'s sales, then the API refuses and the page says so', async () => {
    const focaccia = demoProduct('Focaccia');
    await setStock(focaccia.id, storeId(2), 10);
    const other = await recordSale(storeId(2), 'clerk2@retail.test', [{ productId: focaccia.id, quantity: 1 }]);
    const page = await tillPage();

    await page.goto(appUrl(`/sales?store=${storeId(2)}`));
    expect(await textOf(alertOf(page))).toMatch(/^Not allowed\. Staff may act only on their own store\./);
    expect(await page.getByTestId('sale-row').count()).toBe(0);
    await screenshot(page, 'sales-other-store-forbidden');

    await page.goto(appUrl(`/sale?id=${other.id}`));
    expect(await textOf(alertOf(page))).toMatch(/^Not allowed\./);
    expect(await page.getByTestId('receipt').count()).toBe(0);
  });

  it('when the till is used on a tablet held upright, then it fits the screen without sideways scrolling', async () => {
    const page = await tillPage('tabletPortrait');
    await search(page, 'Croissant');
    await page.getByRole('button', { name: 'Add Croissant' }).click();
    await page.getByTestId('sale-line').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'till-tablet');
  });
});
