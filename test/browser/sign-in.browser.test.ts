import { SignJWT, decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { config } from '../../platform/config/config.js';
import { alertOf, appUrl, screenshot, signIn, textOf, useBrowser } from './support/browser.js';

const browser = useBrowser();

/** The menu each demo role sees, in order. */
const menus: Array<[string, string[]]> = [
  ['clerk1@retail.test', ['Till', 'Sales & returns', 'Store stock']],
  ['manager1@retail.test', ['Till', 'Sales & returns', 'Store stock', 'Stock alerts']],
  ['logistics@retail.test', ['Replenishment', 'Warehouse stock', 'Stock alerts']],
  ['admin@retail.test', ['Dashboard', 'Sales report', 'Sales & returns', 'Store stock', 'Replenishment', 'Warehouse stock', 'Catalog']],
  ['customer@retail.test', ['Shop']],
];

describe('signing in', () => {
  it('when someone opens the app signed out, then the sign-in form and the demo accounts show', async () => {
    const page = await browser.newPage();
    await page.goto(appUrl('/'));
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(await page.getByRole('heading', { name: 'Demo accounts' }).isVisible()).toBe(true);
    await screenshot(page, 'sign-in');
  });

  for (const [email, labels] of menus) {
    it(`when ${email} signs in, then the menu shows what the role may do`, async () => {
      const page = await browser.newPage();
      await signIn(page, email);
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allInnerTexts()).toEqual(labels);
      // The home page offers the same things, with what each one does.
      expect(await page.locator('main').getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(labels);
      await screenshot(page, `home-${email.split('@')[0]}`);
    });
  }

  it('when the password is wrong, then the sign-in is refused with a clear message and nothing is stored', async () => {
    const page = await browser.newPage();
    await page.goto(appUrl('/signin'));
    await page.getByLabel('Email').fill('clerk1@retail.test');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect(await textOf(alertOf(page))).toMatch(/^Please sign in\./);
    expect(await page.evaluate(() => sessionStorage.getItem('retail.session'))).toBeNull();
    await screenshot(page, 'sign-in-refused');
  });

  it('when a signed-in clerk reloads, then the session survives in the tab, and after signing out a page asks to sign in again', async () => {
    const page = await browser.newPage();
    await signIn(page, 'clerk1@retail.test');
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Clerk 1' }).waitFor();
    expect(await textOf(page.getByTestId('viewer'))).toContain('Clerk · STORE-1');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.goto(appUrl('/stock'));
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/stock');
  });

  it('when the session token has expired, then the next request signs out with a notice, and signing in again works', async () => {
    const page = await browser.newPage();
    await signIn(page, 'clerk1@retail.test');
    const session = JSON.parse((await page.evaluate(() => sessionStorage.getItem('retail.session')))!) as { token: string };
    const claims = decodeJwt(session.token);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ ...claims, iat: now - 2 * 3600, exp: now - 3600 }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(config().JWT_SECRET));
    await page.evaluate((token) => sessionStorage.setItem('retail.session', JSON.stringify({ ...JSON.parse(sessionStorage.getItem('retail.session')!), token })), expired);
    await page.goto(appUrl('/stock'));
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await textOf(page.getByText('Your session has expired'))).toBe('Your session has expired. Please sign in again.');
    expect(await page.evaluate(() => sessionStorage.getItem('retail.session'))).toBeNull();
    await signIn(page, 'clerk1@retail.test');
    await page.getByRole('heading', { name: 'Welcome, Clerk 1' }).waitFor();
  });

  it('when a customer opens a head-office page by its address, then it is not offered', async () => {
    const page = await browser.newPage();
    await signIn(page, 'customer@retail.test');
    await page.goto(appUrl('/catalog'));
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Not available for your role');
  });

  it('when a new customer registers, then they are signed in as a customer', async () => {
    const page = await browser.newPage();
    await page.goto(appUrl('/signin'));
    await page.getByRole('button', { name: 'New customer? Create an account' }).click();
    await page.getByLabel('Name').fill('Bea Browser');
    await page.getByLabel('Email').fill(`bea-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('a-long-password-1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Welcome, Bea Browser' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).toEqual(['Shop']);
  });
});
