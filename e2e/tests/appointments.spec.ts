import { expect, test, type Page } from '@playwright/test';
import { approvedDoctor, base, PASSWORD, signedInPage } from './support';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A fixed-offset zone where it is about noon now, so that today's later slots can be seen through. */
function zoneAtNoon(): { zone: string; weekday: string } {
  const offset = 12 - new Date().getUTCHours();
  const zone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const weekday = DAYS[new Date(Date.now() + offset * 3_600_000).getUTCDay()];
  return { zone, weekday };
}

/** A link of the header's navigation. */
const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

test('a patient books; the doctor confirms, checks in, consults and completes; the patient follows it in the inbox and history', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const stamp = Date.now();
  const doctorEmail = `quinn-${stamp}@example.org`;
  const patientEmail = `sully-${stamp}@example.org`;
  const doctorName = `Doctor Quinn ${stamp % 100_000}`;
  await approvedDoctor(request, doctorEmail, doctorName);
  const patient = await request.post(`${base()}/api/v1/auth/register`, {
    data: {
      role: 'patient', name: 'Byron Sully', email: patientEmail, password: PASSWORD,
      time_zone: 'Europe/Lisbon', date_of_birth: '1985-06-01',
    },
  });
  expect(patient.status()).toBe(201);

  // The doctor publishes today's hours on the practice page.
  const { zone, weekday } = zoneAtNoon();
  const doctor = await signedInPage(browser, doctorEmail);
  // Until hours are published, the dashboard says so first.
  await expect(doctor.getByTestId('publish-hours')).toContainText('Publish your hours, or patients cannot book you');
  await nav(doctor, 'Practice').click();
  await doctor.getByLabel('About you, for patients').fill('Family doctor for the whole frontier.');
  await doctor.getByLabel('Consultation fee').fill('45.00');
  await doctor.getByLabel('Time zone of your hours').fill(zone);
  await doctor.getByLabel('Slot length (minutes)').fill('15');
  await doctor.getByRole('button', { name: 'Add hours' }).click();
  const row = doctor.getByTestId('hours-row').first();
  await row.getByLabel('Day').selectOption(weekday);
  await row.getByLabel('From').fill('00:00');
  await row.getByLabel('To').fill('23:45');
  // A day off and an evening of extra hours, far ahead.
  await doctor.getByLabel('Date', { exact: true }).fill('2030-01-02');
  await doctor.getByRole('button', { name: 'Add a day off' }).click();
  await doctor.getByLabel('Date', { exact: true }).fill('2030-01-03');
  await doctor.getByLabel('Extra from').fill('18:00');
  await doctor.getByLabel('to', { exact: true }).fill('20:00');
  await doctor.getByRole('button', { name: 'Add extra hours' }).click();
  await expect(doctor.getByTestId('exceptions').locator('[data-date="2030-01-02"]')).toContainText(': day off');
  await expect(doctor.getByTestId('exceptions').locator('[data-date="2030-01-03"]')).toContainText(': extra hours 18:00–20:00');
  await doctor.getByRole('button', { name: 'Save practice' }).click();
  await expect(doctor.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  // The patient finds the doctor and books a slot half an hour ahead.
  const sully = await signedInPage(browser, patientEmail);
  await nav(sully, 'Find a doctor').click();
  await sully.getByLabel('Specialization').selectOption('family-medicine');
  await sully.getByTestId('doctors').getByRole('link', { name: doctorName }).click();
  await expect(sully.getByRole('heading', { name: doctorName })).toBeVisible();
  await expect(sully.getByTestId('fee')).toHaveText(/^(€|\$)45\.00$/);
  // The card names the first free time, and how soon it is.
  await expect(sully.getByTestId('next-free')).toContainText(/\(in \d+ (seconds?|minutes?|hours?)\)$/);
  // A strip of days, the first with free times chosen; then its times.
  await expect(sully.getByTestId('days').locator('button[aria-pressed="true"]')).toHaveCount(1);
  await expect(sully.getByTestId('choose-hint')).toBeVisible();
  await sully.getByTestId('slots').getByRole('button').nth(2).click();
  await expect(sully.getByTestId('slots').locator('button[aria-pressed="true"]')).toHaveCount(1);
  await sully.getByLabel('Reason for the visit and symptoms').fill('Fever and a cough for three days');
  await sully.getByLabel('How urgent is it?').selectOption('high');
  await sully.getByRole('button', { name: 'Request appointment' }).click();
  await expect(sully.getByRole('heading', { name: `Appointment with ${doctorName}` })).toBeVisible();
  await expect(sully.locator('.lead .badge')).toHaveText('Pending');
  const appointmentUrl = sully.url();
  // The dashboards: the patient's next appointment, the doctor's waiting request.
  await nav(sully, 'Dashboard').click();
  await expect(sully.getByTestId('next-appointment')).toContainText(doctorName);
  await nav(doctor, 'Dashboard').click();
  await expect(doctor.getByTestId('publish-hours')).toHaveCount(0);
  await expect(doctor.getByTestId('requests-figure').locator('.figure')).toHaveText('1');
  await sully.goto(appointmentUrl);

  // The doctor confirms from the request queue, then runs the visit.
  await nav(doctor, 'Requests').click();
  const request_ = doctor.getByTestId('requests').getByRole('listitem').filter({ hasText: 'Byron Sully' });
  await request_.getByRole('button', { name: 'Confirm' }).click();
  await expect(doctor.getByTestId('no-requests')).toBeVisible();
  await nav(doctor, 'My day').click();
  await expect(doctor.getByTestId('next-patient')).toContainText('Byron Sully');
  await doctor.getByTestId('next-patient').getByRole('link').click();
  for (const [step, status] of [['Check in', 'Checked in'], ['Start consultation', 'In consultation']]) {
    await doctor.getByRole('button', { name: step }).click();
    await expect(doctor.locator('.lead .badge')).toHaveText(status);
  }
  const form = doctor.getByTestId('consult-form');
  await form.getByLabel('Diagnosis').fill('Community-acquired pneumonia');
  await form.getByRole('button', { name: 'Add a drug' }).click();
  const drug = form.getByTestId('rx-item').first();
  await drug.getByLabel('Drug').fill('Amoxicillin');
  await drug.getByLabel('Dose').fill('500 mg');
  await drug.getByLabel('How often').fill('three times a day');
  await drug.getByLabel('For how long').fill('7 days');
  await drug.getByLabel('Instructions').fill('With food');
  await form.getByLabel('Notes').fill('Chest X-ray if no better in 48 hours.');
  // A line added and removed again leaves no trace.
  await form.getByRole('button', { name: 'Add a drug' }).click();
  await form.getByTestId('rx-item').nth(1).getByRole('button', { name: 'Remove this drug' }).click();
  await expect(form.getByTestId('rx-item')).toHaveCount(1);
  await expect(form.getByLabel('Diagnosis')).toHaveAttribute('maxlength', '2000');
  await expect(drug.getByLabel('Drug')).toHaveAttribute('maxlength', '200');
  // What the server refuses shows under its field, down to one part of one line.
  await doctor.route('**/api/v1/appointments/*/actions', (route) => route.fulfill({
    status: 422,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'validation_failed', message: 'Some fields are not valid.', fields: {
      'consultation.diagnosis': 'must be at most 2000 characters',
      'consultation.prescription[0].drug': 'is required',
    } } }),
  }), { times: 1 });
  await form.getByRole('button', { name: 'Complete the visit' }).click();
  await expect(form.locator('#diagnosis-error')).toHaveText('must be at most 2000 characters');
  await expect(drug.locator('.field-error').first()).toHaveText('is required');
  await expect(form.getByRole('alert').filter({ hasText: 'Drug is required' })).toBeVisible();
  await form.getByRole('button', { name: 'Complete the visit' }).click();
  await expect(doctor.locator('.lead .badge')).toHaveText('Completed');
  await expect(doctor.getByTestId('timeline').getByRole('listitem')).toHaveCount(5);
  await doctor.screenshot({ path: 'artifacts/appointment-completed.png', fullPage: true });
  // The doctor opens the patient's record: the visit is in its history.
  await doctor.getByRole('link', { name: 'Patient record' }).click();
  await expect(doctor.getByRole('heading', { name: 'Byron Sully' })).toBeVisible();
  await expect(doctor.getByTestId('history')).toContainText('Community-acquired pneumonia');

  // The patient sees each step in the inbox, the visit in the history.
  await sully.goto(`${base()}/inbox`);
  await expect(async () => {
    await sully.reload();
    await expect(sully.getByTestId('inbox').getByRole('listitem')).toHaveCount(5, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(sully.getByTestId('unread-count')).toHaveText('5');
  for (const event of ['requested', 'confirmed', 'checked_in', 'consulting', 'completed']) {
    await expect(sully.locator(`[data-event="appointment.${event}"]`)).toHaveCount(1);
  }
  await sully.getByRole('button', { name: 'Mark all read' }).click();
  await expect(sully.getByTestId('unread-count')).toHaveCount(0);
  await nav(sully, 'History').click();
  const history = sully.getByTestId('history');
  await expect(history).toContainText('Community-acquired pneumonia');
  await expect(history.getByTestId('prescription')).toContainText('Amoxicillin');
  await sully.goto(appointmentUrl);
  await expect(sully.getByTestId('timeline').getByRole('listitem')).toHaveCount(5);
  await sully.screenshot({ path: 'artifacts/appointment-patient-view.png', fullPage: true });
  // The prescription goes onto the patient's medications; the doctor sees
  // them, and how they are taken, on the record.
  await sully.getByRole('button', { name: 'Add to my medications' }).click();
  await expect(sully.getByTestId('prescription-message')).toContainText('Added');
  await doctor.reload();
  await expect(doctor.getByTestId('patient-medications')).toContainText('Amoxicillin 500 mg');
  await expect(doctor.getByTestId('adherence-summary')).toBeVisible();

  // The doctor's reads of the record are in the patient's access log.
  await nav(sully, 'Dashboard').click();
  await expect(sully.getByTestId('access-log')).toContainText(doctorName);
});
