// lint: Redocly CLI with the recommended ruleset (js/redocly.yaml) over every spec.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { finish, jsDir, repoDir, specFiles } from "./specs.mjs";

const specs = specFiles();
let passed = 0;
let failed = 0;
for (const spec of specs) {
  // One config for every spec: the recommended ruleset, nothing switched off.
  const config = path.join(jsDir, "redocly.yaml");
  const r = spawnSync(
    path.join(jsDir, "node_modules/.bin/redocly"),
    ["lint", "--config", config, "--format", "codeframe", spec],
    { cwd: repoDir, encoding: "utf8", env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
  );
  // Drop Redocly's boxed notices (Node.js version banner); keep the findings.
  const out = (r.stdout + r.stderr)
    .split("\n")
    .filter((l) => !/[║╔╚]/.test(l))
    .join("\n");
  process.stdout.write(out);
  if (r.status === 0) passed++;
  else {
    failed++;
    console.log(`lint: ${spec}: FAILED (exit ${r.status})`);
  }
}
finish("lint", passed, failed);
