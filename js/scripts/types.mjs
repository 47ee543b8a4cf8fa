// types: openapi-typescript turns each spec into TypeScript types in a temp
// dir; a generated file builds every documented example as a typed value;
// tsc --strict --noEmit compiles them together.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { finish, jsDir, loadSpec, operations, repoDir, resolveRef, serviceName, specFiles } from "./specs.mjs";
import { generate } from "./tsexamples.mjs";

const bin = (n) => path.join(jsDir, "node_modules/.bin", n);

// firstRequestExample returns the value of the first JSON request example
// whose schema lists required properties.
function firstRequestExample(doc) {
  for (const { op } of operations(doc)) {
    const media = resolveRef(doc, op.requestBody)?.content?.["application/json"];
    const schema = resolveRef(doc, media?.schema);
    if (!schema?.required?.length) continue;
    const ex = Object.values(media.examples ?? {})[0];
    if (ex?.value && typeof ex.value === "object") return { value: ex.value, required: schema.required };
  }
  return null;
}

// Canaries (hand-written sample only): the check must bite on an example
// with an undocumented field and on one that lacks a required field.
const canaries = [
  [
    "undocumented field",
    (d) => {
      const ex = firstRequestExample(d);
      if (ex) ex.value.docspec_undocumented_field = "x";
      return ex;
    },
    "TS2353",
  ],
  [
    "missing required field",
    (d) => {
      const ex = firstRequestExample(d);
      if (ex) delete ex.value[ex.required[0]];
      return ex;
    },
    "TS2741",
  ],
];

function tsc(dir) {
  return spawnSync(bin("tsc"), ["-p", path.join(dir, "tsconfig.json"), "--pretty", "false"], { encoding: "utf8" });
}

function writeTsconfig(dir) {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: "es2022",
    module: "esnext",
    moduleResolution: "bundler",
    types: [],
    skipLibCheck: false,
  };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts"] }, null, 2));
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "docspec-types-"));
let passed = 0;
let failed = 0;

for (const spec of specFiles()) {
  const svc = serviceName(spec);
  const dir = path.join(tmp, svc);
  // The spec's own lint config (js/lint/<name>.yaml) when it has one, as in lint.mjs.
  const own = path.join(jsDir, "lint", path.basename(spec).replace(/\.(ya?ml|json)$/, ".yaml"));
  const config = fs.existsSync(own) ? own : path.join(jsDir, "redocly.yaml");
  // --empty-objects-unknown: an object schema that states no properties
  // admits any members (OpenAPI, JSON Schema); openapi-typescript's default
  // types it Record<string, never>, which refuses every documented example
  // of an "Array of objects" whose object no table describes (KMS tags).
  const r = spawnSync(bin("openapi-typescript"), [path.join(repoDir, spec), "--redocly", config, "--default-non-nullable=false", "--empty-objects-unknown", "-o", path.join(dir, `${svc}.ts`)], {
    encoding: "utf8",
  });
  if (r.status !== 0) {
    console.log(`types: ${spec}: openapi-typescript failed:\n${r.stdout}${r.stderr}`);
    failed++;
    continue;
  }
  const doc = loadSpec(spec);
  const { source, count, notes } = generate(doc, svc);
  writeFileSync(path.join(dir, `${svc}.examples.ts`), source);
  const placeholders = notes.filter((n) => n.includes("placeholder")).length;
  for (const n of notes.filter((n) => !n.includes("placeholder"))) console.log(`types: ${spec}: note: ${n}`);
  if (placeholders) {
    console.log(`types: ${spec}: note: ${placeholders} required parameters document no value; placeholders of their type stand in`);
  }
  writeTsconfig(dir);
  const t = tsc(dir);
  if (t.status === 0) {
    console.log(`types: ${spec}: ${count} example values compile against the generated types`);
    passed++;
  } else {
    console.log(`types: ${spec}: tsc --strict failed (files kept in ${dir}):\n${t.stdout}${t.stderr}`);
    failed++;
  }
  if (!spec.startsWith("js/testdata/")) continue;
  for (const [what, mutate, code] of canaries) {
    const bad = structuredClone(doc);
    if (!mutate(bad)) {
      console.log(`types: ${spec}: canary "${what}": no request example to mutate`);
      failed++;
      continue;
    }
    writeFileSync(path.join(dir, `${svc}.examples.ts`), generate(bad, svc).source);
    const c = tsc(dir);
    if (c.status !== 0 && c.stdout.includes(code)) {
      console.log(`types: ${spec}: canary "${what}" rejected by tsc (${code})`);
      passed++;
    } else {
      console.log(`types: ${spec}: canary "${what}" was NOT rejected (want ${code}):\n${c.stdout}`);
      failed++;
    }
  }
  writeFileSync(path.join(dir, `${svc}.examples.ts`), source);
}
if (failed === 0) rmSync(tmp, { recursive: true, force: true });
finish("types", passed, failed);
