import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { base, call, doctorAndPatient, shoot, signedInPage } from './support';

// "Download my data": the patient saves their whole record, in FHIR R4,
// as one file from their record page.

test('a patient downloads their whole record as one FHIR file', async ({ browser, request }) => {
  test.setTimeout(90_000);
  const { doctor, patient } = await doctorAndPatient(request, 'Dora Export', 'Annual review');
  await call(request, doctor.token, 'POST', `/patients/${patient.id}/problems`, { name: 'Hay fever' });
  await call(request, patient.token, 'POST', `/patients/${patient.id}/mood`, { score: 8, note: 'A good week' });

  const page = await signedInPage(browser, patient.email);
  await page.goto(`${base()}/record`);
  const section = page.getByTestId('download-my-data');
  await expect(section.getByRole('heading', { name: 'Download my data' })).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await shoot(page, 'record-download');
  const saved = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Download my data' }).click();
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/^medtrack-record-\d{4}-\d{2}-\d{2}\.json$/);
  await expect(page.getByText('Your record was saved.')).toBeVisible();

  const bundle = JSON.parse(await readFile(await file.path(), 'utf8'));
  expect(bundle.resourceType).toBe('Bundle');
  expect(bundle.type).toBe('searchset');
  const resources = bundle.entry.map((e: { resource: { resourceType: string } }) => e.resource);
  expect(bundle.total).toBe(bundle.entry.filter((e: { search: { mode: string } }) => e.search.mode === 'match').length);
  const types = new Set(resources.map((r: { resourceType: string }) => r.resourceType));
  for (const kind of ['Patient', 'Practitioner', 'Appointment', 'Condition', 'Observation']) {
    expect(types.has(kind), kind).toBe(true);
  }
  const me = resources.find((r: { resourceType: string }) => r.resourceType === 'Patient');
  expect(me.id).toBe(patient.id);
  expect(resources.find((r: { resourceType: string; code?: { text?: string } }) => r.resourceType === 'Condition')?.code?.text).toBe('Hay fever');
});
