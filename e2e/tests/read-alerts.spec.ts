import { expect, test } from '@playwright/test';
import { approvedDoctor, base, CspWatch, newPatient, opsToken, PASSWORD, shoot, signInAs } from './support';

test('a patient turns on alerts of reads by anyone but their doctors; the choice persists, and an admin\'s read is told', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  const { email, id } = await newPatient(request, 'Watchful Patient');
  await signInAs(page, email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await page.getByRole('link', { name: /^Notification settings/ }).click();

  const toggle = page.getByLabel('Tell me when someone who is not one of my doctors reads my record');
  await expect(toggle).not.toBeChecked();
  await expect(page.getByTestId('read-alerts')).toContainText('A doctor who opens your record in an emergency is always told to you at once');
  await toggle.check();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByTestId('preferences-message')).toHaveText('Preferences saved.');
  await shoot(page, 'notifications-read-alerts');

  // Kept on the server: after a reload, and in the API's answer.
  await page.reload();
  await expect(toggle).toBeChecked();
  const { access_token: token } = await (await request.post(`${base()}/api/v1/auth/login`, { data: { email, password: PASSWORD } })).json();
  const settings = await request.get(`${base()}/api/v1/me/notification-settings`, { headers: { authorization: `Bearer ${token}` } });
  expect((await settings.json()).preferences.record_read_alerts).toBe(true);

  // An administrator reads the record: the patient is told.
  const read = await request.get(`${base()}/api/v1/patients/${id}`, { headers: { authorization: `Bearer ${opsToken()}` } });
  expect(read.status()).toBe(200);
  await expect(async () => {
    await page.goto(`${base()}/inbox`);
    await expect(page.locator('[data-event="account.record_read"]')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // Turned off again, it stays off.
  await page.goto(`${base()}/account/notifications`);
  await toggle.uncheck();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByTestId('preferences-message')).toHaveText('Preferences saved.');
  await page.reload();
  await expect(toggle).not.toBeChecked();
  csp.check();
});

test('doctors and admins have no read-alert choice', async ({ browser, request }) => {
  const page = await browser.newPage();
  const email = `no-alerts-${Date.now()}@example.org`;
  await approvedDoctor(request, email, 'Doctor Unwatched');
  await signInAs(page, email);
  await page.goto(`${base()}/account/notifications`);
  await expect(page.getByTestId('preferences')).toBeVisible();
  await expect(page.getByTestId('read-alerts')).toHaveCount(0);
});
