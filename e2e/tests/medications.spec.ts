import { expect, test, type Page } from '@playwright/test';
import { base, newPatient, signInAs } from './support';

const PASSWORD = 'correct horse battery staple orbit';

// The browser's clock is UTC, like the patient's.
test.use({ timezoneId: 'UTC' });

const two = (n: number) => String(n).padStart(2, '0');

/** `HH:MM` as the client shows a time of day on the browser's clock (UTC
 * here): through `Intl`, in the browser's locale, as the client does. */
async function shownClock(page: Page, hhmm: string): Promise<string> {
  return page.evaluate((at) => new Intl.DateTimeFormat([], { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' })
    .format(new Date(`1970-01-01T${at}:00Z`)), hhmm);
}

/** `HH:MM:SS` in UTC, `seconds` from now. */
function utcClock(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000);
  return `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;
}

test('a patient adds a twice-daily medication; the reminder arrives in the inbox at its time, is marked taken there, and the adherence chart moves', async ({ page, request }) => {
  test.setTimeout(90_000);
  const email = `oleson-${Date.now()}@example.org`;
  const registered = await request.post(`${base()}/api/v1/auth/register`, {
    data: {
      role: 'patient', name: 'Nellie Oleson', email, password: PASSWORD,
      time_zone: 'UTC', date_of_birth: '1968-04-12',
    },
  });
  expect(registered.status()).toBe(201);
  await page.goto(`${base()}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Medications', exact: true }).click();
  await expect(page.getByTestId('no-medications')).toBeVisible();
  await expect(page.getByTestId('adherence-summary')).toHaveText('No doses were due in the last 30 days: adherence shows here once a medication has dose times.');

  // The first dose 20 seconds from now (the test controls the time by
  // choosing it; times may name seconds), the second twelve hours on: the
  // form starts with two time pickers, twice a day.
  const first = utcClock(20);
  await page.getByLabel('Name', { exact: true }).fill('Amoxicillin');
  await page.getByLabel('Strength').fill('500 mg');
  await page.getByLabel('Form', { exact: true }).fill('capsule');
  await page.getByLabel('Dose', { exact: true }).fill('1 capsule');
  await page.getByLabel('Dose time 1', { exact: true }).fill(first);
  await page.getByLabel('Dose time 2', { exact: true }).fill(utcClock(20 + 12 * 3600));
  await page.getByRole('button', { name: 'Add medication' }).click();
  await expect(page.getByTestId('medication-message')).toHaveText('Added. Reminders start at the next dose.');
  const card = page.getByTestId('medications').getByRole('listitem');
  await expect(card).toContainText('Amoxicillin 500 mg');
  await expect(card).toContainText(`Next dose:`);
  // The dose names its form once.
  await expect(card.locator('.medication-amount')).toHaveText('1 capsule');

  // The reminder reaches the inbox at the dose time.
  await expect(async () => {
    await page.goto(`${base()}/inbox`);
    await expect(page.locator('[data-event="medication.dose_due"]')).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [3_000] });
  const reminder = page.locator('[data-event="medication.dose_due"]');
  await expect(reminder).toContainText('Time for your medication');
  await expect(reminder).toContainText(`Take 1 capsule of Amoxicillin 500 mg (due ${first.slice(0, 5)} UTC)`);
  await reminder.getByRole('button', { name: 'Taken' }).click();
  await expect(reminder.getByRole('status')).toHaveText('Marked taken.');
  await expect(reminder.getByRole('button', { name: 'Taken' })).toBeHidden();

  // Today's checklist and the adherence chart show it.
  await page.goto(`${base()}/medications`);
  await expect(page.getByTestId('today-doses').locator('[data-status="taken"]')).toHaveCount(1);
  await expect(page.getByTestId('adherence-figure')).toHaveText('100%');
  await expect(page.getByTestId('adherence-summary')).toHaveText('1 of 1 doses taken in the last 7 days; 0 skipped, 0 missed.');
  await expect(page.getByTestId('adherence-chart').locator('g.day rect.taken')).toHaveCount(1);

  // The patient edits it: another strength, stock, and a caregiver told by
  // email (the development sink has no link to confirm: active at once).
  await card.getByRole('button', { name: 'Edit Amoxicillin 500 mg' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Amoxicillin' })).toBeVisible();
  const form = page.getByTestId('medication-form');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Amoxicillin');
  await form.getByLabel('Strength').fill('250 mg');
  // Stock and caregivers are among the settings folded away.
  await form.getByText('More settings').click();
  await form.getByLabel('Tablets on hand (optional)').fill('20');
  await form.getByLabel('Tablets per dose').fill('2');
  await form.getByLabel('Caregiver to tell then (optional)').fill('Laura');
  await form.getByLabel("Caregiver's email").fill('laura@example.org');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(card).toContainText('Amoxicillin 250 mg');
  await expect(card).toContainText('20 on hand');
  await expect(card.getByTestId('caregiver')).toHaveText('Missed doses are told to Laura by email.');
  await expect(page.getByRole('heading', { name: 'Add a medication' })).toBeVisible();

  // From today's checklist: one dose skipped with a reason, one taken at a
  // time the patient gives (this minute, on the browser's clock: UTC here).
  await page.getByLabel('Name', { exact: true }).fill('Vitamin D');
  await page.getByLabel('Dose time 1', { exact: true }).fill(utcClock(120));
  await page.getByLabel('Dose time 2', { exact: true }).fill(utcClock(180));
  await page.getByRole('button', { name: 'Add medication' }).click();
  await expect(page.getByTestId('medication-message')).toHaveText('Added. Reminders start at the next dose.');
  await page.reload();
  const vitamin = page.getByTestId('today-doses').getByRole('listitem').filter({ hasText: 'Vitamin D' });
  await expect(vitamin).toHaveCount(2);
  const [skipped, taken] = [vitamin.nth(0), vitamin.nth(1)];
  await skipped.getByText('Another time, or a reason').click();
  await skipped.getByLabel('Why I did not').fill('Felt sick');
  await skipped.getByRole('button', { name: 'Save the reason' }).click();
  // The checklist reloads with the dose logged.
  await expect(skipped).toHaveAttribute('data-status', 'skipped');
  const clock = utcClock(0).slice(0, 5);
  await taken.getByText('Another time, or a reason').click();
  await taken.getByLabel('Time I took it').fill(clock);
  await taken.getByRole('button', { name: 'Save the time' }).click();
  await expect(taken).toHaveAttribute('data-status', 'taken');
  await page.reload();
  await expect(skipped).toHaveAttribute('data-status', 'skipped');
  await expect(skipped).toContainText('skipped: Felt sick');
  await expect(taken).toHaveAttribute('data-status', 'taken');
  await expect(taken).toContainText(`taken at ${await shownClock(page, clock)}`);
  await page.screenshot({ path: 'artifacts/medications.png', fullPage: true });
});

test('the form fills its time pickers from a preset and tells every problem at once; the chart switches between 7 and 30 days, with its table', async ({ page, request }) => {
  const { email } = await newPatient(request, 'Preset Patient');
  await signInAs(page, email);
  await page.goto(`${base()}/medications`);
  const form = page.getByTestId('medication-form');
  const times = form.getByTestId('dose-times').locator('input[type="time"]');

  // A preset fills the times; they stay editable.
  await form.getByLabel('Name', { exact: true }).fill('Metformin');
  await form.getByRole('button', { name: 'Once a day' }).click();
  await expect(times).toHaveCount(1);
  await form.getByRole('button', { name: 'Twice a day' }).click();
  await expect(form.getByRole('button', { name: 'Twice a day' })).toHaveAttribute('aria-pressed', 'true');
  await expect(form.getByRole('button', { name: 'Once a day' })).toHaveAttribute('aria-pressed', 'false');
  await expect(times).toHaveCount(2);
  await expect(form.getByLabel('Dose time 1', { exact: true })).toHaveValue('08:00');
  await expect(form.getByLabel('Dose time 2', { exact: true })).toHaveValue('20:00');
  await form.getByRole('button', { name: 'Add a time' }).click();
  await expect(times).toHaveCount(3);
  await expect(form.getByLabel('Dose time 3', { exact: true })).toHaveValue('21:00');
  await expect(form.getByRole('button', { name: 'Twice a day' })).toHaveAttribute('aria-pressed', 'false');
  await form.getByRole('button', { name: 'Remove dose time 3' }).click();
  await expect(times).toHaveCount(2);
  await expect(form.getByTestId('schedule-summary')).toHaveText(
    `Every day at ${await shownClock(page, '08:00')} and ${await shownClock(page, '20:00')}`);
  await form.getByRole('button', { name: 'Add medication' }).click();
  await expect(page.getByTestId('medication-message')).toHaveText('Added. Reminders start at the next dose.');
  const card = page.getByTestId('medications').getByRole('listitem');
  await expect(card).toContainText('Metformin');
  await expect(card).toContainText(`Every day at ${await shownClock(page, '08:00')} and ${await shownClock(page, '20:00')}`);

  // Every problem at once: the form's own reading and the shared check.
  await form.getByLabel('Dose time 1', { exact: true }).fill('');
  await form.getByText('More settings').click();
  await form.getByLabel('Tablets on hand (optional)').fill('many');
  await form.getByRole('button', { name: 'Add medication' }).click();
  await expect(page.locator('#med-name-error')).toHaveText('is required');
  await expect(page.locator('#med-times-error')).toHaveText('Item 1: must be a time of day, e.g. 08:00');
  await expect(page.locator('#med-on-hand-error')).toHaveText('must be a whole number, or empty');

  // The chart: 7 days, then 30, and the same numbers as a table.
  const chart = page.getByTestId('adherence-chart');
  await expect(chart).toHaveAttribute('role', 'img');
  await expect(chart).toHaveAttribute('aria-label', /last 7 days/);
  await expect(chart.locator('g.day')).toHaveCount(7);
  await expect(page.locator('.legend')).toContainText('Taken');
  await expect(page.locator('.legend')).toContainText('Skipped');
  await expect(page.locator('.legend')).toContainText('Missed');
  await page.getByRole('button', { name: '30 days' }).click();
  await expect(page.getByRole('button', { name: '30 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(chart.locator('g.day')).toHaveCount(30);
  await expect(chart).toHaveAttribute('aria-label', /last 30 days/);
  await page.getByText('Show the numbers as a table').click();
  const table = page.getByTestId('adherence-table');
  await expect(table.locator('caption')).toHaveText('Doses per day, last 30 days');
  await expect(table.locator('tbody tr')).toHaveCount(30);
  await page.getByRole('button', { name: '7 days' }).click();
  await expect(table.locator('tbody tr')).toHaveCount(7);

  // A phone's width: nothing scrolls sideways.
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
