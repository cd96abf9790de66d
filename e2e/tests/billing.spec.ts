import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { base, call, doctorAndPatient, opsToken, shoot, signedInPage } from './support';

// Billing in the browser, on the real server: a completed visit makes a
// draft invoice from the doctor's fee; the doctor adds a line (and takes
// one away) and issues it, and may start a further one from the visit's
// page; the patient sees it, adds their insurance
// policy and claims part of it; an admin records the patient's payment,
// reviews, approves and records the insurer's payment on the claim; the
// balance reaches zero, and the admins' revenue shows what was collected,
// the same on the screen as in the CSV file.

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** The admins' overview as the API gives it (the operations admin). */
async function overview(request: Parameters<typeof call>[0]) {
  return call(request, opsToken(), 'GET', '/admin/billing') as Promise<{
    months: string[];
    revenue: { month: string; currency: string; billed: number; collected: number }[];
  }>;
}

/** What this month's EUR row of revenue by month says, in minor units. */
function thisMonth(view: Awaited<ReturnType<typeof overview>>) {
  const month = view.months[view.months.length - 1];
  const row = view.revenue.find((r) => r.month === month && r.currency === 'EUR');
  return { month, billed: row?.billed ?? 0, collected: row?.collected ?? 0 };
}

/** A table's text as CSV rows: its headings, then each row's cells. */
async function tableRows(page: Page, testid: string): Promise<string[][]> {
  const table = page.getByTestId(testid);
  const header = await table.locator('thead th').allInnerTexts();
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  return [header.map((h) => h.trim()), ...rows];
}

test('a visit\'s draft invoice is completed and issued by the doctor, claimed by the patient, paid by the patient and the insurer through an admin; the revenue shows it', async ({ browser, request }) => {
  test.setTimeout(240_000);
  const { doctor, patient, visit } = await doctorAndPatient(request, 'Beatriz Billing', 'Sore throat and fever', { confirm: true });
  const before = thisMonth(await overview(request));

  // The doctor completes the visit: a draft follows from their fee.
  const act = (body: object) => call(request, doctor.token, 'POST', `/appointments/${visit}/actions`, body);
  await act({ action: 'check_in' });
  await act({ action: 'start_consultation' });
  await act({ action: 'complete', consultation: { diagnosis: 'Streptococcal pharyngitis', notes: 'Rapid test positive.', prescription: [] } });

  const doctorPage = await signedInPage(browser, doctor.email);
  await nav(doctorPage).getByTestId('invoices-link').click();
  await expect(doctorPage.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await expect(doctorPage.getByTestId('status-filter').getByRole('button', { name: 'Drafts' })).toHaveAttribute('aria-pressed', 'true');
  const draftRow = doctorPage.getByTestId('invoice-row').filter({ hasText: patient.name });
  // The draft is made by a background job, a moment after the visit.
  await expect(async () => {
    await doctorPage.reload();
    await expect(draftRow).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(draftRow.getByTestId('invoice-total')).toHaveText('EUR 50.00');
  await expect(draftRow.getByTestId('payment-state')).toHaveText('Draft');
  await draftRow.getByRole('link', { name: 'Draft' }).click();

  await expect(doctorPage.getByRole('heading', { name: 'Draft invoice', level: 1 })).toBeVisible();
  await expect(doctorPage.getByTestId('draft-notice')).toContainText('the patient does not see it');
  await expect(doctorPage.getByTestId('line')).toHaveCount(1);
  await expect(doctorPage.getByTestId('total')).toHaveText('EUR 50.00');

  // A line with a code; a price in euros becomes exact cents.
  const form = doctorPage.getByTestId('line-form');
  await form.getByLabel('Kind').selectOption('test');
  await form.getByLabel('Description').fill('Rapid strep test');
  await form.getByLabel('Code system (optional)').fill('CPT');
  await form.getByLabel('Code (optional)').fill('87880');
  await form.getByLabel('Unit price (EUR)').fill('12.5');
  await form.getByRole('button', { name: 'Add line' }).click();
  await expect(doctorPage.getByTestId('line')).toHaveCount(2);
  const strep = doctorPage.getByTestId('line').filter({ hasText: 'Rapid strep test' });
  await expect(strep).toContainText('CPT 87880');
  await expect(doctorPage.getByTestId('total')).toHaveText('EUR 62.50');

  // A price that is not an amount is refused before it is sent.
  await form.getByLabel('Description').fill('Throat swab kit');
  await form.getByLabel('Kind').selectOption('supply');
  await form.getByLabel('Unit price (EUR)').fill('3.999');
  await form.getByRole('button', { name: 'Add line' }).click();
  await expect(form.locator('#line-price-error')).toHaveText('has at most 2 decimal places in EUR');
  await form.getByLabel('Unit price (EUR)').fill('4,10');
  await form.getByLabel('Quantity').fill('2');
  await form.getByRole('button', { name: 'Add line' }).click();
  await expect(doctorPage.getByTestId('line')).toHaveCount(3);
  await expect(doctorPage.getByTestId('total')).toHaveText('EUR 70.70');
  // Taken away again: only what the visit needed stays.
  await doctorPage.getByRole('button', { name: /^Remove line 3: Throat swab kit/ }).click();
  await expect(doctorPage.getByTestId('line')).toHaveCount(2);
  await expect(doctorPage.getByTestId('total')).toHaveText('EUR 62.50');
  await shoot(doctorPage, 'billing-draft-doctor');

  await doctorPage.getByTestId('issue').click();
  await doctorPage.getByRole('button', { name: 'Issue now' }).click();
  const number = doctorPage.getByTestId('invoice-number');
  await expect(number).toHaveText(/^Invoice INV-\d{4}-\d+$/);
  const invoiceNumber = (await number.innerText()).replace('Invoice ', '');
  await expect(doctorPage.getByTestId('line-form')).toHaveCount(0);
  await expect(doctorPage.getByTestId('payment-state')).toHaveText('Unpaid');
  await expect(doctorPage.getByTestId('balance')).toHaveText('EUR 62.50');
  const invoiceUrl = doctorPage.url();

  // A further invoice for the same visit starts empty, as a draft.
  await doctorPage.goto(`${base()}/appointments/${visit}`);
  await doctorPage.getByTestId('new-invoice').click();
  await expect(doctorPage).toHaveURL(/\/billing\/invoices\/[0-9a-f-]+$/);
  expect(doctorPage.url()).not.toBe(invoiceUrl);
  await expect(doctorPage.getByRole('heading', { name: 'Draft invoice', level: 1 })).toBeVisible();
  await expect(doctorPage.getByTestId('no-lines')).toBeVisible();

  // The patient: the invoice on the Billing page, unpaid.
  const page = await signedInPage(browser, patient.email);
  await nav(page).getByTestId('billing-link').click();
  await expect(page.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
  const row = page.getByTestId('invoice-row').filter({ hasText: invoiceNumber });
  await expect(row).toContainText(doctor.name);
  await expect(row.getByTestId('invoice-total')).toHaveText('EUR 62.50');
  await expect(row.getByTestId('invoice-balance')).toHaveText('EUR 62.50');
  await expect(row.getByTestId('payment-state')).toHaveText('Unpaid');
  await expect(page.getByTestId('claims-empty')).toBeVisible();

  // Their insurance policy, from a month ago.
  await expect(page.getByTestId('policies-empty')).toBeVisible();
  await page.getByTestId('add-policy').click();
  const policy = page.getByTestId('policy-form');
  await policy.getByLabel('Insurer').fill('Acme Health');
  await policy.getByLabel('Member id').fill('AH-3392-11');
  await policy.getByLabel('Group (optional)').fill('ACME-EMP');
  await policy.getByLabel('Covered from').fill(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByTestId('policy')).toHaveCount(1);
  await expect(page.getByTestId('policy')).toContainText('Member AH-3392-11 · group ACME-EMP');
  await expect(page.getByTestId('policy')).toContainText('Primary');
  await shoot(page, 'billing-patient');

  // The invoice, and a claim for part of it.
  await row.getByRole('link', { name: invoiceNumber }).click();
  await expect(page.getByTestId('invoice-number')).toHaveText(`Invoice ${invoiceNumber}`);
  await expect(page.getByTestId('invoice-doctor')).toHaveText(doctor.name);
  await expect(page.getByTestId('line').filter({ hasText: 'Rapid strep test' })).toContainText('CPT 87880');
  const claimForm = page.getByTestId('claim-form');
  await expect(claimForm.getByLabel('Policy')).toHaveValue(/.+/);
  // The amount starts as what is owed.
  await expect(claimForm.getByLabel('Amount to claim (EUR)')).toHaveValue('62.50');
  await claimForm.getByLabel('Amount to claim (EUR)').fill('40');
  await claimForm.getByRole('button', { name: 'Prepare claim' }).click();
  const claim = page.getByTestId('claim');
  await expect(claim.getByTestId('claim-state')).toHaveText('Draft');
  await expect(claim.getByTestId('claimed')).toHaveText('EUR 40.00');
  await claim.getByRole('button', { name: 'Submit to Acme Health' }).click();
  await expect(claim.getByTestId('claim-state')).toHaveText('Submitted');
  // Waiting for the payer: no step is the patient's but withdrawing.
  await expect(claim.getByTestId('claim-actions').getByRole('button')).toHaveText(['Withdraw…']);
  await expect(page.getByTestId('patient-share')).toContainText('you will owe EUR 22.50');
  await shoot(page, 'billing-invoice-patient');

  // On paper: the invoice alone.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByTestId('claim-form')).toBeHidden();
  await expect(page.getByTestId('print')).toBeHidden();
  await expect(page.getByTestId('invoice')).toBeVisible();
  await page.setViewportSize({ width: 800, height: 1100 });
  await page.screenshot({ path: `${process.env.MEDTRACK_E2E_SHOTS ?? 'artifacts/shots'}/billing-invoice-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // An admin: the patient's payment at the desk, part of it.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(7);
  const admin = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[7]);
  await nav(admin).getByTestId('billing-link').click();
  await expect(admin.getByRole('heading', { name: 'Billing', level: 1 })).toBeVisible();
  await admin.getByTestId('billing-nav').getByRole('link', { name: 'Invoices' }).click();
  await expect(admin.getByTestId('status-filter').getByRole('button', { name: 'Issued' })).toHaveAttribute('aria-pressed', 'true');
  const listed = admin.getByTestId('invoice-row').filter({ hasText: invoiceNumber });
  await expect(listed).toContainText(patient.name);
  await listed.getByRole('link', { name: invoiceNumber }).click();
  await expect(admin).toHaveURL(invoiceUrl);
  await admin.getByRole('button', { name: 'Record payment…' }).first().click();
  const payment = admin.getByTestId('payment-form');
  await expect(payment.getByLabel('Amount (EUR)')).toHaveValue('62.50');
  await payment.getByLabel('Amount (EUR)').fill('22.50');
  await payment.getByLabel('Method').selectOption('card');
  await payment.getByLabel('Reference (optional)').fill('POS 4471');
  await payment.getByRole('button', { name: 'Record payment' }).click();
  await expect(admin.getByText('Payment recorded.')).toBeVisible();
  await expect(admin.getByTestId('payment-state')).toHaveText('Partly paid');
  await expect(admin.getByTestId('balance')).toHaveText('EUR 40.00');
  await expect(admin.getByTestId('payments')).toContainText('Card (ref. POS 4471)');
  await expect(admin.getByTestId('entry')).toHaveCount(2);

  // The claim: reviewed and approved from the claims list …
  await admin.getByTestId('billing-link').click();
  await admin.getByTestId('billing-nav').getByRole('link', { name: 'Claims' }).click();
  await expect(admin.getByLabel('State')).toHaveValue('submitted');
  const card = admin.getByTestId('claim').filter({ hasText: invoiceNumber });
  await expect(card).toContainText(patient.name);
  await card.getByRole('button', { name: 'Start review' }).click();
  await expect(card.getByTestId('claim-state')).toHaveText('In review');
  await expect(card.getByTestId('claim-actions').getByRole('button')).toHaveText(['Approve', 'Approve part…', 'Deny…', 'Close…']);
  await card.getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(card.getByTestId('claim-state')).toHaveText('Approved');
  await expect(card.getByTestId('approved')).toHaveText('EUR 40.00');

  // … and the insurer's payment recorded on the invoice's page.
  await card.getByRole('link', { name: invoiceNumber }).click();
  const onInvoice = admin.getByTestId('claim');
  await onInvoice.getByRole('button', { name: 'Record payment…' }).click();
  await expect(onInvoice.getByLabel('Amount paid (EUR)')).toHaveValue('40.00');
  await onInvoice.getByLabel('Payer\'s reference (optional)').fill('ACME-REM-0921');
  await onInvoice.getByTestId('claim-step-form').getByRole('button', { name: 'Record payment' }).click();
  await expect(admin.getByText('The payer\'s payment is recorded.')).toBeVisible();
  await expect(onInvoice.getByTestId('claim-state')).toHaveText('Paid');
  await expect(admin.getByTestId('balance')).toHaveText('EUR 0.00');
  await expect(admin.getByTestId('payment-state')).toHaveText('Paid');
  await shoot(admin, 'billing-invoice-admin');

  // The patient sees it paid.
  await page.goto(`${base()}/billing`);
  await expect(row.getByTestId('payment-state')).toHaveText('Paid');
  await expect(row.getByTestId('invoice-balance')).toHaveText('EUR 0.00');
  await expect(page.getByTestId('claim').getByTestId('claim-state')).toHaveText('Paid');

  // The admins' revenue: this month collected 62.50 more, on the screen as in the CSV.
  const after = thisMonth(await overview(request));
  expect(after.month).toBe(before.month);
  expect(after.collected - before.collected).toBe(6250);
  expect(after.billed - before.billed).toBe(6250);
  const collected = (after.collected / 100).toFixed(2);
  await admin.getByTestId('billing-link').click();
  const revenue = admin.getByTestId('panel-revenue');
  const monthRow = revenue.getByTestId('overview-row').filter({ hasText: after.month }).filter({ hasText: 'EUR' });
  await expect(monthRow.locator('td').nth(3)).toHaveText(collected);
  await expect(revenue.getByTestId('revenue-chart-EUR').locator(`g[data-month="${after.month}"] [data-testid="collected-bar"]`)).toHaveAttribute('height', /^[1-9]/);
  const downloaded = admin.waitForEvent('download');
  await revenue.getByTestId('csv-revenue').click();
  const file = await downloaded;
  expect(file.suggestedFilename()).toMatch(/^billing-revenue-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8').trimEnd().split('\r\n').map((line) => line.split(','));
  expect(csv).toEqual(await tableRows(admin, 'table-revenue'));
  await shoot(admin, 'billing-overview');
});
