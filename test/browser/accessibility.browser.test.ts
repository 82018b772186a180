import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUrl, signIn, useBrowser } from './support/browser.js';

/**
 * Every page of every role audited with axe-core against WCAG 2 A and AA:
 * a serious or critical violation fails the test, naming the rule and the
 * elements. The pages are the ones each role's menu offers, as it sees them
 * after signing in (plus the sign-in page and a sale's detail).
 */
const browser = useBrowser();

const accounts = {
  clerk: 'clerk1@retail.test',
  'store manager': 'manager1@retail.test',
  logistics: 'logistics@retail.test',
  'head office': 'admin@retail.test',
  customer: 'customer@retail.test',
} as const;

interface Violation {
  page: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical WCAG 2 A/AA violations of the page as it is now. */
async function audit(page: Page, name: string): Promise<Violation[]> {
  // Data arrives after the first paint: audit what the user reads, not a loading state.
  await page.waitForLoadState('networkidle');
  await page.getByText(/^Loading/).first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, rule: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/** The paths a signed-in role's menu links to, in menu order. */
async function menuPaths(page: Page): Promise<string[]> {
  const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((href) => href.startsWith('/')))];
}

describe('accessibility (axe-core, WCAG 2 A and AA)', () => {
  it('when nobody is signed in, then the sign-in page has no serious or critical violation', async () => {
    const page = await browser.newPage();
    await page.goto(appUrl('/signin'));
    expect(await audit(page, '/signin')).toEqual([]);
  });

  for (const [role, email] of Object.entries(accounts)) {
    it(`when ${role} opens each page of the menu, then none has a serious or critical violation`, async () => {
      const page = await browser.newPage();
      await signIn(page, email);
      const violations = await audit(page, '/');
      const paths = await menuPaths(page);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        await page.goto(appUrl(path));
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        violations.push(...(await audit(page, path)));
      }
      expect(violations).toEqual([]);
    });
  }

  it("when a clerk opens a sale's detail from the store's history, then it has no serious or critical violation", async () => {
    const page = await browser.newPage();
    await signIn(page, accounts.clerk);
    await page.goto(appUrl('/sales'));
    const detail = page.locator('a[href^="/sale?id="]').first();
    await detail.waitFor();
    await detail.click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await audit(page, '/sale')).toEqual([]);
  });
});
