// Checks validate.mjs's two validators before the server's output is trusted
// to them: valid R4 examples pass both; each known-bad case is rejected by
// each validator that handles it, and the known gaps stay pinned (a gap that
// closes fails its test, so the table below is kept true).
//   node --test e2e/fhir/
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadOfficialSchema, main, resourcesIn, validateResource } from "./validate.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const clone = (v) => structuredClone(v);
const coding = (system, code) => ({ coding: [{ system, code }] });
const TERM = "http://terminology.hl7.org/CodeSystem";
const patientRef = { reference: "Patient/p1" };
const doctorRef = { reference: "Practitioner/d1" };

const patient = {
  resourceType: "Patient",
  id: "p1",
  active: true,
  name: [{ family: "Doe", given: ["Jane"] }],
  telecom: [{ system: "email", value: "jane@example.org", use: "home" }],
  gender: "female",
  birthDate: "1990-01-01",
};
const observation = {
  resourceType: "Observation",
  id: "bp1",
  status: "final",
  category: [coding(`${TERM}/observation-category`, "vital-signs")],
  code: { coding: [{ system: "http://loinc.org", code: "85354-9", display: "Blood pressure panel" }] },
  subject: patientRef,
  effectiveDateTime: "2024-05-01T09:30:00+02:00",
  component: [
    { code: coding("http://loinc.org", "8480-6"), valueQuantity: { value: 120, unit: "mmHg", system: "http://unitsofmeasure.org", code: "mm[Hg]" } },
    { code: coding("http://loinc.org", "8462-4"), valueQuantity: { value: 80, unit: "mmHg", system: "http://unitsofmeasure.org", code: "mm[Hg]" } },
  ],
};
const allergy = {
  resourceType: "AllergyIntolerance",
  id: "al1",
  clinicalStatus: coding(`${TERM}/allergyintolerance-clinical`, "active"),
  verificationStatus: coding(`${TERM}/allergyintolerance-verification`, "confirmed"),
  type: "allergy",
  category: ["medication"],
  criticality: "high",
  code: { text: "Penicillin" },
  patient: patientRef,
  recordedDate: "2024-05-01",
  reaction: [{ manifestation: [{ text: "Hives" }], severity: "moderate" }],
};
const condition = {
  resourceType: "Condition",
  id: "c1",
  clinicalStatus: coding(`${TERM}/condition-clinical`, "active"),
  verificationStatus: coding(`${TERM}/condition-ver-status`, "confirmed"),
  code: { text: "Hypertension" },
  subject: patientRef,
  recordedDate: "2024-05-01",
};
const appointment = {
  resourceType: "Appointment",
  id: "a1",
  status: "booked",
  start: "2024-05-01T09:00:00Z",
  end: "2024-05-01T09:30:00Z",
  participant: [
    { actor: patientRef, status: "accepted" },
    { actor: doctorRef, status: "accepted" },
  ],
};
const searchset = {
  resourceType: "Bundle",
  id: "s1",
  type: "searchset",
  total: 3,
  link: [{ relation: "self", url: "http://localhost/fhir/Patient?_id=p1" }],
  entry: [patient, observation, condition].map((r) => ({
    fullUrl: `http://localhost/fhir/${r.resourceType}/${r.id}`,
    resource: r,
    search: { mode: "match" },
  })),
};
// One of every other type the server will emit, to catch false alarms.
const others = [
  { resourceType: "Practitioner", id: "d1", active: true, name: [{ family: "House", given: ["Greg"], prefix: ["Dr."] }] },
  { resourceType: "PractitionerRole", id: "r1", active: true, practitioner: doctorRef, specialty: [coding("http://snomed.info/sct", "394579002")] },
  appointment,
  {
    resourceType: "Encounter", id: "e1", status: "finished",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "AMB" },
    subject: patientRef, participant: [{ individual: doctorRef }],
    period: { start: "2024-05-01T09:00:00Z", end: "2024-05-01T09:30:00Z" },
  },
  {
    resourceType: "MedicationRequest", id: "m1", status: "active", intent: "order",
    medicationCodeableConcept: { text: "Amoxicillin 500 mg" }, subject: patientRef,
    authoredOn: "2024-05-01", requester: doctorRef,
    dosageInstruction: [{ text: "1 capsule 3 times a day", timing: { repeat: { frequency: 3, period: 1, periodUnit: "d" } } }],
  },
  {
    resourceType: "MedicationAdministration", id: "ma1", status: "completed",
    medicationCodeableConcept: { text: "Amoxicillin 500 mg" }, subject: patientRef,
    effectiveDateTime: "2024-05-01T08:00:00Z",
  },
  {
    resourceType: "DocumentReference", id: "doc1", status: "current", type: { text: "Visit summary" },
    subject: patientRef, date: "2024-05-01T10:00:00Z",
    content: [{ attachment: { contentType: "application/pdf", url: "http://localhost/files/doc1", title: "Summary" } }],
  },
  { resourceType: "Coverage", id: "cov1", status: "active", beneficiary: patientRef, payor: [{ reference: "Organization/o1" }] },
  { resourceType: "Invoice", id: "inv1", status: "issued", subject: patientRef, date: "2024-05-01", totalGross: { value: 100, currency: "EUR" } },
  {
    resourceType: "Claim", id: "cl1", status: "active", type: coding(`${TERM}/claim-type`, "professional"), use: "claim",
    patient: patientRef, created: "2024-05-01", provider: doctorRef, priority: coding(`${TERM}/processpriority`, "normal"),
    insurance: [{ sequence: 1, focal: true, coverage: { reference: "Coverage/cov1" } }],
  },
  {
    resourceType: "CapabilityStatement", id: "cs", status: "active", date: "2024-05-01", kind: "instance",
    implementation: { description: "MedTrack" }, fhirVersion: "4.0.1", format: ["json"],
    rest: [{ mode: "server", resource: [{ type: "Patient", interaction: [{ code: "read" }, { code: "search-type" }] }] }],
  },
  { resourceType: "OperationOutcome", id: "oo1", issue: [{ severity: "error", code: "not-found", diagnostics: "Patient/p9 not found" }] },
];

// Issues of every resource in `value` (a Bundle's entries too), by validator.
function issuesOf(value) {
  const out = { "json-schema": [], "fhir.js": [] };
  for (const { resource } of resourcesIn(value)) {
    for (const i of validateResource(resource)) out[i.validator].push(`${i.path}: ${i.message}`);
  }
  return out;
}

test("the schema is HL7's R4 4.0.1 fhir.schema.json", () => {
  const schema = loadOfficialSchema(); // throws unless it hashes to HL7's file
  assert.equal(schema.$schema, "http://json-schema.org/draft-06/schema#");
  assert.equal(schema.id, "http://hl7.org/fhir/json-schema/4.0");
  assert.ok(schema.definitions.CapabilityStatement.properties.fhirVersion.enum.includes("4.0.1"));
});

test("fhir.js carries R4 4.0.1 definitions", () => {
  const { Fhir } = require("fhir");
  const parser = new Fhir().parser;
  const gender = parser.parsedStructureDefinitions.Patient._properties.find((p) => p._name === "gender");
  assert.equal(gender._valueSet, "http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1");
  const versions = parser.parsedValueSets["http://hl7.org/fhir/ValueSet/FHIR-version"].systems[0].codes;
  assert.ok(versions.some((c) => c.code === "4.0.1"));
});

const good = { patient, searchset, observation, allergy, ...Object.fromEntries(others.map((r) => [r.resourceType, r])) };
for (const [name, resource] of Object.entries(good)) {
  test(`valid ${name} passes both validators`, () => {
    assert.deepEqual(issuesOf(resource), { "json-schema": [], "fhir.js": [] });
  });
}

// [case, the bad resource, what json-schema reports (null: a known gap),
//  what fhir.js reports (null: a known gap)]; a report is a prefix of one
// issue's "path: message".
const bad = [
  ["gender outside its value set", { ...patient, gender: "unknown-value" }, "Patient.gender: must be one of", 'Patient.gender: Code "unknown-value"'],
  ["unknown property foo", { ...patient, foo: "bar" }, "Patient.foo: unknown property", "Patient.foo: Unexpected property"],
  ["Condition without subject", (({ subject, ...c }) => c)(condition), "Condition.subject: missing", "Condition.subject: Missing property"],
  ["searchset entry without resource (bdl-5)", { ...searchset, entry: [{ fullUrl: "http://localhost/fhir/Patient/p1", search: { mode: "match" } }] }, null, null],
  ["birthDate as a number", { ...patient, birthDate: 19900101 }, "Patient.birthDate: must be string", null],
  ["birthDate not a date", { ...patient, birthDate: "1990-13-45" }, 'Patient.birthDate: "1990-13-45" does not match', null],
  ["instant without time zone", { ...appointment, start: "2024-05-01T09:00:00" }, "Appointment.start: ", null],
  ["Appointment without status", (({ status, ...a }) => a)(appointment), null, "Appointment.status: Missing property"],
  ["clinicalStatus code outside its required value set", { ...allergy, clinicalStatus: coding(`${TERM}/allergyintolerance-clinical`, "bogus") }, null, 'AllergyIntolerance.clinicalStatus: Code "bogus"'],
  ["reference to a type the element does not allow", { ...condition, subject: doctorRef }, null, "Condition.subject: Invalid type for reference"],
  ["reference that is not a string", { ...condition, subject: { reference: 5 } }, "Condition.subject.reference: must be string", "Condition: validator crashed"],
  ["unknown resource type", { resourceType: "Patients", id: "x" }, "Patients.resourceType: unknown resource type", "Patients: Resource does not have resourceType"],
  ["bad resource inside a searchset entry", { ...searchset, entry: [{ resource: { ...patient, gender: "x" } }] }, "Patient.gender: must be one of", 'Patient.gender: Code "x"'],
  ["bad contained resource", { ...condition, contained: [{ resourceType: "Medication", id: "med", bogus: 1 }] }, "Condition.contained[0].bogus: unknown property", "Medication.bogus: Unexpected property"],
];
for (const [name, resource, bySchema, byFhirjs] of bad) {
  for (const [validator, expected] of [["json-schema", bySchema], ["fhir.js", byFhirjs]]) {
    const what = expected === null ? "misses (known gap)" : "rejects";
    test(`${validator} ${what}: ${name}`, () => {
      const found = issuesOf(clone(resource))[validator];
      if (expected === null) assert.deepEqual(found, []);
      else assert.ok(found.some((i) => i.startsWith(expected)), `no "${expected}…" in ${JSON.stringify(found)}`);
    });
  }
}

test("every bad case is caught by at least one validator, but bdl-5", () => {
  const missedByBoth = bad.filter(([, , s, f]) => s === null && f === null).map(([name]) => name);
  assert.deepEqual(missedByBoth, ["searchset entry without resource (bdl-5)"]);
});

function withFiles(files, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhir-validate-"));
  try {
    const paths = Object.entries(files).map(([name, body]) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, typeof body === "string" ? body : JSON.stringify(body));
      return p;
    });
    return fn(paths);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("CLI: counts every resource, a Bundle's entries and arrays' items", () => {
  withFiles({ "bundle.json": searchset, "list.json": [patient, allergy] }, (paths) => {
    const lines = [];
    assert.equal(main(paths, (l) => lines.push(l)), 0);
    assert.deepEqual(lines, ["6 resources checked, 0 errors"]);
  });
});

test("CLI: one line per error, exit 1", () => {
  const bundle = { ...searchset, entry: [{ resource: { ...patient, id: undefined, gender: "x" } }] };
  withFiles({ "bad.json": bundle }, ([file]) => {
    const lines = [];
    assert.equal(main([file], (l) => lines.push(l)), 1);
    assert.deepEqual(lines, [
      `${file}: Patient/#entry[0]: json-schema: Patient.gender: must be one of: male, female, other, unknown`,
      `${file}: Patient/#entry[0]: fhir.js: Patient.gender: Code "x" not found in value set`,
      "2 resources checked, 2 errors",
    ]);
  });
});

test("CLI: unreadable input exits 2", () => {
  withFiles({ "broken.json": "{", "scalar.json": "5" }, (paths) => {
    const lines = [];
    assert.equal(main([...paths, paths[0] + ".missing"], (l) => lines.push(l)), 2);
    assert.equal(lines.length, 4);
    assert.ok(lines.slice(0, 3).every((l) => l.includes(": unreadable: ")));
  });
});

test("CLI: the command's exit code and output", () => {
  withFiles({ "good.json": patient, "bad.json": { ...patient, foo: 1 } }, (paths) => {
    const run = spawnSync(process.execPath, [path.join(here, "validate.mjs"), ...paths], { encoding: "utf8" });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /bad\.json: Patient\/p1: json-schema: Patient\.foo: unknown property\n/);
    assert.match(run.stdout, /\n2 resources checked, 2 errors\n$/);
  });
});
