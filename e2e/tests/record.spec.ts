import { expect, test } from '@playwright/test';
import { approvedDoctor, base, call, newPatient, signedInPage, tokenOf, zoneAtNoon } from './support';

test('a doctor records an allergy, is warned as soon as the drug is written, and prescribes with a reason', async ({ browser, request }) => {
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

  // Amoxicillin is checked once the drug's field is left: the warning shows
  // before anything is submitted.
  await doctor.goto(`${base()}/appointments/${visit}`);
  const submitted: string[] = [];
  doctor.on('request', (sent) => {
    if (sent.method() === 'POST' && sent.url().endsWith(`/appointments/${visit}/actions`)) submitted.push(sent.url());
  });
  const form = doctor.getByTestId('consult-form');
  await form.getByLabel('Diagnosis').fill('Streptococcal pharyngitis');
  await form.getByRole('button', { name: 'Add a drug' }).click();
  const drug = form.getByTestId('rx-item').first();
  await drug.getByLabel('Drug').fill('Amoxicillin');
  await drug.getByLabel('Drug').blur();
  const warning = form.getByTestId('allergy-warning');
  await expect(warning).toBeVisible();
  // Read out as it comes: the words are in a live region.
  await expect(warning.getByRole('alert').first()).toContainText('Amoxicillin matches the recorded allergy to Penicillin');
  await drug.getByLabel('Dose').fill('500 mg');
  await drug.getByLabel('How often').fill('three times a day');
  await drug.getByLabel('For how long').fill('10 days');
  expect(submitted).toHaveLength(0);
  await doctor.screenshot({ path: 'artifacts/allergy-warning-consult-desktop.png', fullPage: true });
  await doctor.setViewportSize({ width: 360, height: 800 });
  await warning.scrollIntoViewIfNeeded();
  await doctor.screenshot({ path: 'artifacts/allergy-warning-consult-360.png', fullPage: true });
  // Completing without a reason is stopped before it is sent; with one, the visit completes.
  const reason = warning.getByLabel('Reason to prescribe anyway');
  await form.getByRole('button', { name: 'Complete the visit' }).click();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('Reason to prescribe anyway is required');
  expect(submitted).toHaveLength(0);
  await reason.fill('Tolerated amoxicillin last year under observation.');
  await form.getByRole('button', { name: 'Complete the visit' }).click();
  await expect(doctor.locator('.lead .badge')).toHaveText('Completed');
  expect(submitted).toHaveLength(1);
  // The reason is kept with the prescription.
  const completed = await call(request, doctorToken, 'GET', `/appointments/${visit}`);
  expect(completed.allergy_override.reason).toBe('Tolerated amoxicillin last year under observation.');
  expect(completed.allergy_override.conflicts.map((c: { medicine: string }) => c.medicine)).toEqual(['Amoxicillin']);
});

test('a patient reports a problem and sees it as patient-reported', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Pat Reporter');
  const page = await signedInPage(browser, patient.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My record', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'My record' })).toBeVisible();
  await expect(page.getByTestId('allergy-assessment')).toHaveText('Allergies not yet assessed');
  const add = page.getByTestId('add-problem');
  await add.getByLabel('Problem').fill('Migraine');
  await add.getByText('More details').click();
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

test('a patient with a reported allergy is warned as soon as a matching medication is named, and adds it with a reason', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Mia Warned');
  const page = await signedInPage(browser, patient.email);
  await page.goto(`${base()}/record`);
  const add = page.getByTestId('add-allergy');
  await add.getByLabel('Substance').fill('Penicillin');
  await add.getByRole('button', { name: 'Add allergy' }).click();
  await expect(page.getByTestId('allergy').filter({ hasText: 'Penicillin' }).getByTestId('entry-verification')).toHaveText('Patient-reported');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Medications', exact: true }).click();
  const submitted: string[] = [];
  page.on('request', (sent) => {
    if (sent.method() === 'POST' && sent.url().endsWith('/me/medications')) submitted.push(sent.url());
  });
  // The name is checked once its field is left: the warning shows before anything is sent.
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Amoxicillin');
  await page.getByLabel('Strength').fill('500 mg');
  const warning = page.getByTestId('allergy-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('Amoxicillin matches the recorded allergy to Penicillin');
  // Another medicine: the warning goes; back to amoxicillin, it comes again.
  await name.fill('Ibuprofen');
  await name.blur();
  await expect(warning).toBeHidden();
  await name.fill('Amoxicillin');
  await name.blur();
  await expect(warning).toContainText('Amoxicillin matches the recorded allergy to Penicillin');
  await page.getByLabel('Dose', { exact: true }).fill('1 capsule');
  await page.screenshot({ path: 'artifacts/allergy-warning-medication-desktop.png', fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await warning.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'artifacts/allergy-warning-medication-360.png', fullPage: true });
  // The reason is required before it is sent.
  const reason = warning.getByLabel('Reason to take it anyway');
  await page.getByRole('button', { name: 'Add medication' }).click();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('medication-message')).toContainText('Reason to take it anyway is required');
  expect(submitted).toHaveLength(0);
  await reason.fill('My allergist cleared it after a challenge test.');
  await page.getByRole('button', { name: 'Add medication' }).click();
  await expect(page.getByTestId('medication-message')).toHaveText('Added. Reminders start at the next dose.');
  await expect(warning).toBeHidden();
  expect(submitted).toHaveLength(1);
  // Edited later, it still matches, but the reason kept with it answers the match: no warning.
  const rechecked = page.waitForResponse((answer) => answer.url().endsWith(`/patients/${patient.id}/allergy-check`));
  await page.getByRole('button', { name: /^Edit Amoxicillin/ }).click();
  await expect(page.getByRole('heading', { name: 'Edit Amoxicillin' })).toBeVisible();
  expect((await (await rechecked).json()).conflicts).toHaveLength(1);
  await expect(warning).toBeHidden();
  const edited = page.waitForResponse((answer) => answer.request().method() === 'PUT' && answer.url().includes('/medications/'));
  await page.getByLabel('Dose', { exact: true }).fill('2 capsules');
  await page.getByRole('button', { name: 'Save changes' }).click();
  expect((await edited).status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Add a medication' })).toBeVisible();
  await expect(warning).toBeHidden();
});

test('an allergy recorded after the check still stops the medication on submit, and a reason lets it through', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Noor Late');
  const patientToken = await tokenOf(request, patient.email);
  const page = await signedInPage(browser, patient.email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Medications', exact: true }).click();
  // No allergy yet: the check finds nothing.
  const checked = page.waitForResponse((answer) => answer.url().endsWith(`/patients/${patient.id}/allergy-check`));
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Amoxicillin');
  await name.blur();
  expect((await (await checked).json()).conflicts).toEqual([]);
  const warning = page.getByTestId('allergy-warning');
  await expect(warning).toBeHidden();
  // Meanwhile the allergy is recorded; the server's refusal on submit shows the same warning.
  await call(request, patientToken, 'POST', `/patients/${patient.id}/allergies`, { substance: 'Penicillin', category: 'medication' });
  await page.getByLabel('Strength').fill('500 mg');
  await page.getByLabel('Dose', { exact: true }).fill('1 capsule');
  await page.getByRole('button', { name: 'Add medication' }).click();
  await expect(warning).toContainText('Amoxicillin matches the recorded allergy to Penicillin');
  await warning.getByLabel('Reason to take it anyway').fill('Tolerated it last winter.');
  await page.getByRole('button', { name: 'Add medication' }).click();
  await expect(page.getByTestId('medication-message')).toHaveText('Added. Reminders start at the next dose.');
  await expect(warning).toBeHidden();
});
