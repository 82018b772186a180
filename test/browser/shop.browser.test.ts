import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storeId } from '../support/demo.js';
import { demoProduct, setStock, stockOf } from './support/api.js';
import { alertOf, fitsWidth, screenshot, signIn, textOf, useBrowser } from './support/browser.js';

// The customer shop at STORE-2 (Harbour Store); products of this file: Orange Juice 1L, Dark Chocolate 100g, Trail Mix 200g, Hand Cream 75ml.
const browser = useBrowser();

async function shopPage(viewport: 'desktop' | 'tabletPortrait' = 'desktop'): Promise<Page> {
  const page = await browser.newPage(viewport);
  await signIn(page, 'customer@retail.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shop' }).click();
  await page.getByTestId('shop-product').first().waitFor();
  await page.getByLabel('Store').selectOption(storeId(2));
  return page;
}

async function addToCart(page: Page, name: string, quantity: number) {
  await page.getByLabel('Search products').fill(name);
  const card = page.getByTestId('shop-product').filter({ hasText: name });
  await card.waitFor();
  await page.getByTestId('shop-product').filter({ hasNotText: name }).first().waitFor({ state: 'detached' });
  await card.getByLabel(`Quantity of ${name}`).fill(String(quantity));
  await card.getByRole('button', { name: `Add ${name} to cart` }).click();
  await page.getByTestId('cart-item').filter({ hasText: name }).waitFor();
}

describe('the shop (customer)', () => {
  it('when a customer fills a cart, removes an item and checks out, then the order confirmation shows the exact total and the store stock goes down', async () => {
    const [juice, chocolate] = [demoProduct('Orange Juice 1L'), demoProduct('Dark Chocolate 100g')];
    await setStock(juice.id, storeId(2), 20);
    await setStock(chocolate.id, storeId(2), 20);
    const page = await shopPage();
    await screenshot(page, 'shop');

    await addToCart(page, 'Orange Juice 1L', 2);
    await addToCart(page, 'Dark Chocolate 100g', 1);
    await addToCart(page, 'Trail Mix 200g', 1);
    await page.getByRole('button', { name: 'Remove Trail Mix 200g from cart' }).click();
    await page.getByTestId('cart-item').filter({ hasText: 'Trail Mix 200g' }).waitFor({ state: 'detached' });
    expect(await page.getByTestId('cart-item').count()).toBe(2);
    expect(await textOf(page.getByTestId('cart-total'))).toBe('7.37'); // 2 × 2.49 + 2.39
    await screenshot(page, 'shop-cart');

    await page.getByRole('button', { name: 'Check out' }).dblclick();
    await page.getByTestId('receipt').waitFor();
    expect(await textOf(page.getByRole('status').filter({ hasText: 'Thank you' }))).toBe('Thank you! Your order is placed. Total 7.37.');
    expect(await textOf(page.getByTestId('receipt'))).toContain('Harbour Store');
    expect(await stockOf(juice.id, storeId(2))).toBe(18);
    expect(await stockOf(chocolate.id, storeId(2))).toBe(19);
    await screenshot(page, 'shop-order-placed');

    // Back in the shop the cart is empty: the checked-out cart is not reused.
    await page.getByRole('link', { name: '← Back to the shop' }).click();
    await page.getByText('Your cart is empty.').waitFor();
  });

  it('when the cart asks for more than the store has, then checkout explains INSUFFICIENT_STOCK and nothing is sold', async () => {
    const cream = demoProduct('Hand Cream 75ml');
    await setStock(cream.id, storeId(2), 1);
    const page = await shopPage();
    await page.getByLabel('Search products').fill('Hand Cream');
    await page.getByTestId('shop-product').filter({ hasText: 'Hand Cream 75ml' }).getByText('only 1 left').waitFor();
    await addToCart(page, 'Hand Cream 75ml', 3);
    await page.getByRole('button', { name: 'Check out' }).click();
    expect(await textOf(alertOf(page.getByRole('complementary')))).toBe('Not enough stock. Only 1 of Hand Cream 75ml left in stock. Lower the quantity and try again.');
    expect(await stockOf(cream.id, storeId(2))).toBe(1);
    expect(await page.getByTestId('cart-item').count()).toBe(1);
    await screenshot(page, 'shop-insufficient-stock');
  });

  it('when the shop is used on a tablet held upright, then it fits the screen', async () => {
    const page = await shopPage('tabletPortrait');
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'shop-tablet');
  });
});
