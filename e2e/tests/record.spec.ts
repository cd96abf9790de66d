import { expect, test, type APIRequestContext } from '@playwright/test';
import { approvedDoctor, base, newPatient, PASSWORD, signedInPage } from './support';

/** Calls the API as `token`; fails the test when it refuses. */
async function call(request: APIRequestContext, token: string, method: string, path: string, data?: object) {
  const answer = await request.fetch(`${base()}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` }, data });
  expect(answer.ok(), `${method} ${path}: ${answer.status()} ${await answer.text()}`).toBe(true);
  return answer.status() === 204 ? undefined : answer.json();
}

async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const answer = await request.post(`${base()}/api/v1/auth/login`, { data: { email, password: PASSWORD } });
  expect(answer.status(), `sign-in of ${email}`).toBe(200);
  return (await answer.json()).access_token;
}

/** A fixed-offset zone where it is about noon now, and its dates. */
function zoneAtNoon(): { zone: string; today: string; tomorrow: string } {
  const offset = 12 - new Date().getUTCHours();
  const zone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const day = (d: number) => new Date(Date.now() + offset * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);
  return { zone, today: day(0), tomorrow: day(1) };
}

test('a doctor records an allergy, is warned when prescribing against it, and prescribes with a reason', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const doctorEmail = `record-doctor-${stamp}@example.org`;
  await approvedDoctor(request, doctorEmail, `Doctor Penn ${stamp % 100_000}`);
  const doctorToken = await tokenOf(request, doctorEmail);
  const doctorId = (await call(request, doctorToken, 'GET', '/me')).id as string;
  const { zone, today, tomorrow } = zoneAtNoon();
  const week = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  await call(request, doctorToken, 'PUT', '/doctors/me/practice', {
    bio: 'Family medicine.', fee_minor_units: 5000, currency: 'EUR', time_zone: zone, slot_minutes: 30,
    weekly_hours: week.map((weekday) => ({ weekday, start: '00:00', end: '23:30' })),
    exceptions: [],
  });
  // A booking makes the care relationship; the doctor runs it up to the consultation.
  const patient = await newPatient(request, 'Rosa Allergic');
  const patientToken = await tokenOf(request, patient.email);
  const { slots } = await call(request, patientToken, 'GET', `/doctors/${doctorId}/slots?from=${today}&to=${tomorrow}&time_zone=${encodeURIComponent(zone)}`);
  const visit = (await call(request, patientToken, 'POST', '/appointments', {
    doctor_id: doctorId, starts_at: slots[1].starts_at, reason: 'Sore throat and fever', priority: 'normal',
  })).id as string;
  for (const action of ['confirm', 'check_in', 'start_consultation']) {
    await call(request, doctorToken, 'POST', `/appointments/${visit}/actions`, { action });
  }

  // The doctor records the allergy on the patient's record.
  const doctor = await signedInPage(browser, doctorEmail);
  await doctor.goto(`${base()}/patients/${patient.id}`);
  await expect(doctor.getByTestId('allergy-assessment')).toHaveText('Allergies not yet assessed');
  // "No known allergies" first, as the patient said at the desk; then the patient remembers.
  await doctor.getByRole('button', { name: 'Record “No known allergies”' }).click();
  await expect(doctor.getByTestId('allergy-assessment')).toContainText(/^No known allergies — assessed on .+ by Doctor Penn/);
  await expect(doctor.getByRole('button', { name: 'Record “No known allergies”' })).toHaveCount(0);
  const add = doctor.getByTestId('add-allergy');
  await add.getByLabel('Substance').fill('Penicillin');
  await add.getByLabel('Category').selectOption('medication');
  await add.getByLabel('Reaction').fill('Hives');
  await add.getByRole('button', { name: 'Add allergy' }).click();
  const allergy = doctor.getByTestId('allergy').filter({ hasText: 'Penicillin' });
  await expect(allergy.getByTestId('entry-verification')).toHaveText('Confirmed');
  await expect(doctor.getByTestId('allergy-assessment')).toHaveCount(0);

  // Prescribing amoxicillin is refused with the warning; a reason lets it through.
  await doctor.goto(`${base()}/appointments/${visit}`);
  const form = doctor.getByTestId('consult-form');
  await form.getByLabel('Diagnosis').fill('Streptococcal pharyngitis');
  await form.getByRole('button', { name: 'Add a drug' }).click();
  const drug = form.getByTestId('rx-item').first();
  await drug.getByLabel('Drug').fill('Amoxicillin');
  await drug.getByLabel('Dose').fill('500 mg');
  await drug.getByLabel('How often').fill('three times a day');
  await drug.getByLabel('For how long').fill('10 days');
  await form.getByRole('button', { name: 'Complete the visit' }).click();
  const warning = form.getByTestId('allergy-warning');
  await expect(warning).toContainText('Amoxicillin matches the recorded allergy to Penicillin');
  await expect(doctor.locator('.lead .badge')).toHaveText('In consultation');
  await warning.getByLabel('Reason to prescribe anyway').fill('Tolerated amoxicillin last year under observation.');
  await warning.getByRole('button', { name: 'Prescribe anyway' }).click();
  await expect(doctor.locator('.lead .badge')).toHaveText('Completed');
});

test('a patient reports a problem and sees it as patient-reported', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Pat Reporter');
  const page = await signedInPage(browser, patient.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My record', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My record' })).toBeVisible();
  await expect(page.getByTestId('allergy-assessment')).toHaveText('Allergies not yet assessed');
  const add = page.getByTestId('add-problem');
  await add.getByLabel('Problem').fill('Migraine');
  await add.getByLabel('Notes').fill('About once a month.');
  await add.getByRole('button', { name: 'Add problem' }).click();
  const problem = page.getByTestId('problem').filter({ hasText: 'Migraine' });
  await expect(problem.getByTestId('entry-verification')).toHaveText('Patient-reported');
  await expect(problem.getByTestId('entry-status')).toHaveText('Active');
  // Its history holds the first revision.
  await problem.getByText('History').click();
  await expect(problem.locator('.history li')).toHaveCount(1);
  await page.screenshot({ path: 'artifacts/record-patient-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: 'artifacts/record-patient-360.png', fullPage: true });
});

test('a patient with a reported allergy is warned when adding a matching medication, and adds it with a reason', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Mia Warned');
  const page = await signedInPage(browser, patient.email);
  await page.goto(`${base()}/record`);
  const add = page.getByTestId('add-allergy');
  await add.getByLabel('Substance').fill('Penicillin');
  await add.getByRole('button', { name: 'Add allergy' }).click();
  await expect(page.getByTestId('allergy').filter({ hasText: 'Penicillin' }).getByTestId('entry-verification')).toHaveText('Patient-reported');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Medications', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Amoxicillin');
  await page.getByLabel('Strength').fill('500 mg');
  await page.getByLabel('Dose', { exact: true }).fill('1 capsule');
  await page.getByRole('button', { name: 'Add medication' }).click();
  const warning = page.getByTestId('allergy-warning');
  await expect(warning).toContainText('Amoxicillin matches the recorded allergy to Penicillin');
  // The reason is required before sending again.
  await warning.getByRole('button', { name: 'Prescribe anyway' }).click();
  await expect(warning).toContainText('Reason to prescribe anyway is required');
  await warning.getByLabel('Reason to prescribe anyway').fill('My allergist cleared it after a challenge test.');
  await warning.getByRole('button', { name: 'Prescribe anyway' }).click();
  await expect(page.getByTestId('medication-message')).toHaveText('Added. Reminders start at the next dose.');
  await expect(warning).toHaveCount(0);
});
