import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';

/**
 * Debian's Chromium driven by playwright-core (no browser download: Playwright's
 * own would be fetched from a host we cannot reach). Without the background
 * networking flags below, Chromium's connections to the outside are refused
 * many at a time. Playwright gives every launch a fresh temporary profile.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.resolve(import.meta.dirname, '../../../.data/screenshots');

export const viewports = {
  desktop: { width: 1280, height: 860 },
  tabletLandscape: { width: 1024, height: 768 },
  tabletPortrait: { width: 768, height: 1024 },
} as const;

/** The router under test, e.g. http://127.0.0.1:41234 (the app is served at `/`). */
export const appUrl = (pathAndQuery = '/') => new URL(pathAndQuery, inject('routerUrl')).href;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export interface BrowserSession {
  browser: Browser;
  /** A new tab in a fresh context (own sessionStorage); uncaught page errors and CSP refusals are collected. */
  newPage(viewport?: keyof typeof viewports): Promise<Page>;
  /** Page errors seen so far: expected to stay empty. */
  pageErrors: string[];
}

/** One browser per test file, closed after it; each page lives in its own context. */
export function useBrowser(): BrowserSession {
  const contexts: BrowserContext[] = [];
  const session: BrowserSession = {
    browser: undefined as unknown as Browser,
    pageErrors: [],
    async newPage(viewport = 'desktop') {
      const context = await session.browser.newContext({ viewport: viewports[viewport], locale: 'en-GB', timezoneId: 'UTC' });
      context.setDefaultTimeout(30_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => session.pageErrors.push(`${error.name}: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) session.pageErrors.push(message.text());
      });
      return page;
    },
  };
  beforeAll(async () => {
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await session.browser?.close();
    expect(session.pageErrors).toEqual([]);
  });
  return session;
}

/** Full-page screenshot written as a test artifact to .data/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/** Signs in through the sign-in form (password = the word before @) and waits for the menu. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(appUrl('/signin'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(email.split('@')[0]!);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
}

/** Text of an element once it is visible. */
export async function textOf(locator: Locator): Promise<string> {
  await locator.first().waitFor();
  return (await locator.first().innerText()).trim();
}

/** The alert (error banner) once one shows. */
export function alertOf(scope: Page | Locator): Locator {
  return scope.getByRole('alert');
}

/** Whether the page fits its viewport width (no sideways scrolling on a tablet). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
