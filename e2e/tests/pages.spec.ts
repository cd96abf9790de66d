import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { approvedDoctor, call, confirmedEmail, newPatient, opsToken, PASSWORD, registeredDoctor, signedInPage, tokenOf, uploadDocument, zoneAtNoon } from './support';
import { Sweep, type Visit } from './sweep';

// Every main page of each role, with realistic data in it: no serious or
// critical axe-core finding (WCAG 2.1 A and AA), nor text in the colour of
// its background (which axe leaves for review), in the light or the dark
// colour scheme, no sideways scrolling on a 360 px phone, and screenshots of
// each at desktop and phone width in artifacts/screens. Each role's test
// sweeps all its pages before it fails, so that one run lists everything.

interface Seed {
  patient: { email: string; id: string; name: string };
  doctor: { email: string; id: string; name: string };
  /** Completed (with a prescription), confirmed, and pending. */
  visits: { completed: string; confirmed: string; pending: string };
  pendingDoctorEmail: string;
  diagnosis: string;
  /** A thread the doctor answered and the patient wrote in again. */
  thread: string;
  /** The completed visit's invoice, issued with a second line, partly
   * paid, and claimed on the patient's insurance; its number. */
  invoice: { id: string; number: string };
  /** The doctor's request for red cells for the patient, whose group is confirmed. */
  bloodRequest: string;
  /** A ward with the doctor and six beds in two rooms (occupied, being
   * cleaned, kept for isolation, closed, contaminated, free), and the
   * patient's admission to it, moved once. */
  wards: { ward: string; admission: string };
  /** The patient's symptom check (a urine complaint: soon, with the
   * doctor's times suggested). */
  triage: string;
}

/** The draft the completed visit made (a moment later), with a coded
 * line, issued; the patient's policy and a submitted claim for part of
 * it; a payment at the desk, recorded by the operations admin. */
async function billed(request: APIRequestContext, doctorToken: string, patientToken: string, patient: string) {
  let draft: { id: string } | undefined;
  await expect(async () => {
    const { items } = await call(request, doctorToken, 'GET', '/doctors/me/invoices?status=draft');
    draft = items[0];
    expect(draft, 'the visit\'s draft invoice').toBeTruthy();
  }).toPass({ timeout: 30_000 });
  const id = draft!.id;
  await call(request, doctorToken, 'POST', `/billing/invoices/${id}/lines`, {
    kind: 'test', description: 'Chest X-ray, two views', code: { system: 'CPT', code: '71046' }, quantity: 1, unit_price: 3500,
  });
  const issued = await call(request, doctorToken, 'POST', `/billing/invoices/${id}/issue`);
  const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const policy = await call(request, patientToken, 'POST', `/patients/${patient}/policies`, {
    payer: 'Acme Health', member_id: 'AH-3392-11', group: 'ACME-EMP', valid_from: from, rank: 'primary',
  });
  const claim = await call(request, patientToken, 'POST', '/billing/claims', { invoice: id, policy: policy.id, amount: 6000 });
  await call(request, patientToken, 'POST', `/billing/claims/${claim.id}/steps`, { action: 'submit' });
  await call(request, opsToken(), 'POST', `/billing/invoices/${id}/payments`, { amount: 2000, method: 'card', reference: 'POS 4471' });
  return { id, number: issued.number as string };
}

/** A doctor with published weekly hours; a patient with three visits to
 * them (one done, with a prescription added to their medications, one
 * confirmed, one waiting), a medication of their own, mood entries, a
 * PHQ-9 that raised an alert and the doctor's request for the next, a
 * document shared with the doctor, and the doctor's read of their record
 * in their access log; a thread of messages with the document attached,
 * waiting for the doctor's reply; the patient's confirmed blood group and
 * the doctor's request for red cells, and two donations (one released);
 * the patient admitted to a ward and moved to another bed; a doctor
 * waiting for approval. */
async function seed(request: APIRequestContext): Promise<Seed> {
  const stamp = Date.now();
  const doctorName = `Doctor Mendes ${stamp % 100_000}`;
  const doctorEmail = `sweep-doctor-${stamp}@example.org`;
  await approvedDoctor(request, doctorEmail, doctorName);
  const doctorToken = await tokenOf(request, doctorEmail);
  const doctorId = (await call(request, doctorToken, 'GET', '/me')).id as string;
  const { zone, today, tomorrow } = zoneAtNoon();
  const week = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  await call(request, doctorToken, 'PUT', '/doctors/me/practice', {
    bio: 'Family medicine for all ages; Portuguese, Spanish and English spoken.',
    fee_minor_units: 6000, currency: 'EUR', time_zone: zone, slot_minutes: 30,
    weekly_hours: week.flatMap((weekday) => [
      { weekday, start: '08:00', end: '13:00' },
      { weekday, start: '14:00', end: '20:00' },
    ]),
    exceptions: [
      { date: '2030-12-25', day_off: true },
      { date: '2030-12-27', day_off: false, extra_hours: [{ start: '20:00', end: '22:00' }] },
    ],
  });

  const patientName = 'Ana Ferreira';
  const patient = await newPatient(request, patientName);
  const patientToken = await tokenOf(request, patient.email);
  const { slots } = await call(request, patientToken, 'GET', `/doctors/${doctorId}/slots?from=${today}&to=${tomorrow}&time_zone=${encodeURIComponent(zone)}`);
  expect(slots.length, 'free slots today and tomorrow').toBeGreaterThan(4);
  // Slots at least half an hour ahead, so that none begins during the sweep.
  const book = async (n: number, reason: string, priority: string) =>
    (await call(request, patientToken, 'POST', '/appointments', { doctor_id: doctorId, starts_at: slots[n].starts_at, reason, priority })).id as string;
  const completed = await book(1, 'Fever and a dry cough for three days', 'high');
  const confirmed = await book(2, 'Follow-up of blood pressure readings', 'normal');
  const pending = await book(3, 'Persistent lower back pain after lifting', 'normal');
  const act = (id: string, body: object) => call(request, doctorToken, 'POST', `/appointments/${id}/actions`, body);
  const diagnosis = 'Acute bronchitis';
  for (const id of [completed, confirmed]) await act(id, { action: 'confirm' });
  await act(completed, { action: 'check_in' });
  await act(completed, { action: 'start_consultation' });
  await act(completed, {
    action: 'complete',
    consultation: {
      diagnosis, notes: 'Review in two weeks if the cough is no better.',
      prescription: [{ drug: 'Amoxicillin', dose: '500 mg', frequency: 'three times a day', duration: '7 days', instructions: 'With food.' }],
    },
  });
  await call(request, patientToken, 'POST', `/appointments/${completed}/prescription/add-to-medications`);
  await call(request, patientToken, 'POST', '/me/medications', {
    name: 'Metformin', strength: '500 mg', form: 'tablet', dose: '1 tablet', instructions: 'With breakfast and dinner.',
    schedule: { frequency: { kind: 'every_day' }, start: '2025-01-06', times: ['08:00', '20:00'], zone: { kind: 'follow_me' } },
    supply: { on_hand: 40, per_dose: 1, refill_when_days_left: 5 },
  });
  // The record: a problem the patient reported, an allergy the doctor recorded.
  await call(request, patientToken, 'POST', `/patients/${patient.id}/problems`, { name: 'Seasonal hay fever', notes: 'Worse in May.' });
  await call(request, doctorToken, 'POST', `/patients/${patient.id}/allergies`, {
    substance: 'Latex', category: 'environment', reaction: 'Itchy rash where gloves touched',
    severity: 'moderate', criticality: 'low', onset: '2016-09-01',
  });
  await call(request, doctorToken, 'POST', `/patients/${patient.id}/problems`, {
    name: 'Asthma', code: { system: 'ICD-10', value: 'J45.909' }, onset: '2019-04-01', notes: 'Worse in spring.',
  });
  // Wellbeing: mood on four of the last days, a PHQ-9 whose item 9 raised
  // an alert, and the doctor's request for the next one.
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000 - 3_600_000).toISOString();
  const moods: [number, string[], string, number][] = [
    [6, ['calm'], 'A good walk by the sea.', 6],
    [4, ['tired', 'anxious'], '', 4],
    [5, ['tired'], 'Slept badly.', 2],
    [7, ['calm', 'happy'], '', 1],
  ];
  for (const [score, tags, note, days] of moods) {
    await call(request, patientToken, 'POST', `/patients/${patient.id}/mood`, { score, tags, note, at: ago(days) });
  }
  await call(request, patientToken, 'POST', `/patients/${patient.id}/phq9`, { answers: [1, 2, 1, 2, 0, 1, 1, 0, 1], difficulty: 'somewhat_difficult' });
  await call(request, doctorToken, 'PUT', `/patients/${patient.id}/phq9/requests`, { repeat: 'every_4_weeks' });
  // A document in the patient's vault, shared with the doctor.
  const report = await uploadDocument(request, patientToken, patient.id, 'title=Chest%20X-ray%20report&category=imaging&about=2026-10-14&file_name=chest.pdf',
    Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
  await call(request, patientToken, 'PUT', `/patients/${patient.id}/documents/${report.id}/shares/${doctorId}`, {});
  // Messages: the report attached, the doctor's answer, and the patient's
  // next message, which waits for a reply.
  const posted = await call(request, patientToken, 'POST', '/messages/threads', {
    with: doctorId, subject: 'Cough at night', text: 'The cough is worse at night. Should I raise my pillow?\nThe X-ray report is attached.',
    attachments: [report.id],
  });
  const thread = posted.thread.id as string;
  await call(request, doctorToken, 'POST', `/messages/threads/${thread}/messages`, { text: 'Yes, and drink something warm before bed. Tell me in a week how it goes.' });
  await call(request, patientToken, 'POST', `/messages/threads/${thread}/messages`, { text: 'Thank you. It is a little better already.' });
  const invoice = await billed(request, doctorToken, patientToken, patient.id);
  // Blood: the patient's confirmed group, the doctor's request for red
  // cells, and two whole blood donations, one released to stock.
  const tested = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await call(request, doctorToken, 'PUT', `/patients/${patient.id}/blood-typing`, { group: 'A+', tested_on: tested });
  const bloodRequest = (await call(request, doctorToken, 'POST', '/blood/requests', {
    patient: patient.id, component: 'red_cells', units: 2, urgency: 'urgent', indication: 'Haemoglobin 71 g/L before hip surgery',
  })).id as string;
  for (const number of [`SWA${stamp}`, `SWB${stamp}`]) {
    await call(request, opsToken(), 'POST', '/blood/donations', { group: 'O-', number, kind: 'whole_blood', volume_ml: 470 });
  }
  const { items: waiting } = await call(request, opsToken(), 'GET', '/blood/units?state=quarantined');
  const first = waiting.find((u: { donation_number: string }) => u.donation_number === `SWA${stamp}`);
  await call(request, opsToken(), 'POST', `/blood/units/${first.id}/tests`, { passed: true });
  // Wards: a department, a ward with the doctor and beds in two rooms; the
  // patient admitted and moved, so that the board shows a bed in each state.
  const department = await call(request, opsToken(), 'POST', '/departments', { name: `Internal Medicine ${stamp % 100_000}`, specialization: 'family-medicine' });
  const wardName = `Ward 2 West ${stamp % 100_000}`;
  const ward = await call(request, opsToken(), 'POST', '/wards', { name: wardName, department: department.id, kind: 'general', doctors: [doctorId] });
  const beds = [
    ...await call(request, opsToken(), 'POST', `/wards/${ward.id}/beds`, { room: 'Room 12', labels: ['A', 'B', 'C', 'D'] }),
    ...await call(request, opsToken(), 'POST', `/wards/${ward.id}/beds`, { room: 'Room 14', labels: ['A', 'B'] }),
  ] as { id: string }[];
  const expected = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const admission = (await call(request, doctorToken, 'POST', '/admissions', {
    patient: patient.id, bed: beds[0].id, reason: 'Community-acquired pneumonia, needs IV antibiotics', expected_discharge: expected,
  })).id as string;
  await call(request, doctorToken, 'POST', `/admissions/${admission}/transfer`, { bed: beds[4].id, reason: 'Needs monitoring near the nurses\' station' });
  await call(request, opsToken(), 'PUT', `/beds/${beds[2].id}/state`, { state: 'isolated' });
  await call(request, opsToken(), 'PUT', `/beds/${beds[3].id}/state`, { state: 'closed' });
  await call(request, opsToken(), 'PUT', `/beds/${beds[5].id}/state`, { state: 'contaminated' });
  // A symptom check, which suggests the doctor's times.
  const triage = (await call(request, patientToken, 'POST', '/triage', {
    none_of_these: true, area: 'urinary', symptoms: ['painful_urination', 'frequent_urination'], duration: 'days',
    severity: 4, fever: false, sex: 'female', pregnant: false, remember_sex: true,
  })).id as string;
  // The doctor reads the record: an entry in the patient's access log.
  await call(request, doctorToken, 'GET', `/patients/${patient.id}`);

  const pendingDoctorEmail = `sweep-pending-${stamp}@example.org`;
  await registeredDoctor(request, pendingDoctorEmail, 'Doctor Awaiting Approval');
  await confirmedEmail(request, pendingDoctorEmail);
  expect(opsToken()).toBeTruthy();
  return {
    patient: { ...patient, name: patientName },
    doctor: { email: doctorEmail, id: doctorId, name: doctorName },
    visits: { completed, confirmed, pending },
    pendingDoctorEmail,
    diagnosis,
    thread,
    invoice,
    bloodRequest,
    wards: { ward: wardName, admission },
    triage,
  };
}

let seeded: Promise<Seed> | undefined;
/** The data, made once per worker by the first test that needs it. */
const data = (request: APIRequestContext) => (seeded ??= seed(request));

/** Pages every signed-in person has. */
const everyone: Visit[] = [
  { name: 'dashboard', path: '/dashboard' },
  { name: 'account', path: '/account' },
  { name: 'notifications', path: '/account/notifications' },
  { name: 'inbox', path: '/inbox' },
];

/** Opens the admission form on the first free bed of `ward` on the board. */
async function admitting(page: Page, ward: string) {
  const card = page.locator(`[data-testid="ward"][data-ward="${ward}"]`);
  await card.locator('[data-testid="bed"][data-state="unoccupied"]').first().getByRole('button', { name: /^Admit/ }).click();
  await expect(card.getByTestId('admit-form').getByRole('button', { name: 'Admit patient' })).toBeVisible();
}

async function sweep(role: string, page: Page, visits: Visit[]) {
  const sweep = new Sweep(role);
  for (const visit of visits) await sweep.visit(page, visit);
  sweep.verdict();
}

test.describe('every main page: accessible, fits a phone, in both colour schemes', () => {
  test.describe.configure({ timeout: 300_000 });

  test('public pages', async ({ page }) => {
    await sweep('public', page, [
      { name: 'landing', path: '/' },
      { name: 'signin', path: '/signin' },
      { name: 'register', path: '/register' },
      { name: 'design', path: '/design' },
    ]);
  });

  test('a patient\'s pages', async ({ browser, request }) => {
    const { patient, doctor, visits, diagnosis, thread, invoice, wards, triage } = await data(request);
    const page = await signedInPage(browser, patient.email);
    await sweep('patient', page, [
      { ...everyone[0], shows: doctor.name },
      ...everyone.slice(1),
      {
        name: 'doctors', path: '/doctors', shows: doctor.name,
        prepare: async (p) => {
          await p.getByLabel('Specialization').selectOption('family-medicine');
          await expect(p.getByTestId('doctors')).toContainText(doctor.name);
        },
      },
      {
        name: 'doctor', path: `/doctors/${doctor.id}`, shows: doctor.name,
        // A time picked: the booking form is in view.
        prepare: async (p) => {
          await p.getByTestId('slots').getByRole('button').first().click();
          await expect(p.getByLabel('Reason for the visit and symptoms')).toBeVisible();
        },
      },
      { name: 'appointments', path: '/appointments', shows: doctor.name },
      { name: 'appointment', path: `/appointments/${visits.completed}`, shows: diagnosis },
      { name: 'history', path: '/history', shows: diagnosis },
      { name: 'medications', path: '/medications', shows: 'Metformin' },
      { name: 'access-log', path: '/access-log', shows: doctor.name },
      { name: 'record', path: '/record', shows: 'Seasonal hay fever' },
      { name: 'mood', path: '/record/mood', shows: 'Slept badly.' },
      { name: 'phq9', path: '/record/phq9', shows: doctor.name },
      { name: 'documents', path: '/record/documents', shows: 'Chest X-ray report' },
      { name: 'messages', path: '/messages', shows: 'Cough at night' },
      { name: 'thread', path: `/messages/${thread}`, shows: 'Should I raise my pillow?' },
      { name: 'billing', path: '/billing', shows: invoice.number },
      { name: 'invoice', path: `/billing/invoices/${invoice.id}`, shows: 'Chest X-ray, two views' },
      { name: 'donor', path: '/donor', shows: 'Become a donor' },
      { name: 'admission', path: `/admissions/${wards.admission}`, shows: 'Your hospital stay' },
      { name: 'triage', path: '/triage', shows: 'Bladder, kidneys and urine: Pain or burning when passing urine' },
      {
        name: 'triage-complaint', path: '/triage', shows: 'Where is the problem?',
        // The complaint step, its errors shown.
        prepare: async (p) => {
          await p.getByRole('checkbox', { name: 'None of these' }).check();
          await p.getByRole('button', { name: 'Continue' }).click();
          await p.getByRole('button', { name: 'See how soon to get care' }).click();
          await expect(p.getByTestId('duration').locator('.field-error')).toHaveText('is required');
        },
      },
      {
        name: 'triage-result', path: `/triage/${triage}`, shows: 'This is not a diagnosis.',
        // A time picked: the booking with the check's summary in view.
        prepare: async (p) => {
          await p.getByTestId('suggested-slot').first().click();
          await expect(p.getByTestId('confirm-booking')).toBeVisible();
        },
      },
      {
        name: 'new-message', path: '/messages/new', shows: 'Messages are not for emergencies',
        // The documents to attach unfolded.
        prepare: async (p) => {
          await p.getByText('Attach documents').click();
          await expect(p.getByTestId('attach-choice').first()).toBeVisible();
        },
      },
    ]);
  });

  test('a doctor\'s pages', async ({ browser, request }) => {
    const { patient, doctor, visits, thread, invoice, bloodRequest, wards } = await data(request);
    const page = await signedInPage(browser, doctor.email);
    await sweep('doctor', page, [
      ...everyone,
      { name: 'day', path: '/doctor/day', shows: patient.name },
      { name: 'requests', path: '/doctor/requests', shows: patient.name },
      { name: 'practice', path: '/doctor/practice' },
      { name: 'emergency', path: '/doctor/emergency' },
      { name: 'patient', path: `/patients/${patient.id}`, shows: patient.name },
      {
        name: 'patient-record-forms', path: `/patients/${patient.id}`, shows: 'J45.909 (ICD-10)',
        // The record's forms unfolded, an entry's correction and a reason asked.
        prepare: async (p) => {
          for (const form of ['add-problem', 'add-allergy']) await p.getByTestId(form).getByText('More details').click();
          const asthma = p.getByTestId('problem').filter({ hasText: 'Asthma' });
          await asthma.getByRole('button', { name: 'Edit', exact: true }).click();
          await expect(asthma.getByTestId('correct-problem')).toBeVisible();
          const reported = p.getByTestId('problem').filter({ hasText: 'Seasonal hay fever' });
          await reported.getByRole('button', { name: 'Refute…', exact: true }).click();
          await expect(reported.getByTestId('reason-form')).toBeVisible();
        },
      },
      { name: 'appointment', path: `/appointments/${visits.confirmed}`, shows: patient.name },
      { name: 'messages', path: '/messages', shows: 'Cough at night' },
      { name: 'thread', path: `/messages/${thread}`, shows: 'Should I raise my pillow?' },
      { name: 'new-message', path: `/messages/new?with=${patient.id}`, shows: patient.name },
      {
        name: 'invoices', path: '/doctor/invoices', shows: 'Invoices',
        prepare: async (p) => {
          await p.getByTestId('status-filter').getByRole('button', { name: 'Issued' }).click();
          await expect(p.getByTestId('invoices')).toContainText(invoice.number);
        },
      },
      { name: 'invoice', path: `/billing/invoices/${invoice.id}`, shows: 'Chest X-ray, two views' },
      { name: 'blood', path: '/doctor/blood', shows: patient.name },
      { name: 'blood-request', path: `/blood/requests/${bloodRequest}`, shows: 'Haemoglobin 71 g/L' },
      {
        name: 'wards', path: '/wards', shows: wards.ward,
        // The admission form open on a free bed.
        prepare: async (p) => admitting(p, wards.ward),
      },
      { name: 'admission', path: `/admissions/${wards.admission}`, shows: 'Move to another bed' },
      { name: 'analytics', path: '/doctor/analytics', shows: 'Patients seen and no-shows' },
    ]);
  });

  test('an admin\'s pages', async ({ browser, request }) => {
    const { pendingDoctorEmail, patient, invoice, bloodRequest, wards } = await data(request);
    // The guard spec signs in with the first recovery code, the CSP spec
    // with the second; this one with the third.
    const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
    expect(codes.length).toBeGreaterThan(2);
    const page = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[2]);
    await sweep('admin', page, [
      ...everyone,
      { name: 'doctors', path: '/admin/doctors', shows: pendingDoctorEmail },
      { name: 'users', path: '/admin/users' },
      { name: 'appointments', path: '/admin/appointments' },
      { name: 'deliveries', path: '/admin/deliveries' },
      { name: 'alerts', path: '/admin/alerts', shows: patient.name },
      { name: 'quarantine', path: '/admin/quarantine' },
      { name: 'messages', path: '/admin/messages' },
      { name: 'billing', path: '/admin/billing', shows: 'Revenue by month' },
      { name: 'invoices', path: '/admin/invoices', shows: invoice.number },
      { name: 'claims', path: '/admin/claims', shows: invoice.number },
      {
        name: 'invoice', path: `/billing/invoices/${invoice.id}`, shows: 'POS 4471',
        // A ledger form unfolded.
        prepare: async (p) => {
          await p.getByRole('button', { name: 'Record payment…' }).first().click();
          await expect(p.getByTestId('payment-form')).toBeVisible();
        },
      },
      { name: 'patient', path: `/patients/${patient.id}`, shows: patient.name },
      { name: 'blood', path: '/admin/blood', shows: patient.name },
      { name: 'blood-request', path: `/blood/requests/${bloodRequest}`, shows: 'Haemoglobin 71 g/L' },
      {
        name: 'wards', path: '/wards', shows: wards.ward,
        // The admission form (with the admitting doctor) open on a free bed, and a bed's menu.
        prepare: async (p) => {
          await admitting(p, wards.ward);
          const menu = p.locator(`[data-testid="ward"][data-ward="${wards.ward}"] [data-testid="bed"][data-state="closed"] [data-testid="bed-menu"]`);
          await menu.locator('summary').click();
          await expect(menu.getByRole('button').first()).toBeVisible();
        },
      },
      {
        name: 'ward-setup', path: '/admin/wards', shows: wards.ward,
        // A ward's form open.
        prepare: async (p) => {
          const ward = p.locator(`[data-testid="setup-ward"][data-ward="${wards.ward}"]`);
          await ward.getByRole('button', { name: /^Edit/ }).click();
          await expect(ward.getByTestId('ward-form')).toBeVisible();
        },
      },
      { name: 'admission', path: `/admissions/${wards.admission}`, shows: 'Move to another bed' },
      { name: 'analytics', path: '/admin/analytics', shows: 'Appointments per day by status' },
    ]);
  });
});
