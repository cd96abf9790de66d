import { expect, test } from '@playwright/test';
import { base, CspWatch, emailedLink, newPatient, PASSWORD, shoot, signInAs } from './support';

const NEW_PASSWORD = 'lighthouse keepers count the autumn gulls';

test('a forgotten password is reset from the emailed link, and the new one signs in', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  const { email } = await newPatient(request, 'Forgetful Patient');

  await page.goto(`${base()}/signin`);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await shoot(page, 'sign-in');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('maxlength', '254');
  // The shared rule refuses a malformed address before anything is sent.
  await page.getByLabel('Email').fill('not an address');
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.locator('#email-error')).toHaveText('must be an email address');
  await shoot(page, 'forgot-password');
  // The answer is the same whether or not the address has an account.
  await page.getByLabel('Email').fill(`nobody-${Date.now()}@example.org`);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByTestId('reset-sent')).toContainText('If an account exists for nobody-');
  await page.getByRole('button', { name: 'Use another address' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByTestId('reset-sent')).toContainText(`If an account exists for ${email}, we sent it a link`);
  await shoot(page, 'forgot-password-sent');

  const link = await emailedLink(request, email, 'account.password_reset');
  expect(link).toMatch(/\/reset-password#token=/);
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  // The secret leaves the address bar (and the history) once read.
  await expect(page).toHaveURL(/\/reset-password$/);
  await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('New password again').fill(`${NEW_PASSWORD}!`);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.locator('#confirm-password-error')).toHaveText('does not match the new password');
  await expect(page.getByText(/^Strength: (strong|very strong)$/)).toBeVisible();
  await shoot(page, 'reset-password');
  await page.getByLabel('New password again').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByTestId('reset-done')).toContainText('Your password is changed.');
  await shoot(page, 'reset-password-done');

  // The old password no longer works; the new one does.
  const old = await request.post(`${base()}/api/v1/auth/login`, { data: { email, password: PASSWORD } });
  expect(old.status()).toBe(401);
  await page.getByRole('link', { name: 'Sign in' }).last().click();
  await expect(page).toHaveURL(/\/signin$/);
  await signInAs(page, email, NEW_PASSWORD);

  // The link worked once.
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(`${NEW_PASSWORD} again`);
  await page.getByLabel('New password again').fill(`${NEW_PASSWORD} again`);
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(page.getByTestId('link-problem')).toContainText('This link has expired or was already used.');
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
  await shoot(page, 'reset-password-used-link');
  // Without a secret the page says how to get one.
  await page.goto(`${base()}/reset-password`);
  await expect(page.getByTestId('link-problem')).toContainText('missing or incomplete');
  csp.check();
});

test('a new patient confirms their address from the emailed link; asking again says it is confirmed', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  const { email } = await newPatient(request, 'Confirming Patient');
  await signInAs(page, email);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  const status = page.getByTestId('email-confirmation');
  await expect(status).toContainText(email);
  await expect(status).toContainText('Not confirmed yet');

  // The registration's link went out less than a minute ago (429).
  await page.getByRole('button', { name: 'Send confirmation link again' }).click();
  await expect(page.getByTestId('confirmation-message')).toContainText('less than a minute ago');
  await shoot(page, 'account-email-unconfirmed');
  // A new link (202), as the server answers a minute later.
  await page.route('**/api/v1/me/email-confirmation', (route) => route.fulfill({ status: 202, body: '' }), { times: 1 });
  await page.getByRole('button', { name: 'Send confirmation link again' }).click();
  await expect(page.getByTestId('confirmation-message')).toContainText(`We sent a new link to ${email}.`);

  // The link, opened in another tab of the same browser (signed in there too).
  const link = await emailedLink(request, email, 'account.confirm_email');
  expect(link).toMatch(/\/confirm-email#token=/);
  const tab = await page.context().newPage();
  await tab.goto(link);
  await expect(tab.getByTestId('email-confirmed')).toContainText('Your email address is confirmed.');
  await expect(tab).toHaveURL(/\/confirm-email$/);
  await shoot(tab, 'confirm-email-done');
  // The link works once; the address stays confirmed.
  await tab.goto(link);
  await expect(tab.getByTestId('link-problem')).toContainText('This link has expired or was already used.');
  await expect(tab.getByTestId('already-confirmed')).toBeVisible();
  await shoot(tab, 'confirm-email-used-link');

  // The first tab still offers a link; the server says it is confirmed (409).
  await page.getByRole('button', { name: 'Send confirmation link again' }).click();
  await expect(page.getByTestId('confirmation-message')).toContainText('already confirmed');
  await expect(status).toContainText('Confirmed');
  await page.reload();
  await expect(status).toContainText('Confirmed');
  await expect(page.getByRole('button', { name: 'Send confirmation link again' })).toHaveCount(0);
  await shoot(page, 'account-email-confirmed');
  csp.check();
});

test('a confirmation link that no longer works asks a signed-out visitor to sign in for a new one', async ({ browser, request }) => {
  const csp = new CspWatch();
  const page = await csp.newPage(browser);
  const { email } = await newPatient(request, 'Late Patient');
  const link = await emailedLink(request, email, 'account.confirm_email');
  await page.goto(link.replace(/#token=.*/, '#token=not-the-secret'));
  await expect(page.getByTestId('link-problem')).toContainText('This link has expired or was already used.');
  await expect(page.getByText('Sign in, then ask for a new link on your account page.')).toBeVisible();
  await shoot(page, 'confirm-email-dead-link-signed-out');
  // The real link still works.
  await page.goto(link);
  await expect(page.getByTestId('email-confirmed')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' }).last()).toBeVisible();
  csp.check();
});
