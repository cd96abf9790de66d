import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, GUARD_EMAIL } from '../global-setup';
import { base, doctorAndPatient, pdf, shoot, signedInPage, uploadDocument } from './support';

// Messages between a patient and their doctor in the browser: what the
// patient reads before writing (not for emergencies, the reply time), an
// attachment from their vault that the doctor opens, the unread badge, the
// reply and the read marks arriving through the live stream (no page is
// reloaded), and a red flag's notice with "Send anyway", the urgent marker,
// the doctor's acknowledgement and the admins' overview.

/** Marks the page's document, so that a reload (which forgets it) shows. */
async function markLoaded(page: Page) {
  await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });
}

async function stillLoaded(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded), 'the page was not reloaded').toBe(true);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test('a patient writes to their doctor with an attachment; the doctor sees it arrive, opens the attachment and replies; each sees the other\'s read mark and reply live', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Marta Messages', 'Dizziness on the new tablets', { confirm: true });
  await uploadDocument(request, patient.token, patient.id, 'title=Blood%20pressure%20diary&category=lab_result&about=2026-11-20&file_name=diary.pdf', pdf('128/82'));

  // The doctor is at work on another page.
  const doctorPage = await signedInPage(browser, doctor.email);
  await doctorPage.goto(`${base()}/doctor/day`);
  await expect(nav(doctorPage).getByTestId('messages-link')).toBeVisible();
  await expect(doctorPage.getByTestId('messages-unread')).toHaveCount(0);
  await markLoaded(doctorPage);

  // The patient writes from the Messages page.
  const page = await signedInPage(browser, patient.email);
  await nav(page).getByTestId('messages-link').click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await expect(page.getByTestId('threads-empty')).toBeVisible();
  await page.getByTestId('new-message').click();
  await expect(page.getByRole('heading', { name: 'New message', level: 1 })).toBeVisible();
  // Their only doctor is chosen; what to expect is said before writing.
  await expect(page.getByLabel('To (your doctor)')).toHaveValue(/.+/);
  await expect(page.getByTestId('not-for-emergencies')).toHaveText('Messages are not for emergencies. If you need help now, call your local emergency number.');
  await expect(page.getByTestId('reply-time')).toContainText(`${doctor.name} answers within 2 business days: by `);
  const form = page.getByTestId('message-form');
  await form.getByLabel('Subject').fill('Dizziness on the new tablets');
  await form.getByLabel('Message').fill('Since Monday I feel dizzy in the morning, about an hour after the tablet.\nMy blood pressure diary is attached.');
  await form.getByText('Attach documents').click();
  await form.getByTestId('attach-choice').filter({ hasText: 'Blood pressure diary' }).getByRole('checkbox').check();
  await expect(form.getByTestId('attached')).toContainText('Blood pressure diary');
  await shoot(page, 'messages-new-patient');
  await form.getByRole('button', { name: 'Send message' }).click();

  await expect(page).toHaveURL(/\/messages\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { name: 'Dizziness on the new tablets', level: 1 })).toBeVisible();
  const mine = page.getByTestId('message').filter({ hasText: 'Since Monday I feel dizzy' });
  await expect(mine).toHaveAttribute('data-sender', 'me');
  await expect(mine.getByTestId('receipt')).toHaveText('Sent');
  await expect(mine.getByTestId('attachments')).toContainText('Blood pressure diary');
  await expect(page.getByTestId('reply-by')).toContainText('Reply expected by');
  await markLoaded(page);

  // The doctor's badge comes through the stream, without a reload.
  await expect(doctorPage.getByTestId('messages-unread')).toHaveText('1', { timeout: 15_000 });
  await stillLoaded(doctorPage);
  await nav(doctorPage).getByTestId('messages-link').click();
  const waiting = doctorPage.getByTestId('waiting-threads').getByTestId('thread');
  await expect(waiting).toHaveCount(1);
  await expect(waiting).toContainText('Dizziness on the new tablets');
  await expect(waiting).toContainText(`Patient: ${patient.name}`);
  await expect(waiting.getByTestId('thread-unread')).toHaveText('1 unread');
  await expect(waiting.getByTestId('reply-by')).toContainText('Reply by');
  await shoot(doctorPage, 'messages-doctor-list');
  await waiting.getByRole('link', { name: 'Dizziness on the new tablets' }).click();
  const received = doctorPage.getByTestId('message').filter({ hasText: 'Since Monday I feel dizzy' });
  await expect(received).toHaveAttribute('data-sender', 'them');
  // Opened: the thread is read, and the badge goes.
  await expect(doctorPage.getByTestId('messages-unread')).toHaveCount(0);

  // The attachment opens in a tab, through the vault.
  const served = doctorPage.context().waitForEvent('response', (r) => r.url().includes('/api/v1/files/'));
  const tab = doctorPage.waitForEvent('popup');
  await received.getByRole('button', { name: 'Open the attachment Blood pressure diary' }).click();
  await tab;
  const file = await served;
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('application/pdf');

  // The patient sees the read mark without a reload.
  await expect(mine.getByTestId('receipt')).toHaveText(/^Read /, { timeout: 15_000 });
  await stillLoaded(page);

  // The doctor replies; the reply reaches the open thread, which marks it read.
  const reply = 'Please take the tablet in the evening from now on, and note your blood pressure each morning.';
  await doctorPage.getByLabel('Your reply').fill(reply);
  await doctorPage.getByRole('button', { name: 'Send reply' }).click();
  const sent = doctorPage.getByTestId('message').filter({ hasText: reply });
  await expect(sent.getByTestId('receipt')).toHaveText('Sent');
  await expect(doctorPage.getByLabel('Your reply')).toHaveValue('');
  const arrived = page.getByTestId('message').filter({ hasText: reply });
  await expect(arrived).toHaveAttribute('data-sender', 'them', { timeout: 15_000 });
  await stillLoaded(page);
  await expect(sent.getByTestId('receipt')).toHaveText(/^Read /, { timeout: 15_000 });
  await expect(page.getByTestId('messages-unread')).toHaveCount(0);
  await shoot(page, 'messages-thread-patient');
  await shoot(doctorPage, 'messages-thread-doctor');

  // The patient's list: the thread with its last activity, nothing unread.
  await nav(page).getByTestId('messages-link').click();
  const listed = page.getByTestId('threads').getByTestId('thread');
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(`With ${doctor.name}`);
  await expect(listed).toContainText(`from ${doctor.name}`);
  await expect(listed.getByTestId('thread-unread')).toHaveCount(0);
  await shoot(page, 'messages-list-patient');
});

test('a red flag in a patient\'s words brings the emergency notice and needs "Send anyway"; the doctor sees it urgent and acknowledges it; admins see who waits, never the words', async ({ browser, request }) => {
  test.setTimeout(150_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Rui Redflag', 'Check-up', { confirm: true });

  // The doctor promises three business days; the patient is told so.
  const doctorPage = await signedInPage(browser, doctor.email);
  await doctorPage.goto(`${base()}/doctor/practice`);
  await doctorPage.getByLabel('Reply to patients\' messages within (business days)').fill('3');
  await doctorPage.getByRole('button', { name: 'Save practice' }).click();
  await expect(doctorPage.getByText('Saved. Patients now see these hours.')).toBeVisible();
  await doctorPage.reload();
  await expect(doctorPage.getByLabel('Reply to patients\' messages within (business days)')).toHaveValue('3');

  const page = await signedInPage(browser, patient.email);
  // From the appointment: the message is about it.
  await page.goto(`${base()}/appointments`);
  await page.getByTestId('appointment').filter({ hasText: doctor.name }).first().getByRole('link').click();
  await page.getByTestId('message-about-visit').click();
  await expect(page.getByRole('heading', { name: 'New message', level: 1 })).toBeVisible();
  await expect(page.getByTestId('reply-time')).toContainText(`${doctor.name} answers within 3 business days: by `);
  const form = page.getByTestId('message-form');
  await form.getByLabel('Subject').fill('Since this morning');

  // Thoughts of self-harm bring the crisis message with the clinic's numbers.
  await form.getByLabel('Message').fill('Some days I want to die.');
  const crisis = page.getByTestId('message-crisis');
  await expect(crisis).toBeVisible();
  await expect(crisis.getByTestId('crisis-line')).toHaveText('988');
  await expect(crisis).not.toContainText('have been told');
  await expect(form.getByTestId('send-anyway')).toBeVisible();

  // Chest pain brings the emergency notice; only "Send anyway" sends.
  await form.getByLabel('Message').fill('I have chest pain and my left arm feels heavy.');
  await expect(crisis).toHaveCount(0);
  const notice = page.getByTestId('message-emergency');
  await expect(notice.getByTestId('emergency-notice')).toContainText('What you wrote may need emergency care. Call 112 now');
  await expect(notice).toContainText('Chest pain, pressure or tightness');
  await expect(form.getByRole('button', { name: 'Send message' })).toHaveCount(0);
  await shoot(page, 'messages-red-flag');
  await form.getByLabel('Subject').press('Enter');
  await expect(page.getByTestId('message-outcome')).toContainText('Send anyway');
  await expect(page).toHaveURL(/\/messages\/new/);
  await form.getByRole('button', { name: 'Send anyway' }).click();
  await expect(page).toHaveURL(/\/messages\/[0-9a-f-]+$/);
  const mine = page.getByTestId('message').filter({ hasText: 'chest pain' });
  await expect(mine.getByTestId('message-urgent')).toHaveText('Marked urgent for your doctor.');
  await expect(page.getByRole('link', { name: 'About a visit' })).toBeVisible();

  // Admins see the urgent thread: who and since when, not the subject or words.
  const codes = JSON.parse(process.env.MEDTRACK_E2E_GUARD_CODES ?? '[]') as string[];
  expect(codes.length).toBeGreaterThan(6);
  const admin = await signedInPage(browser, GUARD_EMAIL, ADMIN_PASSWORD, codes[6]);
  // From the dashboard's figure of messages past their reply time.
  await admin.getByTestId('overdue-messages-figure').click();
  await expect(admin.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await expect(admin.getByTestId('urgent-figure')).not.toHaveText('0');
  const row = admin.getByTestId('attention-row').filter({ hasText: patient.name });
  await expect(row).toContainText(doctor.name);
  await expect(row.getByTestId('attention-urgent')).toBeVisible();
  await expect(admin.locator('main')).not.toContainText('Since this morning');
  await expect(admin.locator('main')).not.toContainText('chest pain');
  await shoot(admin, 'messages-admin');

  // The doctor: urgent in the list, the flag named in the thread, acknowledged.
  await doctorPage.goto(`${base()}/messages`);
  const thread = doctorPage.getByTestId('waiting-threads').getByTestId('thread').filter({ hasText: 'Since this morning' });
  await expect(thread.getByTestId('urgent')).toBeVisible();
  await thread.getByRole('link', { name: 'Since this morning' }).click();
  await expect(doctorPage.getByTestId('urgent-thread')).toContainText('Chest pain, pressure or tightness');
  await expect(doctorPage.getByTestId('message-urgent')).toContainText('Urgent');
  await shoot(doctorPage, 'messages-urgent-doctor');
  await doctorPage.getByTestId('acknowledge').click();
  await expect(doctorPage.getByTestId('urgent-thread')).toHaveCount(0);
  await doctorPage.goto(`${base()}/messages`);
  await expect(doctorPage.getByTestId('thread').filter({ hasText: 'Since this morning' }).first().getByTestId('urgent')).toHaveCount(0);
});
