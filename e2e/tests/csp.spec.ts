import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { approvedDoctor, base, CspWatch, newPatient, signInAs } from './support';

// The server sends a strict Content-Security-Policy (api/src/routes/headers.rs):
// no inline script but the hashed loader, no styles but the stylesheet (and
// style attributes). Every main page of each role must run without breaking it.

/** Opens each page and waits for its heading (or its loading error). */
async function visit(page: Page, paths: string[]) {
  for (const path of paths) {
    await page.goto(`${base()}${path}`);
    await expect(page.locator('main h1').first(), path).toBeVisible();
    await expect(page.locator('main [role="status"]').filter({ hasText: /^Loading/ }), `${path} loads`).toHaveCount(0);
  }
}

test('the watcher sees a violation: an inline script is refused and reported', async ({ browser }) => {
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  await page.goto(`${base()}/`);
  await expect(page.getByTestId('specializations')).toBeVisible();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    document.body.append(script);
  });
  await expect.poll(() => csp.violations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
  expect(csp.violations.join('\n')).toContain('script-src');
});

test('public pages break no Content-Security-Policy rule', async ({ browser }) => {
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  await visit(page, ['/', '/signin', '/register', '/forgot-password', '/reset-password', '/confirm-email', '/no/such/page']);
  // Forms at work: the strength meter, a refused sign-in.
  await page.goto(`${base()}/register`);
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple orbit');
  await expect(page.getByText(/^Strength:/)).toBeVisible();
  csp.check();
});

test('a patient\'s pages break no Content-Security-Policy rule', async ({ browser, request }) => {
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  const { email } = await newPatient(request, 'Strict Patient');
  await signInAs(page, email);
  await visit(page, ['/dashboard', '/account', '/account/notifications', '/inbox', '/doctors', '/appointments', '/history', '/medications', '/access-log']);
  // The authenticator's QR code is a data: image.
  await page.goto(`${base()}/account`);
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.locator('img.qr')).toBeVisible();
  expect(await page.locator('img.qr').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  csp.check();
});

test('a doctor\'s pages break no Content-Security-Policy rule', async ({ browser, request }) => {
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  const email = `strict-doctor-${Date.now()}@example.org`;
  await approvedDoctor(request, email, 'Doctor Strict');
  const { id } = await newPatient(request, 'Someone Else');
  await signInAs(page, email);
  await visit(page, ['/dashboard', '/account', '/doctor/day', '/doctor/requests', '/doctor/practice', '/doctor/emergency', `/patients/${id}`]);
  await expect(page.getByTestId('not-your-patient')).toBeVisible();
  csp.check();
});

test('an admin\'s pages break no Content-Security-Policy rule', async ({ browser }) => {
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  // The guard spec uses the first recovery code; this one the second.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(1);
  await signInAs(page, GUARD_EMAIL, ADMIN_PASSWORD, codes[1]);
  await visit(page, ['/dashboard', '/account', '/admin/doctors', '/admin/users', '/admin/appointments', '/admin/deliveries']);
  csp.check();
});
