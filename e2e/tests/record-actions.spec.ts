import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { base, call, doctorAndPatient, PASSWORD, signedInPage } from './support';

// The clinical record's forms and actions: a doctor's coded problem with
// its onset; refute, mark inactive, make active again, resolve and entered
// in error, each with its badges and its history; a patient's report and
// correction, which the doctor confirms; and the admin's read-only view.

/** The revisions in an entry's history, once opened. */
async function history(entry: Locator): Promise<Locator> {
  await entry.locator('summary', { hasText: 'History' }).click();
  return entry.locator('.history li');
}

const button = (where: Locator | Page, name: string) => where.getByRole('button', { name, exact: true });

test('a doctor records a coded problem with its onset, then refutes, deactivates, reactivates, resolves and marks entered in error', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Ines Record', 'Review of my record');
  const problems = `/patients/${patient.id}/problems`;
  await call(request, patient.token, 'POST', problems, { name: 'Tension headache', notes: 'Most afternoons.' });
  for (const name of ['Eczema', 'Otitis media', 'Broken wrist']) await call(request, doctor.token, 'POST', problems, { name });

  const page = await signedInPage(browser, doctor.email);
  await page.goto(`${base()}/patients/${patient.id}`);
  const entry = (name: string) => page.getByTestId('problem').filter({ has: page.getByRole('heading', { name }) });
  await expect(entry('Broken wrist')).toBeVisible();

  // The form is short until "More details" is opened; its own problems show on their fields.
  const add = page.getByTestId('add-problem');
  await expect(add.getByLabel('Code system')).toBeHidden();
  await add.getByLabel('Problem').fill('Asthma');
  await add.getByText('More details').click();
  await add.getByLabel('Code', { exact: true }).fill('J45.909');
  await add.getByLabel('Onset').fill(`${new Date().getUTCFullYear() + 1}-01-01`);
  await button(add, 'Add problem').click();
  await expect(add.getByLabel('Code system')).toHaveAttribute('aria-invalid', 'true');
  await expect(add.getByLabel('Onset')).toHaveAttribute('aria-invalid', 'true');
  await expect(add).toContainText('must not be in the future');
  await add.getByLabel('Code system').fill('ICD-10');
  await add.getByLabel('Onset').fill('2019-04-01');
  await add.getByLabel('Notes').fill('Worse in spring.');
  await button(add, 'Add problem').click();
  const asthma = entry('Asthma');
  await expect(asthma.getByTestId('entry-verification')).toHaveText('Confirmed');
  await expect(asthma.getByTestId('entry-status')).toHaveText('Active');
  await expect(asthma.locator('.entry-facts')).toContainText('J45.909 (ICD-10)');
  await expect(asthma.locator('.entry-facts')).toContainText(/Onset\s*.*2019/);
  await expect(add.getByLabel('Problem')).toHaveValue('');
  // A doctor's own entry is confirmed: no "Confirm".
  await expect(button(asthma, 'Confirm')).toHaveCount(0);

  // The patient's report is refuted, with a reason; only "entered in error" is left.
  const headache = entry('Tension headache');
  await expect(headache.getByTestId('entry-verification')).toHaveText('Patient-reported');
  await button(headache, 'Refute…').click();
  await headache.getByLabel('Why it is refuted (optional)').fill('Examination points to neck strain.');
  await button(headache.getByTestId('reason-form'), 'Refute').click();
  await expect(headache.getByTestId('entry-verification')).toHaveText('Refuted');
  await expect(headache.getByTestId('entry-status')).toHaveCount(0);
  await expect(headache).toContainText('Reason: Examination points to neck strain.');
  await expect(headache.getByRole('button')).toHaveText(['Mark entered in error…']);
  let revisions = await history(headache);
  await expect(revisions).toHaveCount(2);
  await expect(revisions.last()).toContainText('Refuted');
  await expect(revisions.last()).toContainText('Reason: Examination points to neck strain.');

  // Inactive, then active again.
  const eczema = entry('Eczema');
  await button(eczema, 'Mark inactive').click();
  await expect(eczema.getByTestId('entry-status')).toHaveText('Inactive');
  await expect(button(eczema, 'Mark inactive')).toHaveCount(0);
  await button(eczema, 'Make active again').click();
  await expect(eczema.getByTestId('entry-status')).toHaveText('Active');
  await expect(button(eczema, 'Make active again')).toHaveCount(0);
  revisions = await history(eczema);
  await expect(revisions).toHaveCount(3);
  await expect(revisions.nth(1)).toContainText('(Inactive, Confirmed)');
  await expect(revisions.nth(2)).toContainText('(Active, Confirmed)');

  // Resolved: only "Make active again" of the status changes is left.
  const otitis = entry('Otitis media');
  await button(otitis, 'Resolve').click();
  await expect(otitis.getByTestId('entry-status')).toHaveText('Resolved');
  await expect(button(otitis, 'Resolve')).toHaveCount(0);
  await expect(button(otitis, 'Mark inactive')).toHaveCount(0);
  await expect(button(otitis, 'Make active again')).toBeVisible();
  revisions = await history(otitis);
  await expect(revisions).toHaveCount(2);
  await expect(revisions.last()).toContainText('(Resolved, Confirmed)');

  // Entered in error needs its reason, then leaves the entry without actions.
  const wrist = entry('Broken wrist');
  await button(wrist, 'Mark entered in error…').click();
  const reasonForm = wrist.getByTestId('reason-form');
  await button(reasonForm, 'Mark entered in error').click();
  await expect(wrist.getByLabel('Why it was entered in error')).toHaveAttribute('aria-invalid', 'true');
  await expect(wrist).toContainText('is required to mark an entry entered in error');
  await wrist.getByLabel('Why it was entered in error').fill('Recorded on the wrong patient.');
  await button(reasonForm, 'Mark entered in error').click();
  await expect(wrist.getByTestId('entry-verification')).toHaveText('Entered in error');
  await expect(wrist.getByRole('button')).toHaveCount(0);
  await expect(wrist).toContainText('Reason: Recorded on the wrong patient.');
  revisions = await history(wrist);
  await expect(revisions).toHaveCount(2);
  await expect(revisions.last()).toContainText('Entered in error');
  await expect(revisions.last()).toContainText('Reason: Recorded on the wrong patient.');

  // The timeline, read again, shows the resolution and strikes the entry in error.
  await page.reload();
  const timeline = page.getByTestId('timeline');
  await expect(timeline.locator('[data-kind="resolved"]', { hasText: 'Otitis media' })).toHaveCount(1);
  await expect(timeline.locator('[data-error="true"]', { hasText: 'Broken wrist' })).toHaveCount(1);

  // The forms and the reason asked, for the eye: desktop and phone.
  await page.getByTestId('add-problem').getByText('More details').click();
  await button(entry('Asthma'), 'Refute…').click();
  await page.getByTestId('record-problems').screenshot({ path: 'artifacts/record-actions-desktop.png' });
  await page.setViewportSize({ width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the record fits a phone').toBeLessThanOrEqual(0);
  await page.getByTestId('record-problems').screenshot({ path: 'artifacts/record-actions-360.png' });
});

test('a patient reports an allergy with its details and corrects it; the doctor confirms it', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Joana Reported', 'Review of my record');
  const page = await signedInPage(browser, patient.email);
  await page.goto(`${base()}/record`);
  const add = page.getByTestId('add-allergy');
  await expect(add.getByRole('heading', { name: 'Report an allergy' })).toBeVisible();
  await add.getByLabel('Substance').fill('Peanut');
  await add.getByLabel('Category').selectOption('food');
  await add.getByLabel('Reaction').fill('Swollen lips');
  await add.getByText('More details').click();
  await add.getByLabel('Severity').selectOption('moderate');
  await add.getByLabel('Criticality').selectOption('high');
  await add.getByLabel('Onset').fill('2015-06-01');
  await button(add, 'Add allergy').click();
  const peanut = page.getByTestId('allergy').filter({ has: page.getByRole('heading', { name: 'Peanut' }) });
  await expect(peanut.getByTestId('entry-verification')).toHaveText('Patient-reported');
  await expect(peanut).toContainText('Allergy · Food');
  await expect(peanut.locator('.entry-facts')).toContainText('Moderate');
  await expect(peanut.locator('.entry-facts')).toContainText('High: could be life-threatening');
  await expect(peanut.locator('.entry-facts')).toContainText(/Onset\s*.*2015/);
  // The patient may change what they reported, never verify it.
  await expect(peanut.getByRole('button')).toHaveText(['Edit', 'Mark inactive', 'Resolve', 'Mark entered in error…']);
  await button(peanut, 'Edit').click();
  const correct = peanut.getByTestId('correct-allergy');
  await expect(correct.getByLabel('Severity')).toHaveValue('moderate');
  await correct.getByLabel('Reaction').fill('Swollen lips and hives');
  await button(correct, 'Save changes').click();
  await expect(peanut.locator('.entry-facts')).toContainText('Swollen lips and hives');
  await expect(peanut.getByTestId('entry-verification')).toHaveText('Patient-reported');

  // The doctor sees the report as patient-reported, and confirms it.
  const doctorPage = await signedInPage(browser, doctor.email);
  await doctorPage.goto(`${base()}/patients/${patient.id}`);
  const reported = doctorPage.getByTestId('allergy').filter({ has: doctorPage.getByRole('heading', { name: 'Peanut' }) });
  await expect(reported.getByTestId('entry-verification')).toHaveText('Patient-reported');
  await expect(reported.getByRole('button')).toHaveText(['Edit', 'Confirm', 'Refute…', 'Mark inactive', 'Resolve', 'Mark entered in error…']);
  await button(reported, 'Confirm').click();
  await expect(reported.getByTestId('entry-verification')).toHaveText('Confirmed');
  await expect(button(reported, 'Confirm')).toHaveCount(0);
  const revisions = await history(reported);
  await expect(revisions).toHaveCount(3);
  await expect(revisions.nth(1)).toContainText('Patient-reported');
  await expect(revisions.last()).toContainText(`Confirmed), by ${doctor.name}`);

  // Confirmed, it is no longer the patient's to change.
  await page.reload();
  await expect(peanut.getByTestId('entry-verification')).toHaveText('Confirmed');
  await expect(peanut.getByRole('button')).toHaveCount(0);
});

test('an admin reads the record without forms or actions', async ({ browser, request }) => {
  const { doctor, patient } = await doctorAndPatient(request, 'Lia Readonly', 'Review of my record');
  await call(request, patient.token, 'POST', `/patients/${patient.id}/problems`, { name: 'Hay fever' });
  await call(request, doctor.token, 'POST', `/patients/${patient.id}/problems`, {
    name: 'Asthma', code: { system: 'ICD-10', value: 'J45.909' }, onset: '2019-04-01',
  });
  await call(request, doctor.token, 'POST', `/patients/${patient.id}/allergies`, { substance: 'Latex', category: 'environment' });

  // The fifth recovery code: the guard, CSP, page and wellbeing specs use the first four.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(4);
  const admin = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[4]);
  await admin.goto(`${base()}/patients/${patient.id}`);
  const problems = admin.getByTestId('record-problems');
  const allergies = admin.getByTestId('record-allergies');
  await expect(problems.getByTestId('problem')).toHaveCount(2);
  await expect(problems.getByTestId('problem').filter({ hasText: 'Asthma' }).locator('.entry-facts')).toContainText('J45.909 (ICD-10)');
  await expect(allergies.getByTestId('allergy')).toHaveCount(1);
  for (const section of [problems, allergies]) {
    await expect(section.locator('form')).toHaveCount(0);
    await expect(section.getByRole('button')).toHaveCount(0);
  }
  // The history is still there to read.
  const revisions = await history(problems.getByTestId('problem').filter({ hasText: 'Hay fever' }));
  await expect(revisions).toHaveCount(1);
  await expect(admin.locator('.status.error')).toHaveCount(0);
});
