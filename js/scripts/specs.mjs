// Shared helpers: which specs to check and how to read them.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

export const jsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const repoDir = path.resolve(jsDir, "..");

// specFiles returns the specs to check, as paths relative to the repo root:
// the arguments if any, else every spec/*.yaml plus js/testdata/*.yaml (the
// hand-written sample keeps the scripts honest before real specs exist).
export function specFiles(argv = process.argv.slice(2)) {
  if (argv.length > 0) return argv.map((f) => path.relative(repoDir, path.resolve(f)));
  const out = [];
  for (const dir of ["spec", "js/testdata"]) {
    const abs = path.join(repoDir, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort()) {
      if (f.endsWith(".yaml")) out.push(`${dir}/${f}`);
    }
  }
  return out;
}

export function loadSpec(rel) {
  const text = readFileSync(path.join(repoDir, rel), "utf8");
  return YAML.parse(text, { maxAliasCount: -1 });
}

// serviceName is the spec's file name without extension: otc-apig.
export function serviceName(rel) {
  return path.basename(rel).replace(/\.ya?ml$/, "");
}

export const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// resolveRef follows a local "#/a/b" reference (repeatedly) in doc.
export function resolveRef(doc, obj) {
  let seen = 0;
  while (obj && typeof obj === "object" && typeof obj.$ref === "string") {
    if (!obj.$ref.startsWith("#/")) throw new Error(`non-local $ref ${obj.$ref}`);
    obj = pointer(doc, obj.$ref.slice(1));
    if (++seen > 64) throw new Error(`$ref loop at ${obj.$ref}`);
  }
  return obj;
}

export function pointer(doc, ptr) {
  let cur = doc;
  for (const raw of ptr.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (cur == null || !(key in cur)) throw new Error(`unresolved pointer ${ptr}`);
    cur = cur[key];
  }
  return cur;
}

export function escapePointer(s) {
  return String(s).replace(/~/g, "~0").replace(/\//g, "~1");
}

// operations lists {path, method, op, where} in document order.
export function operations(doc) {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const m of httpMethods) {
      if (item[m]) out.push({ path: p, method: m, op: item[m], item, where: `${m.toUpperCase()} ${p}` });
    }
  }
  return out;
}

// mediaExamples returns [{name, value, contradiction}] of a media type
// object: its examples, and the entries of x-docspec-evidence, whose
// x-docspec-contradiction is the emitter's statement that the page's example
// breaks the page's own tables, so it must NOT validate.
export function mediaExamples(doc, media) {
  const out = [];
  if (media == null) return out;
  if ("example" in media) out.push({ name: "example", value: media.example });
  for (const [k, ex] of Object.entries(media.examples ?? {})) {
    const e = resolveRef(doc, ex);
    if (e && "value" in e) out.push({ name: k, value: e.value, contradiction: e["x-docspec-contradiction"] });
  }
  for (const [k, e] of Object.entries(media["x-docspec-evidence"] ?? {})) {
    if (e && "value" in e) out.push({ name: k, value: e.value, contradiction: e["x-docspec-contradiction"] });
  }
  return out;
}

// report prints a closing line the CI reader understands and sets the exit code.
export function finish(tool, passed, failed) {
  console.log(`${tool}: ${passed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}
