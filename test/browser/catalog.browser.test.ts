import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gqlOk } from '../support/graphql-client.js';
import { alertOf, screenshot, signIn, textOf, useBrowser } from './support/browser.js';

// Head office catalog edits; this file creates its own products (SKU WEB-…), and reads BEV-0001.
const browser = useBrowser();
const sku = `WEB-${Date.now().toString(36).toUpperCase()}`;

async function catalogPage(): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, 'admin@retail.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalog' }).click();
  await page.getByRole('heading', { name: 'Catalog' }).waitFor();
  await page.getByTestId('catalog-row').first().waitFor();
  return page;
}

async function productBySku(s: string) {
  const data = await gqlOk(`query($s: String) { products(search: $s) { edges { node { id sku name price description active category } } } }`, { s });
  return data.products.edges.map((e: any) => e.node).find((p: any) => p.sku === s);
}

async function findRow(page: Page, text: string) {
  await page.getByLabel('Search products').fill(text);
  const row = page.getByTestId('catalog-row').filter({ hasText: text });
  await row.waitFor();
  return row;
}

describe('catalog (head office)', () => {
  it('when head office creates a product, then the catalog lists it at its price and the API serves it', async () => {
    const page = await catalogPage();
    await screenshot(page, 'catalog');
    await page.getByRole('button', { name: 'New product' }).click();
    const form = page.getByRole('form', { name: 'New product' });
    await form.getByLabel('SKU').fill(sku);
    await form.getByLabel('Name').fill('Browser Test Tea');
    await form.getByLabel('Category').fill('Beverages');
    await form.getByLabel('Price').fill('4.20');
    await form.getByLabel('Description').fill('Loose leaf, 100 g');
    await screenshot(page, 'catalog-new-product');
    await form.getByRole('button', { name: 'Create product' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Created' }))).toBe(`Created Browser Test Tea (${sku}).`);

    const row = await findRow(page, sku);
    expect(await textOf(row)).toMatch(/Browser Test Tea[\s\S]*Loose leaf, 100 g[\s\S]*Beverages\s+4\.20\s+active/);
    expect(await productBySku(sku)).toMatchObject({ name: 'Browser Test Tea', price: '4.20', category: 'Beverages', active: true });
  });

  it('when head office changes name, price and description, then the catalog and the API show the change', async () => {
    const page = await catalogPage();
    const row = await findRow(page, sku);
    await row.getByRole('button', { name: 'Edit Browser Test Tea' }).click();
    const form = page.getByRole('form', { name: 'Edit Browser Test Tea' });
    expect(await form.getByLabel('SKU').isDisabled()).toBe(true);
    await form.getByLabel('Name').fill('Browser Test Tea Deluxe');
    await form.getByLabel('Price').fill('4.35');
    await form.getByLabel('Description').fill('Loose leaf, 125 g');
    await form.getByRole('button', { name: 'Save changes' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Saved' }))).toBe(`Saved Browser Test Tea Deluxe (${sku}), price 4.35.`);
    await page.getByTestId('catalog-row').filter({ hasText: 'Browser Test Tea Deluxe' }).filter({ hasText: '4.35' }).waitFor();
    expect(await productBySku(sku)).toMatchObject({ name: 'Browser Test Tea Deluxe', price: '4.35', description: 'Loose leaf, 125 g', active: true });
  });

  it('when head office deactivates a product, then it is marked inactive and can be reactivated', async () => {
    const page = await catalogPage();
    const row = await findRow(page, sku);
    await row.getByRole('button', { name: 'Deactivate Browser Test Tea Deluxe' }).click();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'deactivated' }))).toBe('Browser Test Tea Deluxe is deactivated.');
    await row.getByText('inactive').waitFor();
    expect((await productBySku(sku)).active).toBe(false);
    await screenshot(page, 'catalog-deactivated');

    await row.getByRole('button', { name: 'Reactivate Browser Test Tea Deluxe' }).click();
    await row.getByText('active', { exact: true }).waitFor();
    expect((await productBySku(sku)).active).toBe(true);
  });

  it('when the SKU is taken, then the CONFLICT message says so; when the price has three decimals, then the form does not send it', async () => {
    const page = await catalogPage();
    await page.getByRole('button', { name: 'New product' }).click();
    const form = page.getByRole('form', { name: 'New product' });
    await form.getByLabel('SKU').fill('BEV-0001');
    await form.getByLabel('Name').fill('Duplicate water');
    await form.getByLabel('Category').fill('Beverages');
    await form.getByLabel('Price').fill('1.999');
    expect(await textOf(form.getByText('Use a number with at most two decimals'))).toContain('e.g. 3.50');
    expect(await form.getByRole('button', { name: 'Create product' }).isDisabled()).toBe(true);

    await form.getByLabel('Price').fill('0.99');
    await form.getByRole('button', { name: 'Create product' }).click();
    expect(await textOf(alertOf(form))).toBe('That clashes with what is already recorded. A product with SKU BEV-0001 already exists');
    expect((await productBySku('BEV-0001')).name).toBe('Sparkling Water 1L');
    await screenshot(page, 'catalog-sku-conflict');
  });
});
