# JavaScript toolchains over the specs, and the browser test of the report.
# Included by the main Makefile; `make test` depends on js-test.
#
#   make js-deps     Debian chromium (if /usr/bin/chromium is missing) + npm ci
#   make js-test     unit, lint, types, validate, e2e (everything below)
#   make js-unit     node --test: the boundary derivation shared with Go
#   make js-lint     Redocly CLI, recommended ruleset (js/redocly.yaml)
#   make js-types    openapi-typescript + tsc --strict over the examples
#   make js-validate ajv: examples valid, boundary-breaking values rejected
#   make js-e2e      report pages in headless chromium (screenshot in js/artifacts/)
#
# Specs: spec/*.yaml plus the hand-written js/testdata/*.yaml.

GO        ?= go
NPM       ?= npm
CHROMIUM  ?= /usr/bin/chromium
JS_STAMP  := js/node_modules/.package-lock.json
JS_REPORTS := js/artifacts/reports

.PHONY: js-deps js-test js-unit js-lint js-types js-validate js-e2e js-reports js-screenshot

js-deps: $(JS_STAMP) $(CHROMIUM)

# CI is a fresh machine and we are root there: install Debian's chromium once.
$(CHROMIUM):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

$(JS_STAMP): js/package.json js/package-lock.json
	$(NPM) ci --prefix js --no-audit --no-fund
	@touch $@

## js-test: the other languages' toolchains and the browser test (unit, lint, types, validate, e2e)
js-test: js-unit js-lint js-types js-validate js-e2e

js-unit: $(JS_STAMP)
	cd js && node --test test/

## js-lint: Redocly's recommended ruleset, nothing switched off, over every spec
js-lint: $(JS_STAMP)
	cd js && node scripts/lint.mjs

js-types: $(JS_STAMP)
	cd js && node scripts/types.mjs

js-validate: $(JS_STAMP)
	cd js && node scripts/validate.mjs

# Pages for the browser test: the report test's sample and 150-operation
# pages, and `docspec report` of each configured spec whose pages exist.
js-reports:
	rm -rf $(JS_REPORTS) && mkdir -p $(JS_REPORTS)
	$(GO) test ./report -count=1 -run 'TestRenderGolden|TestRenderLarge' -args -e2e-dir=$(abspath $(JS_REPORTS))
	@if [ -d sources/otc/apig ]; then \
		echo "$(GO) run ./cmd/docspec report -o $(JS_REPORTS)/otc-apig.html otc-apig"; \
		$(GO) run ./cmd/docspec report -o $(JS_REPORTS)/otc-apig.html otc-apig; \
	fi

# E2E_OPERATION picks the operation to filter for (default: the first with
# conditional rules).
js-e2e: js-deps js-reports
	cd js && CHROMIUM=$(CHROMIUM) E2E_OPERATION=$(E2E_OPERATION) node scripts/e2e.mjs

# Refresh the README's screenshot (docs/report.png) from a browser test.
js-screenshot: E2E_OPERATION = CreateSignatureKeyV2
js-screenshot: js-e2e
	cp js/artifacts/report.png docs/report.png
