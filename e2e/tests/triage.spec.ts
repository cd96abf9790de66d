import { expect, test, type Page } from '@playwright/test';
import { approvedDoctor, base, call, doctorAndPatient, newPatient, shoot, signedInPage, tokenOf, zoneAtNoon } from './support';

// The patient's symptom check: the red-flag checklist first (a red flag
// ends it as an emergency with the clinic's number), then the complaint;
// the result with its reasons, the suggested times and booking one with
// the check's summary as the reason; the pregnancy question only when it
// is asked; the past checks and deleting one; and the role guard.

/** The first words of what every result says it is not. */
const NOT_A_DIAGNOSIS = 'This is not a diagnosis.';
/** The area and symptom whose rules say "soon", with a family doctor. */
const AREA = 'Bladder, kidneys and urine';
const SYMPTOM = 'Pain or burning when passing urine';

/** From the nav to the complaint step, "None of these" chosen. */
async function toComplaint(page: Page) {
  await page.getByTestId('triage-link').click();
  await expect(page.getByRole('heading', { name: 'Symptom check', level: 1 })).toBeVisible();
  await page.getByRole('checkbox', { name: 'None of these' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Your symptoms' })).toBeFocused();
}

/** Answers the urinary complaint, all but the sex. */
async function urinaryComplaint(page: Page) {
  await page.getByTestId('area').getByRole('radio', { name: AREA }).check();
  await page.getByTestId('symptoms').getByRole('radio', { name: SYMPTOM }).check();
  await page.getByTestId('duration').getByRole('radio', { name: '1 to 6 days' }).check();
  await page.getByTestId('severity').getByRole('radio', { name: '4', exact: true }).check();
  await page.getByTestId('fever').getByRole('radio', { name: 'No' }).check();
}

test('a red flag ends the check at once: the emergency banner with the number to call', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Teresa Flag');
  const page = await signedInPage(browser, patient.email);
  await page.getByTestId('triage-link').click();
  await expect(page.getByTestId('triage-history-empty')).toBeVisible();
  // Continuing with nothing chosen says what to do, and stays.
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('red-flags-refusal')).toHaveText(/Tick every sign that applies, or choose “None of these”/);
  await expect(page).toHaveURL(/\/triage$/);
  await shoot(page, 'triage-checklist');

  // "None of these" and a flag exclude each other.
  await page.getByRole('checkbox', { name: 'None of these' }).check();
  await page.getByRole('checkbox', { name: 'Chest pain, pressure or tightness' }).check();
  await expect(page.getByRole('checkbox', { name: 'None of these' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page).toHaveURL(/\/triage\/[0-9a-f-]{36}$/);
  const banner = page.getByTestId('triage-urgency');
  await expect(banner).toHaveAttribute('data-urgency', 'emergency');
  await expect(banner.getByRole('heading', { name: 'Emergency' })).toBeVisible();
  await expect(banner).toContainText('Call your local emergency number or go to the nearest emergency department now.');
  const number = banner.getByTestId('triage-emergency-number');
  await expect(number).toHaveText('112');
  await expect(number).toHaveAttribute('href', 'tel:112');
  await expect(page.getByTestId('triage-reason')).toContainText('can be a sign of a heart attack');
  await expect(page.getByTestId('not-a-diagnosis')).toContainText(NOT_A_DIAGNOSIS);
  await expect(page.getByTestId('triage-checked')).toContainText(/rules version \d{4}-\d{2}-\d{2}\.\d+/);
  // No appointment is offered for an emergency, and no crisis message for chest pain.
  await expect(page.getByTestId('triage-booking')).toHaveCount(0);
  await expect(page.getByTestId('crisis-message')).toHaveCount(0);
  await shoot(page, 'triage-emergency');
});

test('thoughts of self-harm show the crisis message with its line', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Sara Crisis');
  const page = await signedInPage(browser, patient.email);
  await page.getByTestId('triage-link').click();
  await page.getByRole('checkbox', { name: 'Thoughts of ending your life or of hurting yourself' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  const crisis = page.getByTestId('crisis-message');
  await expect(crisis).toBeFocused();
  await expect(crisis.getByTestId('crisis-line')).toHaveAttribute('href', 'tel:988');
  // A check is the patient's alone: no doctor has been told.
  await expect(crisis).not.toContainText('have been told');
  await expect(page.getByTestId('triage-urgency')).toHaveAttribute('data-urgency', 'emergency');
  await expect(page.getByTestId('not-a-diagnosis')).toContainText(NOT_A_DIAGNOSIS);
});

test('a complaint: the reasons, the suggested times, booking one with the summary, the list and deleting', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Rui Triagem', 'Yearly check-up');
  // An earlier check, through the API: a red flag.
  const earlier = await call(request, patient.token, 'POST', '/triage', { red_flags: ['stroke'] });
  expect(earlier.outcome.urgency).toBe('emergency');

  const page = await signedInPage(browser, patient.email);
  await toComplaint(page);
  // Nothing answered: every question says so under itself.
  await page.getByRole('button', { name: 'See how soon to get care' }).click();
  for (const field of ['area', 'duration', 'severity', 'fever', 'sex']) {
    await expect(page.getByTestId(field).locator('.field-error')).toHaveText('is required');
  }
  await shoot(page, 'triage-complaint-errors');

  await urinaryComplaint(page);
  await page.getByLabel('Other symptoms (optional)').selectOption({ label: 'Needing to pass urine more often or more urgently' });
  await expect(page.getByTestId('extra-chosen')).toContainText('Needing to pass urine more often');
  await page.getByTestId('sex').getByRole('radio', { name: 'Male', exact: true }).check();
  await expect(page.getByTestId('pregnant')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Remember this for next time' }).check();
  await shoot(page, 'triage-complaint');
  await page.getByRole('button', { name: 'See how soon to get care' }).click();

  await expect(page).toHaveURL(/\/triage\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByTestId('triage-urgency')).toHaveAttribute('data-urgency', 'soon');
  await expect(page.getByTestId('triage-urgency')).toContainText('See a doctor within the next 3 days.');
  const reasons = page.getByTestId('triage-reason');
  await expect(reasons.filter({ hasText: 'can be a sign of a urine infection' })).toHaveCount(1);
  await expect(reasons.filter({ hasText: 'Needing to pass urine more often is worth a routine appointment.' })).toHaveCount(1);
  await expect(page.getByTestId('suggested-specialization')).toHaveText('Family Medicine');
  await expect(page.getByTestId('not-a-diagnosis')).toContainText(NOT_A_DIAGNOSIS);
  await expect(page.getByTestId('seek-care-elsewhere')).toHaveCount(0);
  const slots = page.getByTestId('suggested-slot');
  await expect(slots.first()).toBeVisible();
  // The doctor's times, when the clinic's other family doctors leave them room among the first suggested.
  const theirs = page.locator(`[data-testid="suggested-slot"][data-doctor="${doctor.id}"]`);
  const chosen = (await theirs.count()) > 0 ? theirs.first() : slots.first();
  const doctorId = await chosen.getAttribute('data-doctor');
  await shoot(page, 'triage-result');

  // Booking: the reason holds the check's summary, and can be changed.
  const { summary } = await call(request, patient.token, 'GET', `/triage/${id}`);
  expect(summary).toContain('Triage: Soon');
  await chosen.click();
  const confirm = page.getByTestId('confirm-booking');
  const reason = confirm.getByLabel('Reason for the visit and symptoms');
  await expect(reason).toHaveValue(summary);
  await expect(confirm.getByLabel('How urgent is it?')).toHaveValue('high');
  await shoot(page, 'triage-confirm');
  const written = `${summary}\nIt started after a long flight.`;
  await reason.fill(written);
  await confirm.getByRole('button', { name: 'Book this time' }).click();
  await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]{36}$/);
  const visit = page.url().split('/').pop()!;
  const booked = await call(request, patient.token, 'GET', `/appointments/${visit}`);
  expect(booked.reason).toBe(written);
  expect(booked.doctor.id ?? booked.doctor_id).toBe(doctorId);
  expect(booked.priority).toBe('high');

  // The list: both, newest first; the sex kept for next time.
  await page.getByTestId('triage-link').click();
  const past = page.getByTestId('past-check');
  await expect(past).toHaveCount(2);
  await expect(past.nth(0)).toContainText(`${AREA}: ${SYMPTOM}`);
  await expect(past.nth(0).getByTestId('urgency-chip')).toHaveText('Soon');
  await expect(past.nth(1)).toContainText('Face drooping, arm weakness');
  await expect(past.nth(1).getByTestId('urgency-chip')).toHaveText('Emergency');
  await shoot(page, 'triage-list');
  await page.getByRole('checkbox', { name: 'None of these' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('sex').getByRole('radio', { name: 'Male', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Remember this for next time' })).toBeChecked();

  // Deleting the earlier one, once confirmed.
  await past.nth(1).getByRole('link').click();
  await expect(page.getByTestId('triage-urgency')).toHaveAttribute('data-urgency', 'emergency');
  await page.getByRole('button', { name: 'Delete this check' }).click();
  await page.getByTestId('confirm-delete').getByRole('button', { name: 'Keep it' }).click();
  await expect(page.getByTestId('confirm-delete')).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete this check' }).click();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page).toHaveURL(/\/triage$/);
  await expect(page.getByTestId('past-check')).toHaveCount(1);
  const answer = await request.get(`${base()}/api/v1/triage/${earlier.id}`, { headers: { authorization: `Bearer ${patient.token}` } });
  expect(answer.status()).toBe(404);
});

test('the pregnancy question is asked only when it should be, and refused answers show by their fields', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Joana Grávida');
  const page = await signedInPage(browser, patient.email);
  await toComplaint(page);
  await urinaryComplaint(page);
  const pregnant = page.getByTestId('pregnant');
  await expect(pregnant).toHaveCount(0);
  await page.getByTestId('sex').getByRole('radio', { name: 'Female', exact: true }).check();
  await expect(pregnant).toBeVisible();
  await page.getByTestId('sex').getByRole('radio', { name: 'Male', exact: true }).check();
  await expect(pregnant).toHaveCount(0);
  await page.getByTestId('sex').getByRole('radio', { name: 'Female', exact: true }).check();
  // In another area: a rash asks it, a wound does not.
  await page.getByTestId('area').getByRole('radio', { name: 'Skin, wounds and burns' }).check();
  await expect(page.getByTestId('symptoms').getByRole('radio', { checked: true })).toHaveCount(0);
  await expect(pregnant).toHaveCount(0);
  await page.getByTestId('symptoms').getByRole('radio', { name: 'Rash', exact: true }).check();
  await expect(pregnant).toBeVisible();
  await page.getByTestId('symptoms').getByRole('radio', { name: 'A cut or wound' }).check();
  await expect(pregnant).toHaveCount(0);
  // The pregnancy area means a pregnancy: not asked, but said.
  await page.getByTestId('area').getByRole('radio', { name: 'Pregnancy' }).check();
  await expect(page.getByTestId('pregnancy-implied')).toBeVisible();
  await expect(pregnant).toHaveCount(0);
  await page.getByTestId('area').getByRole('radio', { name: AREA }).check();
  await page.getByTestId('symptoms').getByRole('radio', { name: SYMPTOM }).check();
  await expect(pregnant).toBeVisible();
  await page.getByRole('button', { name: 'See how soon to get care' }).click();
  await expect(pregnant.locator('.field-error')).toHaveText('is required');
  await pregnant.getByRole('radio', { name: 'No' }).check();

  // The server's refusal names its field, shown under that field.
  await page.route('**/api/v1/triage', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const body = JSON.parse(route.request().postData() ?? '{}');
    await route.continue({ postData: JSON.stringify({ ...body, duration: 'fortnight' }) });
  });
  await page.getByRole('button', { name: 'See how soon to get care' }).click();
  await expect(page.getByTestId('duration').locator('.field-error')).toHaveText('is not one of the choices offered');
  await expect(page).toHaveURL(/\/triage$/);
  await shoot(page, 'triage-pregnancy');
  await page.unroute('**/api/v1/triage');
  await page.getByRole('button', { name: 'See how soon to get care' }).click();
  await expect(page).toHaveURL(/\/triage\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('triage-summary')).toHaveText(/Bladder, kidneys and urine: Pain or burning when passing urine; for 1 to 6 days; severity 4 of 10\./);
});

test('a doctor is told the symptom check is for patients', async ({ browser, request }) => {
  const email = `triage-doctor-${Date.now()}@example.org`;
  await approvedDoctor(request, email, 'Doctor Vasco Triagem');
  const page = await signedInPage(browser, email);
  await expect(page.getByTestId('triage-link')).toHaveCount(0);
  await page.goto(`${base()}/triage`);
  await expect(page.getByTestId('not-for-you').getByRole('heading', { level: 1 })).toHaveText('This page is for patients');
});

test('a rash: soon, with a dermatologist\'s times, one booked with the check\'s summary', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const email = `dermatologist-${stamp}@example.org`;
  await approvedDoctor(request, email, `Doctor Pele ${stamp % 100_000}`, 'dermatology');
  const doctorToken = await tokenOf(request, email);
  const doctorId = (await call(request, doctorToken, 'GET', '/me')).id as string;
  const { zone } = zoneAtNoon();
  const week = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  await call(request, doctorToken, 'PUT', '/doctors/me/practice', {
    bio: 'Skin.', fee_minor_units: 6000, currency: 'EUR', time_zone: zone, slot_minutes: 30,
    weekly_hours: week.map((weekday) => ({ weekday, start: '00:00', end: '23:30' })), exceptions: [],
  });
  const patient = await newPatient(request, 'Rita Rash');
  const page = await signedInPage(browser, patient.email);
  await toComplaint(page);
  await page.getByTestId('area').getByRole('radio', { name: 'Skin, wounds and burns' }).check();
  await page.getByTestId('symptoms').getByRole('radio', { name: 'Rash', exact: true }).check();
  await page.getByTestId('duration').getByRole('radio', { name: '1 to 6 days' }).check();
  await page.getByTestId('severity').getByRole('radio', { name: '3', exact: true }).check();
  await page.getByTestId('fever').getByRole('radio', { name: 'No' }).check();
  await page.getByTestId('sex').getByRole('radio', { name: 'Female', exact: true }).check();
  await page.getByTestId('pregnant').getByRole('radio', { name: 'No' }).check();
  await page.getByRole('button', { name: 'See how soon to get care' }).click();

  await expect(page).toHaveURL(/\/triage\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  await expect(page.getByTestId('triage-urgency')).toHaveAttribute('data-urgency', 'soon');
  await expect(page.getByTestId('triage-reason').filter({ hasText: 'for a skin doctor to look at it' })).toHaveCount(1);
  await expect(page.getByTestId('suggested-specialization')).toHaveText('Dermatology');
  await expect(page.getByTestId('not-a-diagnosis')).toContainText(NOT_A_DIAGNOSIS);
  // Every suggested time is a dermatologist's; this one's when the clinic's others leave room.
  const slots = page.getByTestId('suggested-slot');
  await expect(slots.first()).toBeVisible();
  const theirs = page.locator(`[data-testid="suggested-slot"][data-doctor="${doctorId}"]`);
  const chosen = (await theirs.count()) > 0 ? theirs.first() : slots.first();
  await shoot(page, 'triage-rash');

  const token = await tokenOf(request, patient.email);
  const { summary } = await call(request, token, 'GET', `/triage/${id}`);
  await chosen.click();
  const confirm = page.getByTestId('confirm-booking');
  await expect(confirm.getByLabel('Reason for the visit and symptoms')).toHaveValue(summary);
  await confirm.getByRole('button', { name: 'Book this time' }).click();
  await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]{36}$/);
  const visit = page.url().split('/').pop()!;
  const booked = await call(request, token, 'GET', `/appointments/${visit}`);
  expect(booked.reason).toBe(summary);
  expect(booked.specialization).toBe('dermatology');
});
