import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { storeId } from '../support/demo.js';
import { gqlOk, login } from '../support/graphql-client.js';
import { waitFor } from '../support/wait-for.js';
import { demoProduct, recordSale, setStock } from './support/api.js';
import { appUrl, screenshot, signIn, textOf, useBrowser } from './support/browser.js';

// Head office's dashboard and sales report, and stock alerts; sales and alerts at STORE-4 and STORE-1; products: Kefir 500ml, Parmesan 100g.
const browser = useBrowser();

async function adminPage(link: string): Promise<Page> {
  const page = await browser.newPage();
  await signIn(page, 'admin@retail.test');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
  return page;
}

async function admin<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  return gqlOk<T>(query, variables, await login('admin@retail.test'));
}

/** Reporting is fed by events: wait (bounded) until the read model has caught up; a timeout shows the last answer. */
function eventually<T>(read: () => Promise<T>, until: (value: T) => boolean, what: string): Promise<T> {
  return waitFor(read, until, what, 20_000);
}

/** Midnight UTC (the browser runs in UTC) `days` from today. */
const utcDay = (days: number) => {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString();
};

describe('head office reporting', () => {
  it('when a sale is made and stock runs low, then the dashboard shows the store revenue, the 7-day chart, its stock-out count with the worst three, its low-stock list one click away, and the alert', async () => {
    const [kefir, parmesan] = [demoProduct('Kefir 500ml'), demoProduct('Parmesan 100g')];
    await setStock(kefir.id, storeId(4), 10);
    const sale = await recordSale(storeId(4), 'clerk4@retail.test', [{ productId: kefir.id, quantity: 2 }]);
    // Restocked first, so the alert raised next is new (the demo data may already hold an open one, raised among the oldest).
    await setStock(parmesan.id, storeId(4), 20);
    await setStock(parmesan.id, storeId(4), 3);
    const dashboardQuery = `{ dashboard { stores { store { code } revenueToday revenueLast7Days stockOutCount stockOuts(first: 3) { quantity product { name } } } }
      stockAlertConnection(first: 10) { edges { node { product { id } store { code } } } } }`;
    const expected = await eventually(
      () => admin(dashboardQuery),
      (d) =>
        Number(d.dashboard.stores.find((s: any) => s.store.code === 'STORE-4').revenueToday) >= Number(sale.total) &&
        d.stockAlertConnection.edges.some((e: any) => e.node.product.id === parmesan.id && e.node.store.code === 'STORE-4'),
      "the sale in STORE-4's revenue and Parmesan's alert",
    );
    const store4 = expected.dashboard.stores.find((s: any) => s.store.code === 'STORE-4');

    const page = await adminPage('Dashboard');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const row = page.getByTestId('dashboard-store').filter({ hasText: 'STORE-4' });
    expect(await textOf(row)).toMatch(new RegExp(`STORE-4\\s+Old Town Store\\s+${store4.revenueToday.replace('.', '\\.')}\\s+${store4.revenueLast7Days.replace('.', '\\.')}`));
    expect(await textOf(row.getByTestId('store-stock-outs'))).toBe(String(store4.stockOutCount));
    for (const level of store4.stockOuts) expect(await row.innerText()).toContain(`${level.product.name} (${level.quantity})`);
    expect(await page.getByTestId('chart-day').count()).toBe(7);
    expect(await page.getByRole('img', { name: 'Revenue per day and store over the last 7 days' }).locator('rect').count()).toBe(7 * 5);
    const alert = page.getByTestId('alert-row').filter({ hasText: 'Parmesan 100g' }).filter({ hasText: 'STORE-4' });
    expect(await textOf(alert)).toMatch(/STORE-4\s+Parmesan 100g.*\s+3\s+5$/);
    const totalToday = expected.dashboard.stores.reduce((cents: number, s: any) => cents + Math.round(Number(s.revenueToday) * 100), 0);
    expect(await textOf(page.getByTestId('revenue-today'))).toBe((totalToday / 100).toFixed(2));
    await screenshot(page, 'dashboard');
    await page.getByRole('link', { name: 'Low stock of STORE-4' }).click();
    await page.getByTestId('stock-row').filter({ hasText: 'Parmesan 100g' }).waitFor();
    expect(await textOf(page.getByTestId('page-range'))).toMatch(new RegExp(`of ${store4.stockOutCount}$`));
  });

  it('when head office picks a period, then the consolidated report matches the API; when the period is reversed, then it says so', async () => {
    const page = await adminPage('Sales report');
    await page.getByRole('heading', { name: 'Sales report' }).waitFor();
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await page.getByTestId('report-store').first().waitFor();
    await page.locator('[aria-busy="false"]').filter({ has: page.getByTestId('report-revenue') }).waitFor();
    const { salesReport } = await admin(`query($f: DateTime!, $t: DateTime!) { salesReport(from: $f, to: $t) { totalRevenue saleCount stores { store { code } revenue } topProducts(limit: 10) { product { name } } } }`, {
      f: utcDay(-29),
      t: utcDay(1),
    });
    expect(await textOf(page.getByTestId('report-revenue'))).toBe(salesReport.totalRevenue);
    expect(await textOf(page.getByTestId('report-sales'))).toBe(String(salesReport.saleCount));
    const rows = await page.getByTestId('report-store').allInnerTexts();
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(salesReport.stores.map((s: any) => s.store.code));
    expect(rows[0]).toContain(salesReport.stores[0].revenue);
    expect(await page.getByTestId('report-product').count()).toBe(salesReport.topProducts.length);
    await screenshot(page, 'sales-report');

    await page.getByLabel('From').fill('2030-01-02');
    await page.getByLabel('To (inclusive)').fill('2030-01-01');
    expect(await textOf(page.getByRole('alert'))).toContain('The start of the period must not be after its end.');
  });

  it('when a store manager opens stock alerts, then only their store shows, and head-office reports are not offered', async () => {
    const parmesan = demoProduct('Parmesan 100g');
    await setStock(parmesan.id, storeId(1), 1);
    await eventually(
      async () => (await gqlOk(`{ stockAlerts { product { id } store { code } } }`, {}, await login('manager1@retail.test'))).stockAlerts,
      (alerts: any[]) => alerts.some((a) => a.product.id === parmesan.id),
      "Parmesan's alert at STORE-1",
    );
    const page = await browser.newPage();
    await signIn(page, 'manager1@retail.test');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Stock alerts' }).click();
    await page.getByTestId('alert-row').filter({ hasText: 'Parmesan 100g' }).waitFor();
    const stores = (await page.getByTestId('alert-row').allInnerTexts()).map((r) => r.split(/\s+/).find((w) => w.startsWith('STORE-')));
    expect(new Set(stores)).toEqual(new Set(['STORE-1']));
    await screenshot(page, 'stock-alerts-manager');

    await page.goto(appUrl('/reports'));
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Not available for your role');
  });
});
