import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../global-setup';
import { base, confirmedEmail, signInAs, totp } from './support';

test('an admin enrols two-factor sign-in, signs in with it, and approves a doctor', async ({ page, request }) => {
  const doctorEmail = `approve-me-${Date.now()}@example.org`;
  const registered = await request.post(`${base()}/api/v1/auth/register`, {
    data: {
      role: 'doctor', name: 'Doctor Pending', email: doctorEmail, password: 'correct horse battery staple orbit',
      time_zone: 'Europe/London', specialization: 'cardiology', licence_number: 'GMC-99',
    },
  });
  expect(registered.status()).toBe(201);
  // A doctor reaches the admins once their address is confirmed.
  await confirmedEmail(request, doctorEmail);

  await signInAs(page, ADMIN_EMAIL, ADMIN_PASSWORD);
  await expect(page.getByTestId('admin-status')).toContainText('Turn on two-factor sign-in first');
  // Without it the header offers nothing that would be refused, only the setup.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Pending doctors' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Set up two-factor sign-in' })).toBeVisible();
  await page.getByTestId('admin-status').getByRole('link', { name: 'Set up two-factor sign-in' }).click();
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code of the authenticator secret' })).toBeVisible();
  const secret = (await page.getByTestId('two-factor-secret').textContent())!.trim();
  await page.getByLabel('Code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await page.screenshot({ path: 'artifacts/admin-recovery-codes.png', fullPage: true });

  await page.getByRole('button', { name: 'Sign out' }).click();
  // The code used to turn it on is spent; the next step's code works once.
  await signInAs(page, ADMIN_EMAIL, ADMIN_PASSWORD, totp(secret, 1));
  await expect(page.getByTestId('admin-status')).toContainText('Two-factor sign-in is on');
  // The dashboard counts what waits: at least the doctor registered above.
  await expect(page.getByTestId('pending-doctors-figure').locator('.figure')).toHaveText(/^[1-9]\d*\+?$/);
  await expect(page.getByTestId('pending-doctors-figure').locator('.figure')).toHaveClass(/alert/);
  await expect(page.getByTestId('stopped-jobs-figure').locator('.figure')).toHaveText(/^\d+\+?$/);

  await page.getByRole('link', { name: 'Pending doctors' }).click();
  const card = page.getByTestId('pending-doctors').getByRole('listitem').filter({ hasText: doctorEmail });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByTestId('pending-doctors').getByText(doctorEmail)).toHaveCount(0);
  await expect(page.getByTestId('decision-message')).toContainText('Doctor Pending approved');

  const signedIn = await request.post(`${base()}/api/v1/auth/login`, {
    data: { email: doctorEmail, password: 'correct horse battery staple orbit' },
  });
  const { access_token } = await signedIn.json();
  const me = await (await request.get(`${base()}/api/v1/me`, { headers: { authorization: `Bearer ${access_token}` } })).json();
  expect(me.status).toBe('active');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Doctors waiting for approval' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The accounts list: the approved doctor, with their one sign-in; deactivate, then reactivate.
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.getByLabel('Role').selectOption('doctor');
  const row = page.getByTestId('users').getByRole('row').filter({ hasText: doctorEmail });
  await expect(row.getByRole('cell').nth(2)).toHaveText('1');
  await row.getByRole('button', { name: 'Deactivate Doctor Pending' }).click();
  await expect(row).toHaveCount(0);
  const refused = await request.get(`${base()}/api/v1/me`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(refused.status()).toBe(401);
  await page.getByLabel('Status').selectOption('deactivated');
  await row.getByRole('button', { name: 'Reactivate Doctor Pending' }).click();
  await expect(row).toHaveCount(0);
  await page.getByLabel('Status').selectOption('active');
  await expect(row).toBeVisible();
  await page.screenshot({ path: 'artifacts/admin-accounts.png', fullPage: true });
});
