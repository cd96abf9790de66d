import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, OPS_EMAIL } from '../global-setup';
import { base, call, doctorAndPatient, opsToken, shoot, signedInPage, totp } from './support';

// The dashboards in the browser, on the real server: a doctor's day with
// appointments in five states (one completed, one cancelled by the
// patient, one rejected, one confirmed, one waiting; a no-show cannot be
// made, as a visit must have begun to be marked one and bookings cannot be
// in the past). The admin reads the day on /admin/analytics: the
// appointments table holds those counts, the CSV file downloaded holds the
// table's very numbers, and the doctor's utilisation is theirs; the doctor
// reads their own figures on /doctor/analytics; a patient is refused both.

const STATUSES = ['pending', 'confirmed', 'rejected', 'checked_in', 'consulting', 'completed', 'cancelled', 'no_show'] as const;
type Counts = Record<(typeof STATUSES)[number] | 'cancelled_by_patient', number>;

/** The calendar day of `at` in `zone`, as `YYYY-MM-DD`. */
const dayIn = (at: string, zone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));

/** The clinic's counts of `day` as the API has them now (zeros when none). */
async function clinicDay(request: APIRequestContext, day: string): Promise<Counts> {
  const dashboard = await call(request, opsToken(), 'GET', `/analytics/clinic?from=${day}&to=${day}`);
  const row = (dashboard.appointments as (Counts & { day: string })[]).find((a) => a.day === day);
  const counts = Object.fromEntries([...STATUSES, 'cancelled_by_patient'].map((k) => [k, row?.[k as keyof Counts] ?? 0]));
  return counts as Counts;
}

/** A panel's table view, opened if need be: each row's key (ISO day or
 * name) and cells, a dash read as the CSV's empty cell. */
async function tableView(panel: Locator): Promise<{ header: string[]; rows: string[][] }> {
  const details = panel.locator('details.an-table');
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
    await details.locator('summary').click();
  }
  const table = panel.getByTestId('table');
  await expect(table).toBeVisible();
  const header = await table.locator('thead th').allTextContents();
  const rows = await table.getByTestId('row').evaluateAll((trs) =>
    trs.map((tr) => [
      tr.getAttribute('data-key') ?? '',
      ...[...tr.querySelectorAll('td')].map((td) => (td.textContent === '–' ? '' : td.textContent ?? '')),
    ]),
  );
  return { header, rows };
}

/** Downloads a panel's CSV: its file name and lines split into cells. */
async function downloadCsv(page: Page, panel: Locator): Promise<{ name: string; lines: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('csv').click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.endsWith('\r\n'), 'CSV lines end with CRLF').toBe(true);
  const lines = text.slice(0, -2).split('\r\n').map((line) => line.split(','));
  return { name: download.suggestedFilename(), lines };
}

test('the admin and the doctor read a day of appointments on their dashboards, the CSV holds the table\'s numbers, and a patient is refused', async ({ browser, request }) => {
  test.setTimeout(300_000);
  const { doctor, patient, visit } = await doctorAndPatient(request, 'Alma Analytics', 'Sore throat', { confirm: true });
  const { time_zone: zone } = await call(request, doctor.token, 'GET', '/doctors/me/practice');
  const first = await call(request, patient.token, 'GET', `/appointments/${visit}`);
  const day = dayIn(first.starts_at, zone);
  // The clinic's day before this test's appointments change it (other
  // specs may have booked the same day); the first visit is confirmed.
  const before = await clinicDay(request, day);

  // Four more bookings that day: cancelled by the patient, rejected,
  // confirmed, and one left waiting; the first visit completed.
  const { slots } = await call(request, patient.token, 'GET', `/doctors/${doctor.id}/slots?from=${day}&to=${day}&time_zone=${encodeURIComponent(zone)}`);
  // The patient may cancel online up to 2 hours ahead: their cancelled
  // booking is a few hours off (the zone is at noon, 23 slots are left).
  expect(slots.length, 'free slots left today').toBeGreaterThanOrEqual(8);
  const book = async (n: number) =>
    (await call(request, patient.token, 'POST', '/appointments', { doctor_id: doctor.id, starts_at: slots[n].starts_at, reason: `Visit ${n}`, priority: 'normal' })).id as string;
  const [cancelled, rejected, confirmed] = [await book(7), await book(0), await book(1)];
  await book(2);
  const act = (token: string, id: string, body: object) => call(request, token, 'POST', `/appointments/${id}/actions`, body);
  await act(doctor.token, visit, { action: 'check_in' });
  await act(doctor.token, visit, { action: 'start_consultation' });
  await act(doctor.token, visit, { action: 'complete', consultation: { diagnosis: 'Viral pharyngitis', notes: 'Fluids and rest.' } });
  await act(patient.token, cancelled, { action: 'cancel', reason: 'Feeling better' });
  await act(doctor.token, rejected, { action: 'reject', reason: 'Please book a paediatrician' });
  await act(doctor.token, confirmed, { action: 'confirm' });
  const expected: Counts = {
    ...before,
    pending: before.pending + 1,
    rejected: before.rejected + 1,
    completed: before.completed + 1,
    cancelled: before.cancelled + 1,
    cancelled_by_patient: before.cancelled_by_patient + 1,
  };

  // The admin (the operations admin, two-factor on: a code of the next step,
  // as global-setup used the current one).
  const admin = await signedInPage(browser, OPS_EMAIL, ADMIN_PASSWORD, totp(process.env.MEDTRACK_E2E_OPS_SECRET!, 1));
  await admin.getByRole('navigation', { name: 'Main' }).getByTestId('analytics-link').click();
  await expect(admin.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
  const quick = admin.getByRole('group', { name: 'Quick ranges' });
  await expect(quick.getByRole('button', { name: 'Last 30 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(admin.getByTestId('panel-appointments')).toBeVisible();
  await quick.getByRole('button', { name: 'Last 7 days' }).click();
  await expect(quick.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');
  await expect(admin.getByTestId('range-shown')).toContainText('(7 days)');

  // A range out of order is refused in words, before any call.
  const range = admin.getByTestId('range');
  await range.getByLabel('From').fill(day);
  await range.getByLabel('To').fill('2020-01-01');
  await range.getByRole('button', { name: 'Show' }).click();
  await expect(range.getByText('To must not be before from.')).toBeVisible();
  // The day of the appointments alone.
  await range.getByLabel('To').fill(day);
  await range.getByRole('button', { name: 'Show' }).click();
  await expect(admin.getByTestId('range-shown')).toContainText('(1 day)');
  await expect(range.getByText('To must not be before from.')).toHaveCount(0);

  const appointments = admin.getByTestId('panel-appointments');
  await expect(appointments.getByRole('img')).toHaveAttribute('aria-label', /^Appointments per day by status/);
  await expect(appointments.getByTestId('definition')).toHaveText(/by where they stand now/);
  const view = await tableView(appointments);
  expect(view.header).toEqual(['Day', 'Pending', 'Confirmed', 'Rejected', 'Checked in', 'In consultation', 'Completed', 'Cancelled', 'No-show']);
  expect(view.rows).toEqual([[day, ...STATUSES.map((s) => String(expected[s]))]]);
  // The day in the one human format, not ISO.
  await expect(appointments.getByTestId('row').locator('th')).not.toHaveText(day);
  const csv = await downloadCsv(admin, appointments);
  expect(csv.name).toBe(`appointments-per-day-by-status-${day}-to-${day}.csv`);
  expect(csv.lines).toEqual([view.header, ...view.rows]);

  // Cancellations: the patient's; the doctor's utilisation: 3 of the 47
  // half-hour slots from 00:00 to 23:30 booked, 1 seen, no no-shows.
  const cancellations = await tableView(admin.getByTestId('panel-cancellations'));
  expect(cancellations.rows).toContainEqual(['Patient', String(expected.cancelled_by_patient)]);
  const utilisation = admin.getByTestId('panel-utilisation');
  const doctors = await tableView(utilisation);
  expect(doctors.rows).toContainEqual([doctor.name, '3', '47', '6.38', '1', '0']);
  const doctorsCsv = await downloadCsv(admin, utilisation);
  expect(doctorsCsv.name).toBe(`doctor-utilisation-${day}-to-${day}.csv`);
  expect(doctorsCsv.lines).toEqual([doctors.header, ...doctors.rows]);
  await expect(utilisation.getByRole('img')).toHaveAttribute('aria-label', new RegExp(`${doctor.name} 3 of 47`));
  await expect(admin.getByTestId('panel-lead-times').getByTestId('note')).toContainText('Median:');
  await expect(admin.getByTestId('panel-billing').getByRole('link', { name: 'Open the billing overview' })).toBeVisible();
  await expect(admin.getByTestId('panel-blood').getByTestId('stock-chart')).toBeVisible();
  await shoot(admin, 'analytics-admin');
  await admin.emulateMedia({ colorScheme: 'dark' });
  await shoot(admin, 'analytics-admin-dark');

  // The doctor: this month by default, then today alone.
  const doc = await signedInPage(browser, doctor.email);
  await doc.getByRole('navigation', { name: 'Main' }).getByTestId('analytics-link').click();
  await expect(doc.getByRole('heading', { name: 'Analytics', level: 1 })).toBeVisible();
  await expect(doc.getByTestId('zone')).toContainText(zone);
  const doctorQuick = doc.getByRole('group', { name: 'Quick ranges' });
  await expect(doctorQuick.getByRole('button', { name: 'This month' })).toHaveAttribute('aria-pressed', 'true');
  await expect(doc.getByTestId('fig-appointments').locator('.figure')).toHaveText('5');
  await expect(doc.getByTestId('fig-seen').locator('.figure')).toHaveText('1');
  await expect(doc.getByTestId('fig-no-shows').locator('.figure')).toHaveText('0');
  await doctorQuick.getByRole('button', { name: 'Today' }).click();
  await expect(doc.getByTestId('range-shown')).toContainText('(1 day)');
  await expect(doc.getByTestId('fig-utilisation').locator('.figure')).toHaveText('6.38%');
  await expect(doc.getByTestId('fig-no-show-rate').locator('.figure')).toHaveText('0%');
  // Started and completed at once: a consultation of no minutes, yet one.
  await expect(doc.getByTestId('fig-consult').locator('.figure')).toHaveText('0 min');
  await expect(doc.getByTestId('panel-consults').getByRole('img')).toBeVisible();
  const seen = doc.getByTestId('panel-seen');
  const seenView = await tableView(seen);
  expect(seenView.header).toEqual(['Day', 'Patients seen', 'No-shows']);
  expect(seenView.rows).toEqual([[day, '1', '0']]);
  const seenCsv = await downloadCsv(doc, seen);
  expect(seenCsv.name).toBe(`patients-seen-and-no-shows-${day}-to-${day}.csv`);
  expect(seenCsv.lines).toEqual([seenView.header, ...seenView.rows]);
  const use = await tableView(doc.getByTestId('panel-utilisation'));
  expect(use.rows).toEqual([[day, '3', '47', '6.38']]);
  await doctorQuick.getByRole('button', { name: 'This week' }).click();
  await shoot(doc, 'analytics-doctor');

  // Not for patients: the guard's refusal, on both.
  const patientPage = await signedInPage(browser, patient.email);
  await patientPage.goto(`${base()}/admin/analytics`);
  await expect(patientPage.getByTestId('not-for-you').getByRole('heading', { level: 1 })).toHaveText('This page is for administrators');
  await patientPage.goto(`${base()}/doctor/analytics`);
  await expect(patientPage.getByTestId('not-for-you').getByRole('heading', { level: 1 })).toHaveText('This page is for doctors');
  // Nor is another doctor's dashboard for the patient's API calls.
  const refused = await request.get(`${base()}/api/v1/analytics/doctors/${doctor.id}?from=${day}&to=${day}`, {
    headers: { authorization: `Bearer ${patient.token}` },
  });
  expect(refused.status()).toBe(403);
});
