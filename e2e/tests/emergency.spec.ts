import { expect, test } from '@playwright/test';
import { approvedDoctor, base, CspWatch, newPatient, PASSWORD, shoot, signInAs } from './support';

const REASON = 'Brought in unconscious; need allergies and current medication.';

test('a doctor opens a record that is not theirs in an emergency; the patient sees it stand out, with the reason', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const csp = new CspWatch();
  const stamp = Date.now();
  const doctorEmail = `casualty-${stamp}@example.org`;
  const doctorName = `Doctor Casualty ${stamp % 100_000}`;
  await approvedDoctor(request, doctorEmail, doctorName);
  const first = await newPatient(request, 'Unconscious Patient');
  const second = await newPatient(request, 'Collapsed Patient');

  // From the doctor's own page, naming the patient by their record's address.
  const doctor = await csp.newPage(browser);
  await signInAs(doctor, doctorEmail);
  await doctor.getByRole('link', { name: 'Emergency access to a record' }).click();
  await expect(doctor.getByRole('heading', { name: 'Emergency access to a record' })).toBeVisible();
  await expect(doctor.getByRole('note')).toContainText('The patient is told at once, with your name and your reason');
  await expect(doctor.getByLabel('Why you need the record now')).toHaveAttribute('maxlength', '500');
  await doctor.getByLabel("Patient's id").fill('somebody');
  await doctor.getByLabel('Why you need the record now').fill('urgent');
  await doctor.getByRole('button', { name: 'Open the record in an emergency' }).click();
  await expect(doctor.locator('#emergency-patient-error')).toContainText('is neither an id nor the address of a record');
  await expect(doctor.locator('#emergency-reason-error')).toHaveText('must say why, in at least 10 characters');
  await expect(doctor.locator('#emergency-understood-error')).toContainText('tick the box');
  await shoot(doctor, 'emergency-form-errors');
  await doctor.getByLabel("Patient's id").fill(`${base()}/patients/${first.id}`);
  await doctor.getByLabel('Why you need the record now').fill(REASON);
  await doctor.getByLabel(/I understand that the patient and the administrators are told/).check();
  await doctor.getByRole('button', { name: 'Open the record in an emergency' }).click();
  await expect(doctor).toHaveURL(new RegExp(`/patients/${first.id}$`));
  await expect(doctor.getByRole('heading', { name: 'Unconscious Patient' })).toBeVisible();
  await expect(doctor.getByText(first.email)).toBeVisible();

  // From a record the doctor is refused: "not your patient", then open it.
  await doctor.goto(`${base()}/patients/${second.id}`);
  await expect(doctor.getByRole('heading', { name: 'Not your patient' })).toBeVisible();
  await shoot(doctor, 'record-not-your-patient');
  await doctor.getByLabel('Why you need the record now').fill('Collapsed in the waiting room; checking their medication.');
  await doctor.getByLabel(/I understand/).check();
  await doctor.getByRole('button', { name: 'Open the record in an emergency' }).click();
  await expect(doctor.getByRole('heading', { name: 'Collapsed Patient' })).toBeVisible();
  await expect(doctor.getByTestId('emergency-open')).toContainText('this record is open to you until');
  await expect(doctor.getByTestId('no-medications')).toBeVisible();
  await shoot(doctor, 'record-emergency-open');

  // The patient: the opening and the reads under it stand out, with the reason.
  const patient = await csp.newPage(browser);
  await signInAs(patient, first.email, PASSWORD);
  const summary = patient.getByTestId('emergency-summary');
  await expect(summary).toContainText(doctorName);
  await expect(summary).toContainText(`Reason given: ${REASON}`);
  await shoot(patient, 'dashboard-emergency');
  await summary.getByRole('link', { name: 'See each read in your access log' }).click();
  await expect(patient).toHaveURL(/\/access-log$/);
  await expect(patient.getByRole('heading', { name: 'Who read my record' })).toBeVisible();
  const log = patient.getByTestId('access-log');
  const opening = log.locator('[data-emergency="true"]').filter({ hasText: 'opened your record in an emergency' });
  await expect(opening).toHaveCount(1);
  await expect(opening).toContainText(doctorName);
  await expect(opening.getByTestId('emergency-reason')).toHaveText(`Reason given: ${REASON}`);
  await expect(opening.locator('.badge')).toHaveText('Emergency access');
  await expect(log.locator('[data-emergency="true"]').filter({ hasText: /read your profile.* in an emergency/ })).toHaveCount(1);
  await shoot(patient, 'access-log-emergency');
  // And the inbox told them at once.
  await expect(async () => {
    await patient.goto(`${base()}/inbox`);
    await expect(patient.locator('[data-event="account.emergency_access"]')).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  csp.check();
});
