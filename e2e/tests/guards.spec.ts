import { expect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { AUDIENCE, protectedRoutes, ROLES, type ProtectedRoute, type Role } from './routes';
import { approvedDoctor, base, registeredDoctor, registeredPatient, signInAs } from './support';

const routes = protectedRoutes();

test('a signed-out visitor of every protected route is sent to sign in', async ({ page }) => {
  expect(routes.map((r) => r.pattern)).toEqual(expect.arrayContaining(['/dashboard', '/medications', '/doctor/day', '/admin/users']));
  for (const route of routes) {
    await page.goto(`${base()}${route.url}`);
    await expect(page, `${route.pattern} sends to sign in`).toHaveURL(/\/signin$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }
});

/** What a signed-in person of `role` sees on `route`: the page, or why not. */
function expected(route: ProtectedRoute, role: Role, active: boolean): string | null {
  if (!ROLES[route.access].includes(role)) return `This page is for ${AUDIENCE[route.access]}`;
  if (!active && route.access !== 'AnyAccount') return 'Your account is waiting for approval';
  return null;
}

/** Opens every protected route as whoever `page` is signed in as. */
async function visitAll(page: Page, role: Role, active = true) {
  for (const route of routes) {
    await page.goto(`${base()}${route.url}`);
    const refusal = page.getByTestId('not-for-you');
    const reason = expected(route, role, active);
    if (reason) {
      await expect(refusal.getByRole('heading', { level: 1 }), `${role} on ${route.pattern}`).toHaveText(reason);
      await expect(refusal.getByRole('link', { name: 'Go to your dashboard' })).toBeVisible();
    } else {
      // The page itself (or its own loading error, for made-up ids).
      await expect(page.locator('main h1, main [role="alert"]').first(), `${role} on ${route.pattern}`).toBeVisible();
      await expect(refusal, `${role} on ${route.pattern}`).toHaveCount(0);
    }
    await expect(page, `${role} stays on ${route.pattern}`).toHaveURL(new RegExp(`${route.url}$`));
  }
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test('a patient gets a clear "not for your role" page on doctors\' and admins\' pages, and theirs open', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const page = await newPage(browser);
  await signInAs(page, await registeredPatient(request, 'Guarded Patient'));

  await page.goto(`${base()}/admin/users`);
  await expect(page.getByRole('heading', { name: 'This page is for administrators' })).toBeVisible();
  await expect(page.getByText('You are signed in as a patient')).toBeVisible();
  await page.screenshot({ path: 'artifacts/not-for-your-role.png', fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${base()}/doctor/day`);
  await expect(page.getByRole('heading', { name: 'This page is for doctors' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'artifacts/not-for-your-role-phone.png', fullPage: true });
  await page.getByRole('link', { name: 'Go to your dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Guarded Patient' })).toBeVisible();

  await visitAll(page, 'patient');
});

test('a doctor gets the "not for your role" page on patients\' and admins\' pages; one waiting for approval only has the dashboard, account and inbox', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const approved = await newPage(browser);
  const email = `guarded-doctor-${stamp}@example.org`;
  await approvedDoctor(request, email, 'Doctor Guarded');
  await signInAs(approved, email);
  await approved.goto(`${base()}/medications`);
  await expect(approved.getByRole('heading', { name: 'This page is for patients' })).toBeVisible();
  await approved.goto(`${base()}/admin/deliveries`);
  await expect(approved.getByRole('heading', { name: 'This page is for administrators' })).toBeVisible();
  await visitAll(approved, 'doctor');

  const pending = await newPage(browser);
  const waiting = `waiting-doctor-${stamp}@example.org`;
  await registeredDoctor(request, waiting, 'Doctor Waiting');
  await signInAs(pending, waiting);
  await pending.goto(`${base()}/doctor/day`);
  await expect(pending.getByRole('heading', { name: 'Your account is waiting for approval' })).toBeVisible();
  await visitAll(pending, 'doctor', false);
});

test('an admin gets the "not for your role" page on doctors\' and patients\' pages', async ({ browser }) => {
  test.setTimeout(120_000);
  const [code] = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(code).toBeTruthy();
  const page = await newPage(browser);
  await signInAs(page, GUARD_EMAIL, ADMIN_PASSWORD, code);
  await page.goto(`${base()}/doctor/practice`);
  await expect(page.getByRole('heading', { name: 'This page is for doctors' })).toBeVisible();
  await expect(page.getByText('You are signed in as an administrator')).toBeVisible();
  await visitAll(page, 'admin');
});
