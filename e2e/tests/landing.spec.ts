import { expect, test } from '@playwright/test';
import { base } from './support';

test('the landing page lists every specialization the API serves', async ({ page, request }) => {
  const answer = await request.get(`${base()}/api/v1/specializations?limit=100`);
  expect(answer.ok()).toBeTruthy();
  const catalogue: { items: { name: string }[] } = await answer.json();
  expect(catalogue.items.length).toBeGreaterThan(0);

  await page.goto(`${base()}/`);
  const list = page.getByTestId('specializations');
  await expect(list.getByRole('listitem')).toHaveCount(catalogue.items.length);
  for (const { name } of catalogue.items) {
    await expect(list.getByRole('heading', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('status')).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/landing.png', fullPage: true });
});

test('the layout fits a phone screen', async ({ browser }) => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
  const page = await phone.newPage();
  await page.goto(`${base()}/`);
  await expect(page.getByTestId('specializations').getByRole('listitem').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'artifacts/landing-phone.png', fullPage: true });
  await phone.close();
});

test('a deep link the client does not know shows its not-found page', async ({ page }) => {
  const response = await page.goto(`${base()}/no/such/page`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the start page' }).click();
  await expect(page.getByTestId('specializations').getByRole('listitem').first()).toBeVisible();
});

test('the API docs page works offline', async ({ page }) => {
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base())) external.push(r.url());
  });
  // Straight to the catalogue's section: Swagger UI draws a long document's
  // sections as they are scrolled to, and this one is near the end.
  await page.goto(`${base()}/api/docs#/catalogue`);
  await expect(page.getByText('MedTrack API').first()).toBeVisible();
  await expect(page.getByText('/api/v1/specializations').first()).toBeVisible();
  expect(external).toEqual([]);
});

test('loading and error states, and trying again', async ({ page }) => {
  // The first answer is held until the loading state has been seen, so the
  // check does not race the request.
  let release!: () => void;
  const loadingSeen = new Promise<void>((resolve) => (release = resolve));
  let failNext = true;
  await page.route('**/api/v1/specializations*', async (route) => {
    if (failNext) {
      failNext = false;
      await loadingSeen;
      await route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unavailable', message: 'The service is not ready; try again shortly.', fields: {} } }),
      });
    } else {
      await route.continue();
    }
  });
  await page.goto(`${base()}/`);
  await expect(page.getByRole('status')).toHaveText('Loading specializations…');
  release();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The service is not ready; try again shortly.');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByTestId('specializations').getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
