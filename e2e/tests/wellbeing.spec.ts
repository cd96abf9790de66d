import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { base, call, doctorAndPatient, newPatient, PASSWORD, signedInPage, tokenOf } from './support';

// The mood log and its chart, the PHQ-9 with the crisis message and the
// alert it raises, the doctor's acknowledgement, and the admins' list of
// open alerts.

/** `days` days and `hours` hours ago, as the API reads instants. */
const ago = (days: number, hours = 0) => new Date(Date.now() - days * 86_400_000 - hours * 3_600_000).toISOString();

test('a patient logs mood over several days and sees the chart, the tag averages and the entries', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const patient = await newPatient(request, 'Marta Moody');
  const token = await tokenOf(request, patient.email);
  // Earlier days, backdated through the API.
  const earlier = [
    { score: 4, tags: ['tired', 'anxious'], note: 'Bad night.', at: ago(5) },
    { score: 5, tags: ['tired'], note: '', at: ago(3) },
    { score: 7, tags: ['calm'], note: 'Long walk by the river.', at: ago(2) },
    { score: 6, tags: ['calm', 'tired'], note: '', at: ago(1) },
  ];
  for (const entry of earlier) await call(request, token, 'POST', `/patients/${patient.id}/mood`, entry);
  // A backdated entry beyond the week is refused.
  const refused = await request.post(`${base()}/api/v1/patients/${patient.id}/mood`, {
    headers: { authorization: `Bearer ${token}` }, data: { score: 5, at: ago(9) },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.fields).toHaveProperty('at');

  const page = await signedInPage(browser, patient.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My record', exact: true }).click();
  await page.getByRole('navigation', { name: 'My record' }).getByRole('link', { name: 'Mood' }).click();
  await expect(page.getByRole('heading', { name: 'Mood', level: 1 })).toBeVisible();
  await expect(page.getByTestId('mood-entry')).toHaveCount(4);

  // Today's, through the form: a score, a suggested tag, one's own, a note.
  const form = page.getByTestId('log-mood');
  await form.getByRole('radio', { name: '8', exact: true }).check();
  await form.getByRole('button', { name: 'calm' }).click();
  await expect(form.getByRole('button', { name: 'calm' })).toHaveAttribute('aria-pressed', 'true');
  await form.getByLabel('Add your own').fill('  Gardening ');
  await form.getByRole('button', { name: 'Add tag' }).click();
  await expect(form.getByRole('button', { name: 'gardening' })).toHaveAttribute('aria-pressed', 'true');
  await form.getByLabel('Note (optional)').fill('Sunny afternoon in the garden.');
  await form.getByRole('button', { name: 'Log mood' }).click();
  await expect(page.getByTestId('mood-message')).toContainText('Mood logged.');
  await expect(page.getByTestId('mood-entry')).toHaveCount(5);
  await expect(page.getByTestId('mood-entry').first()).toContainText('Sunny afternoon in the garden.');

  // The chart: a dot per day logged, the trend, the tags' averages.
  const chart = page.getByTestId('mood-chart');
  await expect(chart).toHaveAttribute('data-days', '30');
  await expect(chart.locator('circle.mood-dot')).toHaveCount(5);
  await expect(chart.locator('path.mood-trend')).toHaveAttribute('d', /^M/);
  await expect(page.getByTestId('mood-summary')).toContainText('Mood logged on 5 of the last 30 days (5 entries), average 6 of 10');
  const tags = page.getByTestId('mood-tags');
  await expect(tags.locator('li[data-tag="tired"]')).toContainText('5 (3 entries)');
  await expect(tags.locator('li[data-tag="calm"]')).toContainText('7 (3 entries)');
  await expect(tags.locator('li[data-tag="gardening"]')).toContainText('8 (1 entry)');
  await page.getByRole('button', { name: '90 days' }).click();
  await expect(chart).toHaveAttribute('data-days', '90');
  await expect(chart.locator('circle.mood-dot')).toHaveCount(5);

  // An entry changed, another deleted once confirmed.
  const oldest = page.getByTestId('mood-entry').last();
  await expect(oldest.getByTestId('mood-entry-score')).toHaveText('4');
  await oldest.getByRole('button', { name: /^Edit/ }).click();
  await oldest.getByTestId('edit-mood').getByRole('radio', { name: '3', exact: true }).check();
  await oldest.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('mood-entry').last().getByTestId('mood-entry-score')).toHaveText('3');
  const second = page.getByTestId('mood-entry').nth(1);
  await second.getByRole('button', { name: /^Delete/ }).click();
  await second.getByTestId('confirm-delete').getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByTestId('mood-entry')).toHaveCount(5);
  await second.getByRole('button', { name: /^Delete/ }).click();
  await second.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.getByTestId('mood-entry')).toHaveCount(4);
  await expect(chart.locator('circle.mood-dot')).toHaveCount(4);

  await page.getByRole('button', { name: '30 days' }).click();
  await page.screenshot({ path: 'artifacts/mood-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the mood page fits a phone').toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'artifacts/mood-360.png', fullPage: true });
});

test('a patient answers the PHQ-9 with item 9 positive, sees the crisis message at once, and their doctor acknowledges the alert', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Rui Quiet', 'Low mood and poor sleep', { confirm: true });
  // A problem the patient reported, which the doctor marks entered in error.
  const problem = await call(request, patient.token, 'POST', `/patients/${patient.id}/problems`, { name: 'Broken wrist', notes: '' });
  await call(request, doctor.token, 'PATCH', `/patients/${patient.id}/problems/${problem.id}`, {
    verification: 'entered_in_error', reason: 'Recorded on the wrong patient.',
  });

  // The doctor asks for a PHQ-9 every 4 weeks from the patient's record.
  const doctorPage = await signedInPage(browser, doctor.email);
  await doctorPage.goto(`${base()}/patients/${patient.id}`);
  const ask = doctorPage.getByTestId('phq9-request');
  await expect(ask.getByTestId('phq9-my-request')).toHaveText('You have not asked this patient to answer a PHQ-9.');
  await ask.getByLabel('Every 4 weeks').check();
  await ask.getByRole('button', { name: 'Ask the patient' }).click();
  await expect(ask.getByTestId('phq9-my-request')).toContainText('(every 4 weeks); not answered yet');
  await expect(doctorPage.getByTestId('phq9-none')).toBeVisible();

  // The patient answers: several days for every item, item 9 included.
  const page = await signedInPage(browser, patient.email);
  await expect(page.getByTestId('phq9-asked')).toContainText(`${doctor.name} asked you`);
  await page.getByRole('link', { name: 'Answer the PHQ-9' }).click();
  await expect(page.getByTestId('phq9-requests')).toContainText(`${doctor.name} asked on`);
  await expect(page.getByTestId('crisis-notice')).toContainText('If you are in crisis');
  const form = page.getByTestId('phq9-form');
  await expect(form).toContainText('Over the last 2 weeks, how often have you been bothered by any of the following problems?');
  const items = form.getByTestId('phq9-item');
  await expect(items).toHaveCount(9);
  await expect(form.getByTestId('phq9-difficulty')).toHaveCount(0);
  // Sent with an item left out, it says which.
  for (let n = 0; n < 8; n++) await items.nth(n).getByLabel('Several days').check();
  await form.getByRole('button', { name: 'Send my answers' }).click();
  await expect(page.getByTestId('phq9-message')).toContainText('Answer question 9 too');
  await items.nth(8).getByLabel('Several days').check();
  await form.getByTestId('phq9-difficulty').getByLabel('Somewhat difficult').check();
  await form.getByRole('button', { name: 'Send my answers' }).click();
  const crisis = page.getByRole('alert').filter({ hasText: 'You do not have to face this alone' });
  await expect(crisis).toBeVisible();
  await expect(crisis).toBeFocused();
  await expect(crisis).toContainText('please talk to someone now');
  await expect(page.getByTestId('phq9-score')).toHaveText('9 of 27');
  await expect(page.getByTestId('phq9-band')).toHaveText('Mild');
  // The clinic's numbers (global-setup sets them) can be called.
  await expect(crisis.getByRole('link', { name: '988' })).toHaveAttribute('href', 'tel:988');
  await expect(crisis.getByRole('link', { name: '112' })).toHaveAttribute('href', 'tel:112');
  await expect(page.getByTestId('phq9-history').locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('phq9-requests')).toHaveCount(0);
  await page.screenshot({ path: 'artifacts/phq9-crisis-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'artifacts/phq9-crisis-360.png', fullPage: true });

  // The doctor's inbox tells of the alert and leads to the record.
  await doctorPage.goto(`${base()}/inbox`);
  const link = doctorPage.getByTestId('inbox').locator(`a[href="/patients/${patient.id}"]`).first();
  await expect(async () => {
    await doctorPage.reload();
    await expect(link).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await doctorPage.goto(`${base()}/dashboard`);
  await expect(doctorPage.getByTestId('doctor-open-alerts')).toContainText(patient.name);
  await doctorPage.goto(`${base()}/inbox`);
  await link.click();
  await expect(doctorPage.getByRole('heading', { name: patient.name, level: 1 })).toBeVisible();
  await expect(doctorPage.getByTestId('record-open-alert')).toBeVisible();
  const result = doctorPage.getByTestId('phq9-result').filter({ has: doctorPage.getByTestId('phq9-alert') });
  await expect(result).toHaveAttribute('data-open', 'true');
  await expect(result.getByTestId('phq9-alert')).toContainText('Item 9 answered “Several days”');
  await expect(doctorPage.getByTestId('mood-panel')).toBeVisible();
  // The timeline keeps the entry made in error, struck through.
  const wrong = doctorPage.getByTestId('timeline-event').filter({ hasText: 'Broken wrist' });
  await expect(wrong).toHaveAttribute('data-error', 'true');
  await expect(wrong.locator('s')).toHaveText('Broken wrist');
  await expect(wrong).toContainText('Entered in error');
  await result.getByLabel('Note (optional)').fill('Called the patient; seeing them this afternoon.');
  await result.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(result.getByTestId('phq9-acknowledged')).toContainText(`Acknowledged by ${doctor.name} at`);
  await expect(result).toContainText('Called the patient; seeing them this afternoon.');
  await expect(doctorPage.getByTestId('phq9-open-alerts')).toHaveCount(0);
  await expect(doctorPage.getByTestId('phq9-request').getByTestId('phq9-my-request')).toContainText(/\(every 4 weeks\); answered /);
  await doctorPage.screenshot({ path: 'artifacts/phq9-doctor-desktop.png', fullPage: true });
  await doctorPage.goto(`${base()}/dashboard`);
  await expect(doctorPage.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
  await expect(doctorPage.getByTestId('doctor-open-alerts')).toHaveCount(0);
});

test('an alert about a patient with no doctor goes to the admins, who acknowledge it', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const name = 'Nuno Alone';
  const patient = { ...(await newPatient(request, name)), name };
  const token = await tokenOf(request, patient.email);
  const sent = await call(request, token, 'POST', `/patients/${patient.id}/phq9`, { answers: [2, 2, 1, 1, 0, 2, 1, 0, 2], difficulty: 'very_difficult' });
  expect(sent.crisis?.headline).toBe('You do not have to face this alone');
  expect(sent.result.score).toBe(11);

  // The fourth recovery code: the guard, CSP and page specs use the first three.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(3);
  const admin = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[3]);
  await expect(admin.getByTestId('open-alerts-figure')).toBeVisible();
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts', exact: true }).click();
  const row = admin.getByTestId('open-alert').filter({ hasText: patient.name });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('link', { name: patient.name })).toHaveAttribute('href', `/patients/${patient.id}`);
  await row.getByLabel('Note (optional)').fill('Reached the patient by phone; booked an urgent visit.');
  await row.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(admin.getByTestId('open-alert').filter({ hasText: patient.name })).toHaveCount(0);
  // The admin sees the record's timeline, without the mood or PHQ-9 sections.
  await admin.goto(`${base()}/patients/${patient.id}`);
  await expect(admin.getByTestId('record-timeline')).toBeVisible();
  await expect(admin.getByTestId('record-phq9')).toHaveCount(0);
  await expect(admin.locator('.status.error')).toHaveCount(0);
});
