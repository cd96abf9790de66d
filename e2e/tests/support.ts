import { createHmac } from 'node:crypto';
import { expect, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';

/** The server global-setup started. */
export const base = () => {
  const url = process.env.MEDTRACK_E2E_URL;
  if (!url) throw new Error('MEDTRACK_E2E_URL is not set: global-setup did not run');
  return url;
};

function base32(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of secret.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The code an authenticator app shows (RFC 6238), `steps` steps of 30 s ahead. */
export function totp(secret: string, steps = 0): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + steps));
  const hash = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = hash[hash.length - 1] & 15;
  return ((hash.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

export const PASSWORD = 'correct horse battery staple orbit';

/** Registers a patient through the API; answers their email. */
export async function registeredPatient(request: APIRequestContext, name: string): Promise<string> {
  return (await newPatient(request, name)).email;
}

/** Registers a doctor through the API, waiting for approval. */
export async function registeredDoctor(request: APIRequestContext, email: string, name: string, specialization = 'family-medicine') {
  const registered = await request.post(`${base()}/api/v1/auth/register`, {
    data: {
      role: 'doctor', name, email, password: PASSWORD,
      time_zone: 'America/New_York', specialization, licence_number: 'CO-1867',
    },
  });
  expect(registered.status()).toBe(201);
  return registered.json();
}

/** Registers a doctor and has the operations admin (two-factor on) approve them. */
export async function approvedDoctor(request: APIRequestContext, email: string, name: string, specialization = 'family-medicine') {
  const doctor = await registeredDoctor(request, email, name, specialization);
  // The operations admin, signed in with two-factor sign-in by global-setup.
  const decided = await request.post(`${base()}/api/v1/admin/users/${doctor.id}/decision`, {
    headers: { authorization: `Bearer ${process.env.MEDTRACK_E2E_OPS_TOKEN}` },
    data: { decision: 'approve' },
  });
  expect(decided.status()).toBe(200);
}

/** Signs in on the sign-in page, with a code when the account asks for one. */
export async function signInAs(page: Page, email: string, password = PASSWORD, code?: string) {
  await page.goto(`${base()}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (code) {
    await page.getByLabel('Code from your authenticator app').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(page.getByRole('heading', { name: /^Welcome/ })).toBeVisible();
}

/** A page in a browser context of its own, signed in as `email` (see `signInAs`). */
export async function signedInPage(browser: Browser, email: string, password = PASSWORD, code?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAs(page, email, password, code);
  return page;
}

/** Registers a patient through the API; answers their email and id. */
export async function newPatient(request: APIRequestContext, name: string): Promise<{ email: string; id: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@example.org`;
  const registered = await request.post(`${base()}/api/v1/auth/register`, {
    data: { role: 'patient', name, email, password: PASSWORD, time_zone: 'Europe/Lisbon', date_of_birth: '1985-06-01' },
  });
  expect(registered.status()).toBe(201);
  return { email, id: (await registered.json()).id };
}

/** The operations admin's token (two-factor on), made by global-setup. */
export const opsToken = () => {
  const token = process.env.MEDTRACK_E2E_OPS_TOKEN;
  if (!token) throw new Error('MEDTRACK_E2E_OPS_TOKEN is not set: global-setup did not run');
  return token;
};

/** The link of the newest email with `event` (e.g. `account.password_reset`)
 * to `to`, read from the development sink as an admin; on this server's
 * origin, with its `#token=` fragment. */
export async function emailedLink(request: APIRequestContext, to: string, event: string): Promise<string> {
  let link = '';
  await expect(async () => {
    const answer = await request.get(`${base()}/api/v1/admin/sent-messages?limit=100`, {
      headers: { authorization: `Bearer ${opsToken()}` },
    });
    expect(answer.status()).toBe(200);
    const { items } = (await answer.json()) as { items: { to: string; event: string; channel: string; body: string }[] };
    const letter = items.find((m) => m.to === to && m.event === event && m.channel === 'email');
    expect(letter, `an email ${event} to ${to}`).toBeTruthy();
    const found = letter!.body.match(/https?:\/\/\S+#token=[^\s]+/);
    expect(found, `a link in ${letter!.body}`).toBeTruthy();
    const url = new URL(found![0]);
    link = `${base()}${url.pathname}${url.hash}`;
  }).toPass({ timeout: 15_000 });
  return link;
}

/** Confirms `email`'s address with the link the server emailed to it, as
 * its owner would by opening it. */
export async function confirmedEmail(request: APIRequestContext, email: string) {
  const link = await emailedLink(request, email, 'account.confirm_email');
  const token = decodeURIComponent(link.split('#token=')[1]);
  const confirmed = await request.post(`${base()}/api/v1/auth/confirm-email`, { data: { token } });
  expect(confirmed.status()).toBe(204);
}

/**
 * Watches pages for Content-Security-Policy violations: the browser's
 * `securitypolicyviolation` events and the console's CSP reports. Pages
 * made with {@link CspWatch.newPage} (or contexts given to
 * {@link CspWatch.watch}) are watched from their first script on; call
 * {@link CspWatch.check} at the end of the test.
 */
export class CspWatch {
  readonly violations: string[] = [];

  async watch(context: BrowserContext) {
    await context.exposeBinding('__medtrackCspViolation', ({ page }, text: string) => {
      this.violations.push(`${page?.url() ?? '?'}: ${text}`);
    });
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        const report = (window as unknown as { __medtrackCspViolation: (t: string) => void }).__medtrackCspViolation;
        report(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
      });
    });
    context.on('console', (message) => {
      if (/Content[ -]Security[ -]Policy/i.test(message.text())) {
        this.violations.push(`${message.page()?.url() ?? '?'}: console: ${message.text()}`);
      }
    });
  }

  /** A page in a new context, watched. */
  async newPage(browser: Browser, options?: BrowserContextOptions): Promise<Page> {
    const context = await browser.newContext(options);
    await this.watch(context);
    return context.newPage();
  }

  /** Fails the test if any page broke the policy. */
  check() {
    expect(this.violations, 'Content-Security-Policy violations').toEqual([]);
  }
}

/** Where screenshots of pages go (MEDTRACK_E2E_SHOTS, or artifacts/shots). */
const shots = () => process.env.MEDTRACK_E2E_SHOTS ?? 'artifacts/shots';

/** Screenshots of the page as it is, at desktop width (1280) and on a phone
 * (390), checking the phone layout does not scroll sideways. */
export async function shoot(page: Page, name: string) {
  const before = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${shots()}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => {
    const over = document.documentElement.scrollWidth - window.innerWidth;
    if (over <= 0) return [];
    return [...document.querySelectorAll('main *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${(e.textContent ?? '').slice(0, 40)}`);
  });
  expect(wide, `${name} fits a phone's width`).toEqual([]);
  await page.screenshot({ path: `${shots()}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(before);
}

/** Calls the API as `token`; fails the test when it refuses. */
export async function call(request: APIRequestContext, token: string, method: string, path: string, data?: object) {
  const answer = await request.fetch(`${base()}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}` }, data });
  expect(answer.ok(), `${method} ${path}: ${answer.status()} ${await answer.text()}`).toBe(true);
  return answer.status() === 204 ? undefined : answer.json();
}

/** Uploads `file` to `patient`'s document vault as `token` (the query
 * says what it is: `title=…&category=…&about=…`); answers the document. */
export async function uploadDocument(request: APIRequestContext, token: string, patient: string, query: string, file: Buffer) {
  const answer = await request.post(`${base()}/api/v1/patients/${patient}/documents?${query}`, {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, data: file,
  });
  expect(answer.status(), `upload: ${await answer.text()}`).toBe(201);
  return answer.json();
}

/** The access token of `email` signed in with the tests' password. */
export async function tokenOf(request: APIRequestContext, email: string): Promise<string> {
  const answer = await request.post(`${base()}/api/v1/auth/login`, { data: { email, password: PASSWORD } });
  expect(answer.status(), `sign-in of ${email}`).toBe(200);
  return (await answer.json()).access_token;
}

/** A fixed-offset zone where it is about noon now, and its dates. */
export function zoneAtNoon(): { zone: string; today: string; tomorrow: string } {
  const offset = 12 - new Date().getUTCHours();
  const zone = offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
  const day = (d: number) => new Date(Date.now() + offset * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);
  return { zone, today: day(0), tomorrow: day(1) };
}

/**
 * A doctor with hours all day (their fee EUR 50.00) and a patient who
 * booked them for `reason` (a care relationship), the visit confirmed when
 * asked; answers both and the visit's id.
 */
export async function doctorAndPatient(request: APIRequestContext, name: string, reason: string, options = { confirm: false }) {
  const stamp = Date.now();
  const doctorEmail = `doctor-${stamp}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const doctorName = `Doctor Sousa ${stamp % 100_000}`;
  await approvedDoctor(request, doctorEmail, doctorName);
  const doctorToken = await tokenOf(request, doctorEmail);
  const doctorId = (await call(request, doctorToken, 'GET', '/me')).id as string;
  const { zone, today, tomorrow } = zoneAtNoon();
  const week = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  await call(request, doctorToken, 'PUT', '/doctors/me/practice', {
    bio: 'Family medicine.', fee_minor_units: 5000, currency: 'EUR', time_zone: zone, slot_minutes: 30,
    weekly_hours: week.map((weekday) => ({ weekday, start: '00:00', end: '23:30' })),
    exceptions: [],
  });
  const patient = await newPatient(request, name);
  const patientToken = await tokenOf(request, patient.email);
  const { slots } = await call(request, patientToken, 'GET', `/doctors/${doctorId}/slots?from=${today}&to=${tomorrow}&time_zone=${encodeURIComponent(zone)}`);
  const visit = (await call(request, patientToken, 'POST', '/appointments', {
    doctor_id: doctorId, starts_at: slots[2].starts_at, reason, priority: 'normal',
  })).id as string;
  if (options.confirm) {
    await call(request, doctorToken, 'POST', `/appointments/${visit}/actions`, { action: 'confirm' });
  }
  return { doctor: { email: doctorEmail, name: doctorName, token: doctorToken, id: doctorId }, patient: { ...patient, name, token: patientToken }, visit };
}

/** A one-page PDF saying `text`; `padding` bytes of comment make it larger. */
export function pdf(text: string, padding = 0): Buffer {
  const content = `BT /F1 18 Tf 20 72 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 320 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  if (padding > 0) body += `${'% padding\n'.repeat(Math.ceil(padding / 10))}`;
  const offsets: number[] = [];
  objects.forEach((object, n) => {
    offsets.push(Buffer.byteLength(body));
    body += `${n + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body);
}
