import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { base, doctorAndPatient, shoot, signedInPage } from './support';

// Wards in the browser, on the real server: an admin sets up a department,
// a ward with its doctor and beds in two rooms, and changes the ward; a
// doctor admits their patient from the bed board (a second admission of the
// same patient is refused in words), and moves them to another bed; the bed
// left shows "Being cleaned" until the admin marks it cleaned, which the
// doctor's open board shows by itself; the admin closes and reopens a bed
// from its menu; the doctor discharges the patient, and the bed goes for
// cleaning; the patient reads the stay on their record, read only, and the
// bed board is not for them.

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const wardCard = (page: Page, ward: string) => page.locator(`[data-testid="ward"][data-ward="${ward}"]`);
const bed = (page: Page, ward: string, room: string, label: string) =>
  wardCard(page, ward).locator(`[data-testid="bed"][data-room="${room}"][data-bed="${label}"]`);

/** `days` from today, as a date field takes it. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

test('an admin sets up a ward; a doctor admits their patient from the board, moves and discharges them while the beds go through cleaning; the patient reads the stay', async ({ browser, request }) => {
  test.setTimeout(300_000);
  const stamp = Date.now() % 100_000;
  const department = `Internal Medicine ${stamp}`;
  const ward = `Ward 3 East ${stamp}`;
  const { doctor, patient } = await doctorAndPatient(request, 'Paula Inpatient', 'Fever and shortness of breath', { confirm: true });

  // The admin: a department, a ward with the doctor, beds in two rooms.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(9);
  const admin = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[9]);
  await nav(admin).getByTestId('wards-link').click();
  await expect(admin.getByRole('heading', { name: 'Wards', level: 1 })).toBeVisible();
  await admin.getByTestId('setup-link').click();
  await expect(admin.getByRole('heading', { name: 'Ward setup', level: 1 })).toBeVisible();
  const departmentForm = admin.getByTestId('department-form');
  await departmentForm.getByLabel('Name').fill(department);
  await departmentForm.getByLabel('Specialization (optional)').selectOption('family-medicine');
  await departmentForm.getByRole('button', { name: 'Add department' }).click();
  await expect(admin.getByTestId('setup-told')).toContainText(`Department ${department} added.`);
  await expect(admin.getByTestId('department').filter({ hasText: department })).toContainText('Family Medicine');

  const wardForm = admin.getByTestId('ward-form');
  await wardForm.getByLabel('Name').fill(ward);
  await wardForm.getByLabel('Department').selectOption({ label: department });
  await wardForm.getByLabel('Kind').selectOption('general');
  await wardForm.getByLabel(doctor.name).check();
  await wardForm.getByRole('button', { name: 'Add ward' }).click();
  await expect(admin.getByTestId('setup-told')).toContainText(`${ward} added.`);
  const setupWard = admin.locator(`[data-testid="setup-ward"][data-ward="${ward}"]`);
  await expect(setupWard).toContainText(`Doctors: ${doctor.name}`);
  await expect(setupWard.getByTestId('ward-rooms')).toHaveText('No beds yet');

  const bedsForm = admin.getByTestId('beds-form');
  const addBeds = async (room: string, labels: string, said: string) => {
    await bedsForm.getByLabel('Ward').selectOption({ label: ward });
    await bedsForm.getByLabel('Room').fill(room);
    await bedsForm.getByLabel('Beds').fill(labels);
    await bedsForm.getByRole('button', { name: 'Add beds' }).click();
    await expect(admin.getByTestId('setup-told')).toContainText(said);
  };
  await addBeds('Room 1', 'A, B', '2 beds added to Room 1.');
  await expect(setupWard.getByTestId('ward-rooms')).toHaveText('Room 1: 2 beds');
  await addBeds('Room 2', 'A', '1 bed added to Room 2.');
  await expect(setupWard.getByTestId('ward-rooms')).toHaveText('Room 1: 2 beds · Room 2: 1 bed');
  // A bed of the same name in the room is refused, in words.
  await bedsForm.getByLabel('Ward').selectOption({ label: ward });
  await bedsForm.getByLabel('Room').fill('Room 2');
  await bedsForm.getByLabel('Beds').fill('A');
  await bedsForm.getByRole('button', { name: 'Add beds' }).click();
  await expect(bedsForm.getByRole('alert').filter({ hasText: 'already in this room' })).toBeVisible();

  // The ward changed: intensive care.
  await setupWard.getByRole('button', { name: /^Edit/ }).click();
  await setupWard.getByLabel('Kind').selectOption('icu');
  await setupWard.getByRole('button', { name: 'Save ward' }).click();
  await expect(admin.getByTestId('setup-told')).toContainText(`${ward} saved.`);
  await expect(setupWard).toContainText('Intensive care');
  await shoot(admin, 'wards-setup');

  // The doctor admits their patient to Room 1 · A from the board.
  const doc = await signedInPage(browser, doctor.email);
  await nav(doc).getByTestId('wards-link').click();
  await expect(doc.getByRole('heading', { name: 'Wards', level: 1 })).toBeVisible();
  await expect(doc.getByTestId('setup-link')).toHaveCount(0);
  await expect(wardCard(doc, ward).getByTestId('ward-percent')).toHaveText('0% occupied');
  await expect(bed(doc, ward, 'Room 1', 'A').getByTestId('bed-state')).toHaveText('Free');
  await bed(doc, ward, 'Room 1', 'A').getByRole('button', { name: /^Admit/ }).click();
  const admit = wardCard(doc, ward).getByTestId('admit-form');
  await expect(admit).toContainText(`Admit a patient to ${ward} · Room 1 · A`);
  await admit.getByLabel('Patient').selectOption({ label: patient.name });
  await admit.getByLabel('Reason for admission').fill('Community-acquired pneumonia, needs IV antibiotics');
  await admit.getByLabel('Expected discharge (optional)').fill(inDays(7));
  await shoot(doc, 'wards-admit');
  await admit.getByRole('button', { name: 'Admit patient' }).click();
  await expect(doc).toHaveURL(/\/admissions\/[0-9a-f-]+$/);
  const admissionUrl = doc.url();
  await expect(doc.getByTestId('admission-title')).toHaveText(patient.name);
  await expect(doc.getByTestId('admission-state')).toHaveText('In hospital');
  await expect(doc.getByTestId('admitting-doctor')).toHaveText(doctor.name);
  await expect(doc.getByTestId('admission-place')).toHaveText(`${ward} · Room 1 · A`);
  await expect(doc.getByTestId('stay')).toHaveCount(1);

  // On the board: the bed is occupied, by name; admitting the patient again is refused.
  await nav(doc).getByTestId('wards-link').click();
  const first = bed(doc, ward, 'Room 1', 'A');
  await expect(first).toHaveAttribute('data-state', 'occupied');
  await expect(first.getByTestId('bed-state')).toHaveText('Occupied');
  await expect(first.getByTestId('occupant')).toContainText(patient.name);
  await expect(wardCard(doc, ward).getByTestId('ward-percent')).toHaveText('33.3% occupied');
  await bed(doc, ward, 'Room 1', 'B').getByRole('button', { name: /^Admit/ }).click();
  await admit.getByLabel('Patient').selectOption({ label: patient.name });
  await admit.getByLabel('Reason for admission').fill('Again');
  await admit.getByRole('button', { name: 'Admit patient' }).click();
  await expect(admit.getByTestId('admit-outcome')).toContainText('This patient is already in hospital.');
  await admit.getByRole('button', { name: 'Cancel' }).click();
  await expect(admit).toHaveCount(0);
  await shoot(doc, 'wards-board');

  // The doctor moves the patient to Room 2 · A, from the admission.
  await first.getByTestId('occupant').click();
  await expect(doc).toHaveURL(admissionUrl);
  const transfer = doc.getByTestId('transfer-form');
  const target = await transfer.locator(`optgroup[label="${ward}"] option`, { hasText: 'Room 2 · A' }).getAttribute('value');
  await transfer.getByLabel('Move to').selectOption(target!);
  await transfer.getByLabel('Why (optional)').fill('Needs a quieter room');
  await transfer.getByRole('button', { name: 'Move patient' }).click();
  await expect(doc.getByTestId('admission-told')).toContainText(`Moved to ${ward} · Room 2 · A.`);
  await expect(doc.getByTestId('admission-place')).toHaveText(`${ward} · Room 2 · A`);
  await expect(doc.getByTestId('stay')).toHaveCount(2);
  await expect(doc.getByTestId('stay').last()).toContainText('Needs a quieter room');
  await expect(doc.locator('[data-testid="stay"][data-current="true"]')).toContainText('Room 2 · A');
  await shoot(doc, 'wards-admission');

  // The bed left is being cleaned; only an admin marks it cleaned.
  await nav(doc).getByTestId('wards-link').click();
  await expect(bed(doc, ward, 'Room 1', 'A')).toHaveAttribute('data-state', 'housekeeping');
  await expect(bed(doc, ward, 'Room 1', 'A').getByTestId('bed-state')).toHaveText('Being cleaned');
  await expect(bed(doc, ward, 'Room 1', 'A').getByRole('button', { name: /^Mark cleaned/ })).toHaveCount(0);
  await expect(bed(doc, ward, 'Room 2', 'A')).toHaveAttribute('data-state', 'occupied');
  await admin.goto(`${base()}/wards`);
  const cleaned = bed(admin, ward, 'Room 1', 'A');
  await expect(cleaned.getByTestId('bed-state')).toHaveText('Being cleaned');
  await shoot(admin, 'wards-board-admin');
  await cleaned.getByRole('button', { name: /^Mark cleaned/ }).click();
  await expect(admin.getByTestId('board-told')).toContainText('Room 1 · A is free again.');
  await expect(cleaned.getByTestId('bed-state')).toHaveText('Free');
  // The doctor's board, left open, shows it by itself within seconds.
  await expect(bed(doc, ward, 'Room 1', 'A')).toHaveAttribute('data-state', 'unoccupied', { timeout: 15_000 });

  // The admin closes a bed from its menu, and reopens it.
  const spare = bed(admin, ward, 'Room 1', 'B');
  await spare.getByTestId('bed-menu').locator('summary').click();
  await spare.getByRole('button', { name: 'Close' }).click();
  await expect(spare.getByTestId('bed-state')).toHaveText('Closed');
  await expect(wardCard(admin, ward).getByTestId('ward-percent')).toHaveText('50% occupied');
  await spare.getByRole('button', { name: /^Reopen/ }).click();
  await expect(spare.getByTestId('bed-state')).toHaveText('Free');

  // The doctor discharges the patient home.
  await doc.goto(admissionUrl);
  const discharge = doc.getByTestId('discharge-form');
  await discharge.getByRole('button', { name: 'Discharge patient' }).click();
  await expect(discharge.getByRole('alert').filter({ hasText: 'The summary' }).first()).toBeVisible();
  await discharge.getByLabel('Discharge summary').fill('Treated with IV then oral antibiotics; afebrile for 48 hours. Review in clinic in 2 weeks.');
  await discharge.getByLabel('Goes to').selectOption('home');
  await discharge.getByRole('button', { name: 'Discharge patient' }).click();
  await expect(doc.getByTestId('admission-told')).toContainText(`${patient.name} is discharged.`);
  await expect(doc.getByTestId('admission-state')).toHaveText('Discharged');
  await expect(doc.getByTestId('discharge-summary')).toContainText('afebrile for 48 hours');
  await expect(doc.getByTestId('discharge')).toContainText('Home');
  await expect(doc.getByTestId('transfer-form')).toHaveCount(0);
  await expect(doc.getByTestId('discharge-form')).toHaveCount(0);
  await shoot(doc, 'wards-discharged');
  await nav(doc).getByTestId('wards-link').click();
  await expect(bed(doc, ward, 'Room 2', 'A')).toHaveAttribute('data-state', 'housekeeping');
  await expect(bed(doc, ward, 'Room 2', 'A').getByTestId('bed-state')).toHaveText('Being cleaned');
  await expect(wardCard(doc, ward).getByTestId('ward-percent')).toHaveText('0% occupied');
  // The doctor sees the stay on the patient's record too.
  await doc.goto(`${base()}/patients/${patient.id}`);
  await expect(doc.getByTestId('hospital-stays').getByTestId('hospital-stay')).toHaveCount(1);

  // The patient reads the stay on their record, and opens it: no actions.
  const mine = await signedInPage(browser, patient.email);
  await mine.goto(`${base()}/record`);
  const stay = mine.getByTestId('hospital-stays').getByTestId('hospital-stay');
  await expect(stay).toHaveCount(1);
  await expect(stay).toHaveAttribute('data-state', 'discharged');
  await expect(stay.getByTestId('stay-place')).toHaveText(`${ward} · Room 2 · A`);
  await expect(stay.getByTestId('stay-summary')).toContainText('Review in clinic in 2 weeks.');
  await expect(stay.getByTestId('admission-state')).toHaveText('Discharged');
  await stay.getByRole('link').click();
  await expect(mine).toHaveURL(admissionUrl);
  await expect(mine.getByTestId('admission-title')).toHaveText('Your hospital stay');
  await expect(mine.getByTestId('stay')).toHaveCount(2);
  await expect(mine.getByTestId('transfer-form')).toHaveCount(0);
  await expect(mine.getByTestId('discharge-form')).toHaveCount(0);
  await shoot(mine, 'wards-patient-stay');

  // The bed board is for staff.
  await mine.goto(`${base()}/wards`);
  await expect(mine.getByTestId('not-for-you').getByRole('heading', { level: 1 })).toHaveText('This page is for doctors and administrators');
  await expect(nav(mine).getByTestId('wards-link')).toHaveCount(0);
});
