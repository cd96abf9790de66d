import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { base, doctorAndPatient, newPatient, pdf, shoot, signedInPage } from './support';

// The document vault in the browser: a patient's upload through the page
// (its progress, the file's type read from its content), a share with
// their doctor, who opens the file from the patient's record (a read the
// patient's access log shows), the patient's own versions, revocations and
// deletions, what admins see, and the server's refusals in its own words.

/** The patient's documents page, reached through the navigation. */
async function openDocuments(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My record', exact: true }).click();
  await page.getByRole('navigation', { name: 'My record' }).getByRole('link', { name: 'Documents' }).click();
  await expect(page.getByRole('heading', { name: 'Documents', level: 1 })).toBeVisible();
}

test('a patient uploads a PDF and shares it with their doctor, who opens it from the record; the read is in the patient\'s access log', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Vera Vault', 'Results of my blood test', { confirm: true });
  const page = await signedInPage(browser, patient.email);
  await openDocuments(page);
  await expect(page.getByTestId('documents-empty')).toBeVisible();

  // A slow connection, so that the upload's progress shows.
  const network = await page.context().newCDPSession(page);
  await network.send('Network.enable');
  await network.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 96 * 1024 });
  const form = page.getByTestId('upload-form');
  await form.getByLabel('Choose a file').setInputFiles({ name: 'blood_test-results.pdf', mimeType: 'application/pdf', buffer: pdf('Haemoglobin 14.1 g/dL', 400_000) });
  await expect(form.getByTestId('chosen-file')).toContainText('blood_test-results.pdf');
  // The title comes from the file's name until one is typed.
  await expect(form.getByLabel('Title')).toHaveValue('blood test-results');
  await form.getByLabel('Title').fill('Full blood count');
  await form.getByLabel('Category').selectOption({ label: 'Lab result' });
  await form.getByRole('button', { name: 'Upload' }).click();
  const progress = form.getByTestId('upload-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toHaveAttribute('value', /^\d+$/);
  await expect(page.getByTestId('upload-message')).toContainText('“Full blood count” uploaded.', { timeout: 20_000 });
  await expect(progress).toHaveCount(0);
  await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const card = page.getByTestId('document').filter({ hasText: 'Full blood count' });
  await expect(card.getByTestId('document-category')).toHaveText('Lab result');
  await expect(card.getByTestId('document-file')).toContainText('PDF');
  await expect(card.getByTestId('document-file')).toContainText('blood_test-results.pdf');
  // No scanner in these tests: the file opens, with a word of caution.
  await expect(card.getByTestId('scan-status')).toHaveText('Not scanned for malware');
  await expect(card.getByTestId('not-shared')).toBeVisible();

  // Shared with the doctor of their visit, until they revoke it.
  await card.getByRole('button', { name: 'Share Full blood count' }).click();
  const share = card.getByTestId('share-form');
  await share.getByLabel('Doctor').selectOption({ label: doctor.name });
  await share.getByRole('button', { name: 'Share', exact: true }).click();
  await expect(card.getByTestId('share')).toHaveText(new RegExp(`^${doctor.name} until you revoke it`));
  await expect(card.getByTestId('share-form')).toHaveCount(0);

  // The doctor opens it from the patient's record: a new tab, the PDF in it.
  const doctorPage = await signedInPage(browser, doctor.email);
  await doctorPage.goto(`${base()}/patients/${patient.id}`);
  const section = doctorPage.getByTestId('record-documents');
  const shared = section.getByTestId('document').filter({ hasText: 'Full blood count' });
  await expect(shared).toBeVisible();
  // Shares are the patient's business; a doctor neither shares nor deletes.
  await expect(shared.getByTestId('shares')).toHaveCount(0);
  await expect(shared.getByRole('button', { name: /^(Share|Delete)/ })).toHaveCount(0);
  const served = doctorPage.context().waitForEvent('response', (r) => r.url().includes('/api/v1/files/'));
  const tab = doctorPage.waitForEvent('popup');
  await shared.getByRole('button', { name: 'Open Full blood count' }).click();
  await tab;
  const file = await served;
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('application/pdf');
  expect(file.headers()['content-disposition']).toContain('inline');
  await shoot(doctorPage, 'vault-doctor-record');

  // The patient sees the doctor's download in their access log.
  await page.goto(`${base()}/access-log`);
  const log = page.getByTestId('access-log').getByRole('listitem').filter({ hasText: doctor.name }).first();
  await expect(log).toContainText('document download');
});

test('a patient keeps versions, shares until a day, revokes, and deletes; admins read without opening', async ({ browser, request }) => {
  test.setTimeout(120_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Rosa Versions', 'Follow-up of an X-ray', { confirm: true });
  const page = await signedInPage(browser, patient.email);
  await openDocuments(page);
  const form = page.getByTestId('upload-form');
  const upload = async (name: string, title: string, buffer: Buffer) => {
    await form.getByLabel('Choose a file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await form.getByLabel('Title').fill(title);
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('upload-message')).toContainText(`“${title}” uploaded.`);
  };
  // A visit chosen: its doctor can open the document at once.
  await form.getByLabel('Visit (optional)').selectOption({ index: 1 });
  await form.getByLabel('Category').selectOption({ label: 'Letter or report' });
  await upload('referral.pdf', 'Referral letter', pdf('Referral'));
  await upload('old-scan.pdf', 'Old scan', pdf('Old scan'));
  const letter = page.getByTestId('document').filter({ hasText: 'Referral letter' });
  await expect(letter.getByTestId('share')).toHaveText(new RegExp(`^${doctor.name} until you revoke it`));
  // The visit's page lists it, for the patient and for its doctor.
  const visit = (await letter.getByRole('link', { name: 'see the visit' }).getAttribute('href'))!;
  const doctorPage = await signedInPage(browser, doctor.email);
  await doctorPage.goto(`${base()}${visit}`);
  await expect(doctorPage.getByTestId('visit-documents').getByTestId('document')).toHaveCount(1);
  await expect(doctorPage.getByTestId('visit-documents').getByTestId('document')).toContainText('Referral letter');
  await expect(doctorPage.getByTestId('visit-documents').getByRole('button', { name: 'Open Referral letter' })).toBeVisible();

  // A new version, the first kept.
  await letter.getByRole('button', { name: 'New version Referral letter' }).click();
  await letter.getByTestId('new-version').getByLabel('Choose a file').setInputFiles({ name: 'referral-signed.pdf', mimeType: 'application/pdf', buffer: pdf('Referral, signed') });
  await letter.getByRole('button', { name: 'Upload version' }).click();
  await expect(letter.getByTestId('document-file')).toContainText('referral-signed.pdf');
  await letter.getByTestId('versions').getByText('2 versions').click();
  const versions = letter.getByTestId('version');
  await expect(versions).toHaveCount(2);
  await expect(versions.first()).toContainText('Version 2');
  await expect(versions.first()).toContainText(`uploaded by ${patient.name}`);
  await expect(versions.last()).toContainText('referral.pdf');
  await expect(versions.last().getByRole('button', { name: 'Open Referral letter, version 1' })).toBeVisible();

  // Until a day: then revoked.
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await letter.getByRole('button', { name: 'Share Referral letter' }).click();
  await letter.getByTestId('share-form').getByLabel('Until (optional)').fill(until);
  await letter.getByTestId('share-form').getByRole('button', { name: 'Share', exact: true }).click();
  await expect(letter.getByTestId('share')).toContainText(`${doctor.name} until `);
  await expect(letter.getByTestId('share')).not.toContainText('revoke it');
  await shoot(page, 'vault-patient-documents');
  await letter.getByRole('button', { name: `Revoke ${doctor.name}'s access` }).click();
  await expect(letter.getByTestId('not-shared')).toBeVisible();

  // A type the browser does not show is saved instead.
  await upload('blood-pressure.txt', 'Blood pressure readings', Buffer.from('2026-11-28 128/82\n2026-11-29 131/84\n'));
  const readings = page.getByTestId('document').filter({ hasText: 'Blood pressure readings' });
  await expect(readings.getByTestId('document-file')).toContainText('Text');
  const saved = page.waitForEvent('download');
  await readings.getByRole('button', { name: 'Download Blood pressure readings' }).click();
  expect((await saved).suggestedFilename()).toBe('blood-pressure.txt');

  // Deleted once confirmed: a struck-through line stays.
  const old = page.getByTestId('document').filter({ hasText: 'Old scan' });
  await old.getByRole('button', { name: 'Delete Old scan' }).click();
  await old.getByTestId('confirm-delete').getByRole('button', { name: 'Keep it' }).click();
  await expect(old.getByTestId('confirm-delete')).toHaveCount(0);
  await old.getByRole('button', { name: 'Delete Old scan' }).click();
  await old.getByRole('button', { name: 'Yes, delete it' }).click();
  const tombstone = page.getByTestId('document-deleted');
  await expect(tombstone).toContainText(`Deleted by ${patient.name} on`);
  await expect(tombstone.locator('s')).toContainText('Old scan');
  await page.reload();
  await expect(page.getByTestId('document-deleted')).toHaveCount(1);
  await expect(page.getByTestId('document')).toHaveCount(2);

  // The sixth recovery code: the guard, CSP, page, wellbeing and record-actions specs use the first five.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(5);
  const admin = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[5]);
  await admin.goto(`${base()}/patients/${patient.id}`);
  const documents = admin.getByTestId('record-documents');
  await expect(documents.getByTestId('document')).toHaveCount(2);
  await expect(documents.getByTestId('document-deleted')).toHaveCount(1);
  await expect(documents.getByTestId('open-document')).toHaveCount(0);
  await expect(documents.locator('form')).toHaveCount(0);
  await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quarantine' }).click();
  await expect(admin.getByRole('heading', { name: 'Quarantined files', level: 1 })).toBeVisible();
  await expect(admin.getByTestId('quarantine').or(admin.getByTestId('quarantine-empty'))).toBeVisible();
});

test('a web page named .pdf, dropped on the form, is refused in the server\'s words', async ({ browser, request }) => {
  const patient = await newPatient(request, 'Hugo Html');
  const page = await signedInPage(browser, patient.email);
  await openDocuments(page);
  const form = page.getByTestId('upload-form');
  // Dropped on the zone rather than picked.
  const zone = form.getByTestId('drop-zone');
  const dropped = await page.evaluateHandle(() => {
    const data = new DataTransfer();
    const html = '<!DOCTYPE html><html><body><script>alert(1)</script></body></html>';
    data.items.add(new File([html], 'report.pdf', { type: 'application/pdf' }));
    return data;
  });
  await zone.dispatchEvent('dragenter', { dataTransfer: dropped });
  await expect(zone).toHaveClass(/dragging/);
  await zone.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(zone).not.toHaveClass(/dragging/);
  await expect(form.getByTestId('chosen-file')).toContainText('report.pdf');
  await expect(form.getByLabel('Title')).toHaveValue('report');
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('upload-message').getByRole('alert')).toHaveText(
    'Web pages and SVG images are not accepted. Upload a PDF, PNG, JPEG, HEIC, DICOM, plain text (UTF-8) or CCD/XML file.',
  );
  await expect(page.getByTestId('documents-empty')).toBeVisible();
  // Nothing chosen: said before anything is sent.
  await page.reload();
  await page.getByTestId('upload-form').getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByTestId('upload-message').getByRole('alert')).toHaveText('The file is required: choose or drop a file.');
  await expect(page.getByTestId('upload-form').getByTestId('drop-zone')).toBeVisible();
  await shoot(page, 'vault-refused');
});
