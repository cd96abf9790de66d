import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { base, doctorAndPatient, newPatient, shoot, signedInPage } from './support';

// The blood bank in the browser, on the real server: an admin records
// donations (a duplicate number is refused in words), releases their units
// (one fails its test) and sets a threshold; a doctor asks for red cells for
// their patient, records the patient's confirmed group, is offered the units
// that suit (never an incompatible group), reserves the ones they tick and
// waits; the admin crossmatches and issues them, which takes the stock below
// its threshold, and the admin's inbox shows the alert. A patient registers
// as a donor and the admin confirms their group; the admin asks donors from
// the low line, and the donor sees the call on their page and answers.

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const row = (page: Page, group: string) => page.locator(`[data-testid="stock-row"][data-group="${group}"]`);
const quarantined = (page: Page, number: string) => page.locator(`[data-testid="quarantined-unit"][data-number="${number}"]`);

/** Clicks `button` and waits until `list` holds one item fewer. */
async function shrinks(list: Locator, button: Locator) {
  const before = await list.count();
  await button.click();
  await expect(list).toHaveCount(before - 1);
}

test('donations are released and a threshold set; a doctor reserves the units that suit their typed patient, the admin issues them and is alerted of the low stock, asks donors, and a donor answers', async ({ browser, request }) => {
  test.setTimeout(300_000);
  const stamp = Date.now();
  const { doctor, patient } = await doctorAndPatient(request, 'Rosa Recipient', 'Tiredness and breathlessness', { confirm: true });
  const numbers = { a: `BA${stamp}`, o: `BO${stamp}`, b: `BB${stamp}` };

  // The admin: three double red cell donations from elsewhere, by group.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(8);
  const admin = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[8]);
  await nav(admin).getByTestId('blood-link').click();
  await expect(admin.getByRole('heading', { name: 'Blood bank', level: 1 })).toBeVisible();
  const donation = admin.getByTestId('donation-form');
  const record = async (group: string, number: string) => {
    await donation.getByLabel('Donor').selectOption('');
    await donation.getByLabel('Group').selectOption(group);
    await donation.getByLabel('What was given').selectOption('double_red_cells');
    await donation.getByLabel('Donation number').fill(number);
    await donation.getByRole('button', { name: 'Record donation' }).click();
  };
  for (const [group, number] of [['A+', numbers.a], ['O-', numbers.o], ['B+', numbers.b]]) {
    await record(group, number);
    await expect(admin.getByTestId('donation-outcome')).toContainText(`Donation ${number} recorded: 2 units in quarantine.`);
    await expect(quarantined(admin, number)).toHaveCount(2);
  }
  // The same number again is refused, in words.
  await record('A+', numbers.a);
  await expect(admin.getByTestId('donation-outcome')).toContainText('A donation with this number is already recorded');

  // Their tests: all pass but one B+ unit's.
  const units = admin.getByTestId('quarantined-unit');
  for (const number of [numbers.a, numbers.a, numbers.o, numbers.o, numbers.b]) {
    await shrinks(units, quarantined(admin, number).first().getByRole('button', { name: /^Release/ }));
  }
  const failing = quarantined(admin, numbers.b);
  await failing.getByRole('button', { name: 'Failed test…' }).click();
  await failing.getByLabel('Which test failed (optional)').fill('HBsAg reactive');
  await shrinks(units, failing.getByRole('button', { name: 'Discard: failed test' }));
  await expect(admin.getByTestId('blood-told')).toContainText('is discarded: failed test.');
  await expect(row(admin, 'A+').getByTestId('available')).toHaveText('2');
  await expect(row(admin, 'O-').getByTestId('available')).toHaveText('2');
  await expect(admin.getByTestId('expiring').locator(`[data-number="${numbers.a}"]`)).toHaveCount(2);
  await expect(admin.getByTestId('unit-history')).toContainText('Discarded (failed test)');

  // A threshold on A+ red cells: 3 days of cover (none counts until some are issued).
  const threshold = admin.getByTestId('threshold-form');
  await threshold.getByLabel('Component').selectOption('red_cells');
  await threshold.getByLabel('Group').selectOption('A+');
  await threshold.getByLabel('Fewest days of cover (optional)').fill('3');
  await threshold.getByRole('button', { name: 'Save threshold' }).click();
  await expect(admin.getByTestId('threshold-outcome')).toContainText('Threshold of red cells A+ set: 3 days of cover.');
  await expect(row(admin, 'A+').getByTestId('threshold')).toHaveText('3 days of cover');
  await expect(row(admin, 'A+').getByTestId('low')).toHaveCount(0);
  // A units threshold marks a line low on the chart, and goes again.
  await threshold.getByLabel('Component').selectOption('plasma');
  await threshold.getByLabel('Group').selectOption('AB+');
  await threshold.getByLabel('Fewest units (optional)').fill('4');
  await threshold.getByRole('button', { name: 'Save threshold' }).click();
  await admin.getByTestId('component-chips').getByRole('button', { name: 'Plasma' }).click();
  await expect(row(admin, 'AB+').getByTestId('low')).toBeVisible();
  await expect(admin.locator('[data-testid="stock-chart"] g[data-group="AB+"] rect.low')).toHaveCount(1);
  await expect(admin.locator('[data-testid="stock-chart"] g[data-group="AB+"] [data-testid="threshold-line"]')).toHaveCount(1);
  await expect(threshold.getByTestId('threshold-now')).toHaveText('Now: 4 units.');
  await threshold.getByRole('button', { name: 'Remove threshold' }).click();
  await expect(threshold.getByTestId('threshold-now')).toHaveText('Now: None.');
  await expect(row(admin, 'AB+').getByTestId('low')).toHaveCount(0);
  await admin.getByTestId('component-chips').getByRole('button', { name: 'Red cells' }).click();

  // The doctor asks for two units of red cells for their patient.
  const doc = await signedInPage(browser, doctor.email);
  await expect(nav(doc).getByTestId('blood-link')).toHaveAttribute('href', '/doctor/blood');
  await doc.goto(`${base()}/doctor/blood`);
  await expect(doc.getByRole('heading', { name: 'Blood', level: 1 })).toBeVisible();
  await expect(doc.getByTestId('my-requests-empty')).toBeVisible();
  const ask = doc.getByTestId('new-request');
  await ask.getByLabel('Patient').selectOption({ label: patient.name });
  await ask.getByLabel('Component').selectOption('red_cells');
  await ask.getByLabel('Units').fill('2');
  await ask.getByLabel('Urgency').selectOption('urgent');
  await ask.getByLabel('Indication').fill('Haemoglobin 68 g/L, symptomatic');
  await ask.getByRole('button', { name: 'Send request' }).click();
  await expect(doc).toHaveURL(/\/blood\/requests\/[0-9a-f-]+$/);
  const requestUrl = doc.url();
  await expect(doc.getByTestId('request-title')).toHaveText(`Red cells for ${patient.name}`);
  // No confirmed group: nothing is offered for a request that is not an emergency.
  await expect(doc.getByTestId('no-typing')).toBeVisible();
  await expect(doc.getByTestId('no-proposals')).toBeVisible();

  // The doctor records the patient's confirmed group on their record.
  await doc.getByTestId('no-typing').getByRole('link', { name: 'Record the group on the patient\'s record' }).click();
  await expect(doc.getByRole('heading', { name: patient.name, level: 1 })).toBeVisible();
  const panel = doc.getByTestId('blood-group-panel');
  await expect(panel.getByTestId('no-typing')).toBeVisible();
  await panel.getByTestId('record-typing').click();
  await panel.getByLabel('Group found').selectOption('A+');
  await panel.getByRole('button', { name: 'Save blood group' }).click();
  await expect(panel.getByTestId('typing-group')).toHaveText('A+');
  // The patient sees it on their record, read only.
  const patientPage = await signedInPage(browser, patient.email);
  await patientPage.goto(`${base()}/record`);
  await expect(patientPage.getByTestId('blood-group-panel').getByTestId('typing-group')).toHaveText('A+');
  await expect(patientPage.getByTestId('record-typing')).toHaveCount(0);

  // Offered: the A+ and O− units, never the B+ one.
  await doc.goto(requestUrl);
  await expect(doc.getByTestId('request-typing').getByTestId('typing-group')).toHaveText('A+');
  const proposals = doc.getByTestId('proposal');
  await expect(proposals).toHaveCount(4);
  await expect(doc.locator('[data-testid="proposal"][data-group="B+"]')).toHaveCount(0);
  await expect(doc.locator('[data-testid="proposal"][data-group="A+"]')).toHaveCount(2);
  await expect(doc.locator('[data-testid="proposal"][data-group="O-"]')).toHaveCount(2);
  await expect(proposals.first().getByTestId('verdict')).toHaveText('Suitable: first choice');
  await shoot(doc, 'blood-request-offer');

  // The doctor ticks the A+ ones.
  const reserve = doc.getByTestId('reserve-form');
  await reserve.getByLabel('The units I tick in the table').check();
  await reserve.getByRole('button', { name: 'Reserve units' }).click();
  await expect(reserve.getByRole('alert').filter({ hasText: 'Tick the units' })).toBeVisible();
  for (const pick of await doc.locator('[data-testid="proposal"][data-group="A+"] input[type="checkbox"]').all()) await pick.check();
  await reserve.getByRole('button', { name: 'Reserve units' }).click();
  await expect(doc.getByTestId('request-told')).toContainText('2 units reserved.');
  await expect(doc.getByTestId('request-state')).toHaveText('Units reserved');
  await expect(doc.getByTestId('held-unit')).toHaveCount(2);
  await expect(doc.locator(`[data-testid="held-unit"][data-number="${numbers.a}"]`)).toHaveCount(2);
  await expect(doc.getByTestId('hold-until')).toBeVisible();
  await expect(doc.getByTestId('waiting-issue')).toBeVisible();
  // The bank crossmatches: the doctor has no form for it.
  await expect(doc.getByTestId('crossmatch-form')).toHaveCount(0);
  await shoot(doc, 'blood-request-doctor');
  await doc.goto(`${base()}/doctor/blood`);
  await expect(doc.getByTestId('request-row').filter({ hasText: patient.name }).getByTestId('request-state')).toHaveText('Units reserved');
  await shoot(doc, 'blood-doctor');

  // Reserved, nothing issued: the threshold in days does not count yet.
  await admin.reload();
  await expect(row(admin, 'A+').getByTestId('available')).toHaveText('0');
  await expect(row(admin, 'A+').getByTestId('low')).toHaveCount(0);
  // The admin issues them from the list of reserved requests.
  await admin.getByTestId('reserved-requests').getByRole('link', { name: new RegExp(`^Request for ${patient.name}`) }).click();
  await expect(admin).toHaveURL(requestUrl);
  // The crossmatch of the units held, before they may go out.
  await expect(admin.getByTestId('issue-warning')).toBeVisible();
  const crossmatch = admin.getByTestId('crossmatch-form');
  await crossmatch.getByLabel('Test').selectOption('crossmatch');
  await crossmatch.getByLabel('Compatible (screen negative)').check();
  await crossmatch.getByRole('button', { name: 'Record result' }).click();
  await expect(admin.getByTestId('crossmatch')).toContainText('Crossmatch: compatible for 2 units');
  await expect(admin.getByTestId('issue-warning')).toHaveCount(0);
  await admin.getByTestId('issue-open').click();
  await admin.getByTestId('issue-form').getByRole('button', { name: 'Issue now' }).click();
  await expect(admin.getByTestId('request-told')).toContainText('2 units issued.');
  await expect(admin.getByTestId('request-state')).toHaveText('Issued');
  await expect(admin.locator('[data-testid="held-unit"] [data-testid="unit-state"]')).toHaveText(['Issued', 'Issued']);
  await shoot(admin, 'blood-request-admin');

  // Below its threshold: no stock left at the last month's pace; the admins are told.
  await admin.goto(`${base()}/admin/blood`);
  await expect(row(admin, 'A+').getByTestId('low')).toBeVisible();
  await expect(row(admin, 'A+').getByTestId('cover')).toHaveText('0 days');
  await expect(admin.locator('[data-testid="stock-chart"] g[data-group="A+"] rect.low')).toHaveCount(1);
  await expect(admin.getByTestId('unit-history')).toContainText('Reserved → Issued');
  await admin.goto(`${base()}/inbox`);
  const alert = admin.getByTestId('inbox').getByRole('link', { name: 'A+ red cells is low' });
  await expect(async () => {
    await admin.reload();
    await expect(alert).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await alert.click();
  await expect(admin).toHaveURL(/\/admin\/blood$/);

  // A patient registers as a donor; the admin confirms their group.
  const donorAccount = await newPatient(request, 'Dora Donor');
  const donor = await signedInPage(browser, donorAccount.email);
  await nav(donor).getByTestId('donor-link').click();
  await expect(donor.getByRole('heading', { name: 'Give blood', level: 1 })).toBeVisible();
  await expect(donor.getByTestId('group-tile')).toHaveCount(8);
  await expect(donor.locator('[data-testid="group-tile"][data-group="A+"] [data-testid="needed"]')).toBeVisible();
  await donor.getByTestId('register-donor').getByLabel('Your blood group, if you know it').selectOption('O-');
  await donor.getByRole('button', { name: 'Register as a donor' }).click();
  await expect(donor.getByTestId('donor-status')).toHaveAttribute('data-status', 'pending');
  await expect(donor.getByTestId('donor-status')).toContainText('you said O−');
  await expect(donor.locator('[data-testid="eligible"][data-kind="double_red_cells"]')).toContainText('You can give now');
  await admin.reload();
  const pending = admin.locator(`[data-testid="pending-donor"][data-donor="${donorAccount.id}"]`);
  await expect(pending.getByLabel('Tested group')).toHaveValue('O-');
  await pending.getByRole('button', { name: 'Confirm the group of Dora Donor' }).click();
  await expect(admin.getByTestId('blood-told')).toContainText('Dora Donor\'s group is confirmed: O−.');
  await expect(pending).toHaveCount(0);

  // The admin asks donors right from the low line.
  await row(admin, 'A+').getByRole('button', { name: 'Ask donors for red cells for A+ patients' }).click();
  await expect(admin.getByTestId('ask-outcome')).toContainText('Donors are being asked for red cells for A+ patients.');
  const call = admin.getByTestId('call').filter({ hasText: 'Red cells for A+ patients' });
  await expect(call).toHaveCount(1);
  await expect(async () => {
    await admin.getByRole('button', { name: 'Refresh the answers' }).click();
    await expect(call.getByTestId('asked')).not.toHaveText('0', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await shoot(admin, 'blood-admin');

  // The donor sees the call and will come tomorrow at 10:30.
  await donor.reload();
  await expect(donor.getByTestId('donor-status')).toHaveAttribute('data-status', 'confirmed');
  const invited = donor.getByTestId('donor-call');
  await expect(invited).toHaveCount(1);
  await expect(invited).toContainText('Asked to give double red cells');
  await expect(invited.getByTestId('donor-answer')).toHaveText('No answer yet');
  await invited.getByLabel('Yes, I can come').check();
  await invited.getByLabel('Time', { exact: true }).fill('10:30');
  await invited.getByRole('button', { name: 'Send answer' }).click();
  await expect(donor.getByTestId('donor-told')).toContainText('Thank you: the clinic expects you.');
  await expect(invited.getByTestId('donor-answer')).toContainText(/^Will come .*10:30/);
  await shoot(donor, 'blood-donor');

  // The admin sees who will come.
  await admin.getByRole('button', { name: 'Refresh the answers' }).click();
  await expect(call.getByTestId('willing')).toHaveText('1');
  await call.getByRole('button', { name: 'Show the answers' }).click();
  await expect(call.getByTestId('invitation').filter({ hasText: 'Dora Donor' })).toContainText('Will come');
});
