import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, OPS_EMAIL } from '../global-setup';
import { base, PASSWORD, signedInPage, totp } from './support';

async function sinkFor(admin: Page, to: string) {
  await admin.getByRole('button', { name: 'Refresh' }).click();
  return admin.getByTestId('sink').getByRole('listitem').filter({ hasText: to });
}

test('a patient verifies a phone and chooses channels; the development sink and the inbox show what the choices allow', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const email = `ingalls-${stamp}@example.org`;
  const number = `+4477009${String(stamp % 100_000).padStart(5, '0')}`;
  const registered = await request.post(`${base()}/api/v1/auth/register`, {
    data: {
      role: 'patient', name: 'Laura Ingalls', email, password: PASSWORD,
      time_zone: 'America/Chicago', date_of_birth: '1967-02-07',
    },
  });
  expect(registered.status()).toBe(201);

  const patient = await signedInPage(browser, email);
  await patient.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await patient.getByRole('link', { name: /^Notification settings/ }).click();
  await expect(patient.getByTestId('sink-note')).toBeVisible();
  await expect(patient.getByTestId('phone-status')).toHaveText('No phone number receives text messages.');

  // A malformed number is refused with the reason.
  await patient.getByLabel('Phone number').fill('07700 900');
  await patient.getByRole('button', { name: 'Send code' }).click();
  await expect(patient.getByTestId('phone-message')).toContainText('international form');

  await patient.getByLabel('Phone number').fill(number);
  await patient.getByRole('button', { name: 'Send code' }).click();
  await expect(patient.getByTestId('phone-message')).toHaveText('We sent a code by text message. Enter it below.');

  // The admin reads the code in the development sink.
  const secret = process.env.MEDTRACK_E2E_OPS_SECRET!;
  const admin = await signedInPage(browser, OPS_EMAIL, ADMIN_PASSWORD, totp(secret, 1));
  await admin.getByRole('link', { name: 'Deliveries', exact: true }).click();
  const codeCard = (await sinkFor(admin, number)).filter({ hasText: 'MedTrack code' });
  await expect(codeCard).toHaveCount(1);
  const code = (await codeCard.locator('.message-body').textContent())!.match(/\d{6}/)![0];

  await patient.getByLabel('Code', { exact: true }).fill(code);
  await patient.getByRole('button', { name: 'Verify' }).click();
  await expect(patient.getByTestId('phone-status')).toHaveText(`Text messages go to ${number}.`);

  await expect(patient.getByLabel('Email address for notifications')).toHaveValue(email);
  await patient.getByRole('button', { name: 'Use this address' }).click();
  await expect(patient.getByTestId('email-status')).toHaveText(`Notifications go to ${email}.`);

  // Security notices by text message only.
  await patient.getByLabel('Account and security by email').uncheck();
  await expect(patient.getByLabel('Account and security by text message')).toBeChecked();
  await patient.getByRole('button', { name: 'Save preferences' }).click();
  await expect(patient.getByTestId('preferences-message')).toHaveText('Preferences saved.');
  await patient.screenshot({ path: 'artifacts/notification-settings.png', fullPage: true });

  // A password change: the inbox has it, the phone has it, the address does not.
  await patient.goto(`${base()}/account`);
  await patient.getByLabel('Current password').fill(PASSWORD);
  await patient.getByLabel('New password').fill('prairie winters are long and cold');
  await patient.getByRole('button', { name: 'Change password' }).click();
  await expect(patient.getByText('Password changed.')).toBeVisible();
  await patient.getByTestId('inbox-link').click();
  await expect(patient.getByTestId('inbox').getByRole('listitem').filter({ hasText: 'Your password was changed' })).toHaveCount(1);

  await expect(async () => {
    const texts = (await sinkFor(admin, number)).and(admin.locator('[data-event="account.password_changed"]'));
    await expect(texts).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const text = (await sinkFor(admin, number)).and(admin.locator('[data-event="account.password_changed"]'));
  await expect(text.locator('.message-body')).toHaveText('MedTrack: Your password was changed. Open the app for details.');
  await expect((await sinkFor(admin, email)).and(admin.locator('[data-event="account.password_changed"]'))).toHaveCount(0);
  await expect(admin.getByTestId('no-dead-letters')).toBeVisible();
  await expect(admin.getByTestId('no-stopped-jobs')).toBeVisible();
  await admin.screenshot({ path: 'artifacts/admin-deliveries.png', fullPage: true });
});
