import { expect, test, type Page } from '@playwright/test';
import { registeredPatient, signInAs } from './support';

/** An error body as the server sends it. */
const error = (code: string, message: string) => JSON.stringify({ error: { code, message, fields: {} } });

/** The inbox's list (not its unread count). */
const inboxList = (url: URL) => url.pathname === '/api/v1/me/notifications';

/** The inbox link of the header: client-side navigation, the token stays in memory. */
const openInbox = (page: Page) => page.getByTestId('inbox-link').click();

test('a call refused with 401 renews the session once and is sent again', async ({ page, request }) => {
  await signInAs(page, await registeredPatient(request, 'Renewed Patient'));
  const renewals: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/auth/refresh')) renewals.push(r.url());
  });
  let refused = 0;
  await page.route(inboxList, async (route) => {
    if (refused === 0) {
      refused += 1;
      await route.fulfill({ status: 401, contentType: 'application/json', body: error('unauthenticated', 'Sign in first.') });
    } else {
      await route.continue();
    }
  });
  await openInbox(page);
  await expect(page.getByTestId('inbox-empty')).toBeVisible();
  expect(refused).toBe(1);
  expect(renewals).toHaveLength(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('when the session cannot be renewed the person is sent to sign in', async ({ page, request }) => {
  await signInAs(page, await registeredPatient(request, 'Ended Patient'));
  await page.route('**/api/v1/auth/refresh', (route) =>
    route.fulfill({ status: 401, contentType: 'application/json', body: error('session_ended', 'Your session has ended.') }));
  await page.route(inboxList, (route) =>
    route.fulfill({ status: 401, contentType: 'application/json', body: error('unauthenticated', 'Sign in first.') }));
  await openInbox(page);
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});

test('a failed action says why, next to its button', async ({ page, request }) => {
  await signInAs(page, await registeredPatient(request, 'Failing Patient'));
  const unavailable = { status: 503, contentType: 'application/json', body: error('unavailable', 'The service is not ready; try again shortly.') };
  await page.route('**/api/v1/me/notifications/read-all', (route) => route.fulfill(unavailable));
  await openInbox(page);
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('alert')).toHaveText('The service is not ready; try again shortly.');

  await page.route('**/api/v1/me/calendar-feed', (route) =>
    route.request().method() === 'PUT' ? route.fulfill(unavailable) : route.continue());
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
  await page.getByRole('button', { name: 'Make a feed address' }).click();
  await expect(page.getByRole('alert')).toHaveText('The service is not ready; try again shortly.');
  await expect(page.getByTestId('feed-url')).toHaveCount(0);
});
