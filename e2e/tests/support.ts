import { createHmac } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

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
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Date.now()}@example.org`;
  const registered = await request.post(`${base()}/api/v1/auth/register`, {
    data: { role: 'patient', name, email, password: PASSWORD, time_zone: 'Europe/Lisbon', date_of_birth: '1985-06-01' },
  });
  expect(registered.status()).toBe(201);
  return email;
}

/** Registers a doctor through the API, waiting for approval. */
export async function registeredDoctor(request: APIRequestContext, email: string, name: string) {
  const registered = await request.post(`${base()}/api/v1/auth/register`, {
    data: {
      role: 'doctor', name, email, password: PASSWORD,
      time_zone: 'America/New_York', specialization: 'family-medicine', licence_number: 'CO-1867',
    },
  });
  expect(registered.status()).toBe(201);
  return registered.json();
}

/** Registers a doctor and has the operations admin (two-factor on) approve them. */
export async function approvedDoctor(request: APIRequestContext, email: string, name: string) {
  const doctor = await registeredDoctor(request, email, name);
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
