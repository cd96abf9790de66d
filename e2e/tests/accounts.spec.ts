import { expect, test, type Page } from '@playwright/test';
import { base } from './support';

const PASSWORD = 'correct horse battery staple orbit';

async function fillAccount(page: Page, name: string, email: string, password = PASSWORD) {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
}

test('a patient registers, reaches the dashboard, keeps the session on reload and signs out', async ({ page }) => {
  const email = `patient-${Date.now()}@example.org`;
  await page.goto(`${base()}/register`);
  await fillAccount(page, 'Ada Lovelace', email, 'password1234');
  await expect(page.getByText(/^Strength: (very )?weak$/)).toBeVisible();
  await page.getByLabel('Date of birth').fill('1990-04-01');
  await page.getByRole('button', { name: 'Create account' }).click();
  // The meter's light estimate says weak; the server's full check refuses it, under the field.
  await expect(page.locator('#password-error')).toContainText('too easy to guess');

  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await expect(page.getByText(/Strength: (strong|very strong)/)).toBeVisible();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible();
  await expect(page.getByTestId('access-log-empty')).toBeVisible();
  await page.screenshot({ path: 'artifacts/patient-dashboard.png', fullPage: true });

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto(`${base()}/dashboard`);
  await expect(page).toHaveURL(/\/signin$/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toBeVisible();
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible();
});

test('a doctor registers and waits for approval', async ({ page }) => {
  await page.goto(`${base()}/register`);
  await page.getByLabel('a doctor').check();
  await fillAccount(page, 'Gregory House', `doctor-${Date.now()}@example.org`);
  await page.getByLabel('Specialization').selectOption({ label: 'Infectious Disease' });
  await page.getByLabel('Licence number').fill('NJ-0042');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('doctor-status')).toContainText("waiting for an administrator's approval");
  // The specialization by its name, never its slug.
  await expect(page.getByRole('definition').filter({ hasText: 'Infectious Disease' })).toBeVisible();
});

test('an email already registered is refused with a clear message', async ({ page, request }) => {
  const email = `taken-${Date.now()}@example.org`;
  const first = await request.post(`${base()}/api/v1/auth/register`, {
    data: { role: 'patient', name: 'First', email, password: PASSWORD, time_zone: 'UTC', date_of_birth: '1980-01-01' },
  });
  expect(first.status()).toBe(201);
  await page.goto(`${base()}/register`);
  await fillAccount(page, 'Second', email.toUpperCase());
  await page.getByLabel('Date of birth').fill('1981-01-01');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#email-error')).toContainText('already has an account');
  await expect(page).toHaveURL(/\/register$/);
});

test('an empty registration shows every error at once', async ({ page }) => {
  await page.goto(`${base()}/register`);
  await page.getByLabel('a doctor').check();
  await page.getByRole('button', { name: 'Create account' }).click();
  // The account's fields and the doctor's own, in one round.
  for (const field of ['name', 'email', 'password']) {
    await expect(page.locator(`#${field}-error`)).not.toBeEmpty();
  }
  await expect(page.getByRole('alert').filter({ hasText: 'choose a specialization' })).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
});
