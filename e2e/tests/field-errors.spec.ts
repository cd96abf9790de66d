import { expect, test } from '@playwright/test';
import { base, CspWatch, newPatient, shoot, signInAs } from './support';

const refused = (fields: Record<string, string>) => ({
  status: 422,
  contentType: 'application/json',
  body: JSON.stringify({ error: { code: 'validation_failed', message: 'Some fields are not valid.', fields } }),
});

test('inputs carry the server\'s length limits, and the fields the server refuses are told under each, nested names too', async ({ browser, request }) => {
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  const { email } = await newPatient(request, 'Careful Patient');
  await signInAs(page, email);

  await page.goto(`${base()}/account`);
  await expect(page.getByLabel('Full name')).toHaveAttribute('maxlength', '100');
  await expect(page.getByLabel('Phone (optional)')).toHaveAttribute('maxlength', '16');
  await expect(page.getByLabel('Time zone')).toHaveAttribute('maxlength', '64');
  await expect(page.getByLabel('New password')).toHaveAttribute('maxlength', '128');
  // The shared rules, before anything is sent: under the field and in the summary.
  await page.getByLabel('Time zone').fill('Mars/Olympus Mons');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.locator('#profile-time-zone-error')).toHaveText('must be a time zone such as Europe/Lisbon');
  await expect(page.getByRole('alert').filter({ hasText: 'Time zone must be a time zone such as Europe/Lisbon.' })).toBeVisible();

  await page.goto(`${base()}/medications`);
  const form = page.getByTestId('medication-form');
  await expect(form.getByLabel('Name')).toHaveAttribute('maxlength', '120');
  await expect(form.getByLabel('Instructions')).toHaveAttribute('maxlength', '1000');
  await expect(form.getByLabel("Caregiver's email")).toHaveAttribute('maxlength', '254');
  await form.getByLabel('Name').fill('Amoxicillin');
  await page.route('**/api/v1/me/medications', (route) => route.fulfill(refused({
    name: 'must not contain control characters',
    'schedule.times[1]': 'may name each time once',
    'missed.caregiver.email': 'must be an email address',
    'supply.batch': 'is not known here',
  })), { times: 1 });
  await form.getByRole('button', { name: 'Add medication' }).click();
  await expect(page.locator('#med-name-error')).toHaveText('must not contain control characters');
  await expect(page.locator('#med-name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#med-times-error')).toHaveText('Item 2: may name each time once');
  await expect(page.locator('#med-caregiver-email-error')).toHaveText('must be an email address');
  // A field with no place on the form is still told, in the summary.
  const summary = page.getByTestId('medication-message');
  await expect(summary).toContainText("Caregiver's email must be an email address");
  await expect(summary).toContainText('; supply batch is not known here.');
  await shoot(page, 'medication-form-errors');
  // Sent again, the old problems go.
  await form.getByRole('button', { name: 'Add medication' }).click();
  await expect(summary).toHaveText('Added. Reminders start at the next dose.');
  await expect(page.locator('#med-name-error')).toBeHidden();
  csp.check();
});
