// e2e: opens each report page (file://) in Debian's headless Chromium through
// playwright-core, with every non-file request blocked and counted as a
// failure (the page must be self-contained), types an operation id into the
// filter, checks that exactly the matching operations stay visible, expands
// the operation, checks that its constraints are shown, and saves a
// screenshot to js/artifacts/.
//
// Pages: the arguments, else js/artifacts/reports/*.html (written by
// `make js-reports`: the report test's sample and 150-operation pages, and
// `docspec report` of the real specs when their pages are present).
import { existsSync, mkdirSync, readdirSync, copyFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { finish, jsDir } from "./specs.mjs";

const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const artifacts = path.join(jsDir, "artifacts");
const reportsDir = path.join(artifacts, "reports");

let pages = process.argv.slice(2).map((f) => path.resolve(f));
if (pages.length === 0 && existsSync(reportsDir)) {
  pages = readdirSync(reportsDir)
    .filter((f) => f.endsWith(".html"))
    .sort()
    .map((f) => path.join(reportsDir, f));
}

let passed = 0;
let failed = 0;
const check = (cond, what) => {
  if (cond) passed++;
  else failed++;
  console.log(`  ${cond ? "ok  " : "FAIL"} ${what}`);
};

if (pages.length === 0) {
  console.log("e2e: no report pages (run `make js-reports` or pass HTML files)");
  finish("e2e", 0, 1);
  process.exit();
}
if (!existsSync(executablePath)) {
  console.log(`e2e: ${executablePath} is missing (make js-deps installs Debian's chromium)`);
  finish("e2e", 0, 1);
  process.exit();
}
mkdirSync(artifacts, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  headless: true,
  // As the machine notes say: without the background-networking flags
  // Chromium keeps dialling out and is refused on this closed network.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// The screenshot for the README: the real API Gateway report when present.
const preferred = pages.find((p) => /otc-apig/.test(p)) ?? pages.find((p) => /sample/.test(p)) ?? pages[0];

try {
  for (const file of pages) {
    const name = path.basename(file, ".html");
    console.log(`e2e: ${name}`);
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const offPage = [];
    const errors = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file://") || url.startsWith("data:")) return route.continue();
      offPage.push(url);
      return route.abort();
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));

    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });

    const ops = await page.$$eval("details.op", (els) =>
      els.map((e) => ({
        anchor: e.id,
        id: e.dataset.id,
        search: e.dataset.search,
        constraints: e.querySelectorAll(".constraints .c, table.rules .c").length,
        rules: e.querySelectorAll("table.rules tbody tr").length,
      })),
    );
    check(ops.length > 0, `${ops.length} operations on the page`);
    const visibleCount = () => page.locator("details.op:visible").count();
    check((await visibleCount()) === ops.length, "all operations visible before filtering");

    // The operation to look for: E2E_OPERATION, else one with conditional
    // rules, else one with constraints, else the first.
    const target =
      ops.find((o) => o.id === process.env.E2E_OPERATION) ?? ops.find((o) => o.rules > 0) ?? ops.find((o) => o.constraints > 0) ?? ops[0];
    const filter = page.locator("#filter");
    const t0 = Date.now();
    await filter.pressSequentially(target.id);
    const terms = target.id.toLowerCase().split(/\s+/).filter(Boolean);
    const expected = ops.filter((o) => terms.every((t) => o.search.includes(t))).map((o) => o.anchor).sort();
    const visible = (await page.$$eval("details.op", (els) => els.filter((e) => e.offsetParent !== null).map((e) => e.id))).sort();
    check(
      JSON.stringify(visible) === JSON.stringify(expected),
      `filter "${target.id}" shows exactly the ${expected.length} matching operation(s) of ${ops.length} (${Date.now() - t0} ms to type)`,
    );
    check(visible.includes(target.anchor), `filter "${target.id}" keeps ${target.anchor} visible`);
    const count = await page.locator("#filter-count").textContent();
    check(count === `${expected.length} of ${ops.length} operations`, `count reads "${count}"`);

    // A partial term (the first third of the id) matches a wider set.
    const part = target.id.slice(0, Math.max(3, Math.floor(target.id.length / 3))).toLowerCase();
    await filter.fill(part);
    const wantPart = ops.filter((o) => o.search.includes(part)).length;
    check((await visibleCount()) === wantPart && wantPart >= expected.length, `filter "${part}" shows the ${wantPart} operation(s) that contain it`);
    await filter.fill(target.id);

    // Expand it: its constraints must be shown.
    const op = page.locator(`details#${target.anchor}`);
    await op.locator(":scope > summary").click();
    check(await op.evaluate((e) => e.open), `${target.id} expands`);
    const shown = op.locator(".constraints .c:visible, table.rules .c:visible");
    const n = await shown.count();
    if (target.constraints > 0) {
      const texts = await shown.allTextContents();
      check(n === target.constraints && texts.every((t) => /length|range|minimum|maximum|items|pattern|one of/.test(t)),
        `${target.id} shows its ${n} constraint(s): ${texts.slice(0, 4).join(" | ")}${texts.length > 4 ? " …" : ""}`);
    } else {
      check(await op.locator("table.fields:visible, .resp:visible").count() > 0, `${target.id} shows its tables`);
    }
    if (file === preferred) {
      await page.setViewportSize({ width: 1360, height: 1500 });
      // Scroll so the body's field table (after the parameters) is in view.
      await op.evaluate((e) => {
        const body = [...e.querySelectorAll("h4")].find((h) => h.textContent.startsWith("Request body")) ?? e;
        window.scrollTo(0, body.getBoundingClientRect().top + window.scrollY - 260);
      });
      await page.screenshot({ path: path.join(artifacts, "report.png") });
      await page.setViewportSize({ width: 1360, height: 900 });
    }
    await page.screenshot({ path: path.join(artifacts, `${name}.png`) });

    // A filter that matches nothing, then a cleared one.
    await filter.fill("zz-no-such-operation");
    check((await visibleCount()) === 0 && (await page.locator("#no-match").isVisible()), "a filter matching nothing hides every operation and says so");
    await filter.fill("");
    check((await visibleCount()) === ops.length, "clearing the filter shows every operation again");

    check(offPage.length === 0, `no request leaves the page${offPage.length ? ": " + offPage.slice(0, 3).join(", ") : ""}`);
    check(errors.length === 0, `no script errors${errors.length ? ": " + errors.slice(0, 3).join("; ") : ""}`);
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`e2e: screenshot ${path.relative(process.cwd(), path.join(artifacts, "report.png"))} (from ${path.basename(preferred)})`);
if (process.env.DOCSPEC_README_SCREENSHOT) {
  copyFileSync(path.join(artifacts, "report.png"), process.env.DOCSPEC_README_SCREENSHOT);
}
finish("e2e", passed, failed);
