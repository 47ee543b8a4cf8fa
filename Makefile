# docspec — the two commands: `make` regenerates everything (specs from the
# pages, Go code from the specs); `make test` runs every test. Both install
# what they need on a fresh machine.
GO      ?= go
BIN     := bin/docspec
GOFILES := $(shell find . -name '*.go' -not -path './js/*' -not -path './generated/*')

.PHONY: all help build gen verify test go-test race interop-test fuzz bench drift report bundle clean portal

all: build portal

## help: list these targets, from their `## name: what` lines
help:
	@grep -hE '^## [a-z-]+:' $(MAKEFILE_LIST) | sed -E 's/^## ([a-z-]+): */  \1\t/' | expand -t 14

$(BIN): $(GOFILES) $(wildcard templates/*.tmpl) go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/docspec

## build: scrape every spec of docspec.yaml and generate its Go package
## (exit 1 — pages left out of a spec, each named above — still writes the rest)
build: $(BIN)
	$(BIN) build || [ $$? -eq 1 ]

## gen: regenerate the Go packages from the committed specs only
gen: $(BIN)
	$(BIN) gen

## verify: fail when anything committed differs from what the sources give
verify: $(BIN)
	$(BIN) verify

## test: every Go test, serve's under the race detector, the official SDKs against docspec serve, then the other languages' toolchains and the browser test
test: go-test race interop-test js-test

go-test: serve-deps
	$(GO) vet ./...
	$(GO) test ./...

## race: serve's tests (load, kill -9, PostgreSQL, fuzz seeds) under the race detector
race: serve-deps
	$(GO) test -race -count=1 ./serve/...

## interop-test: the official Huawei Cloud Go SDK against `docspec serve` (nested module interop/)
interop-test:
	cd interop && $(GO) vet ./... && $(GO) test -count=1 ./...

## fuzz: run each reader's fuzz target (the HTML reader's fast tree against html.Parse, the prose expressions' prefilter's), the whole pipeline's (page → spec → validation), the snapshot names', the runtime's (routing, body decoding, the quick body check, patterns) and serve's, for a while
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) ./scraper/htmlpage/
	$(GO) test -run '^$$' -fuzz '^FuzzFastParse$$' -fuzztime $(FUZZTIME) ./scraper/htmlpage/
	$(GO) test -run '^$$' -fuzz '^FuzzReadPlain$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/textpage/
	$(GO) test -run '^$$' -fuzz '^FuzzReadMarkdown$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/textpage/
	$(GO) test -run '^$$' -fuzz '^FuzzReadAliyun$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/textpage/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./scraper/prose/
	$(GO) test -run '^$$' -fuzz '^FuzzSameMatch$$' -fuzztime $(FUZZTIME) ./scraper/internal/fastre/
	$(GO) test -run '^$$' -fuzz '^FuzzNormalizeSpace$$' -fuzztime $(FUZZTIME) ./scraper/page/
	$(GO) test -run '^$$' -fuzz '^FuzzWriters$$' -fuzztime $(FUZZTIME) ./openapi/
	$(GO) test -run '^$$' -fuzz '^FuzzPipeline$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/
	$(GO) test -run '^$$' -fuzz '^FuzzLocalFile$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./syncer/
	$(GO) test -run '^$$' -fuzz '^FuzzFind$$' -fuzztime $(FUZZTIME) ./apiruntime/
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime $(FUZZTIME) ./apiruntime/
	$(GO) test -run '^$$' -fuzz '^FuzzQuick$$' -fuzztime $(FUZZTIME) ./apiruntime/
	$(GO) test -run '^$$' -fuzz '^FuzzPattern$$' -fuzztime $(FUZZTIME) ./conventions/
	$(GO) test -run '^$$' -fuzz '^FuzzRequest$$' -fuzztime $(FUZZTIME) ./serve/

## bench: each command a user runs beside its anchor, as ratios (x-…);
## BENCHTIME=5x for steadier figures on a shared machine
BENCHTIME ?= 3x
bench:
	$(GO) test -run '^$$' -bench 'ScrapeVsParse|ScrapePeakMemory|RebuildOneChangeVsForce|DriftFilesVsOasdiff|DriftPagesVsOasdiff' -benchtime $(BENCHTIME) ./internal/cli/ | tee bench.out
	$(GO) test -run '^$$' -bench 'GenVsOapiCodegen' -benchtime $(BENCHTIME) ./gen/ | tee -a bench.out
	$(GO) test -run '^$$' -bench 'CreateSignatureKeyV2' -benchtime 30000x ./apiruntime/ | tee -a bench.out
	@echo; echo "ratios (targets: scrape x-parse ≤ 2.0, peak ≤ 40 MB per MB of YAML, rebuild ≤ 0.3, gen ≤ 1.0, drift files ≤ 1.2, drift pages ≤ 2.0, generated server x-plain ≤ 2.0):"
	@grep -E '^Benchmark' bench.out | tr -s ' \t' ' ' | awk '{ line = $$1; for (i = 3; i < NF; i += 2) if ($$(i+1) ~ /^(x-|wall-x-|peak-MB-per)/) line = line "  " $$(i+1) " " $$i; print line }'; rm -f bench.out

## portal: docs/portal.md, every service of ../shared/corpus/otc-portal scraped and scored
## (the same run as the portal check of `make test`, which fails when the page is stale)
PORTAL := ../shared/corpus/otc-portal
portal: docs/portal.md
docs/portal.md: $(GOFILES) go.mod go.sum portal/floors.tsv $(shell find $(PORTAL) ../shared/oracle/otc-portal -type f 2>/dev/null)
	@test -d $(PORTAL) || { echo "make portal: needs ../shared beside the checkout (no $(PORTAL))"; exit 2; }
	$(GO) test -count=1 -run '^TestPortal$$' ./portal -update

## drift: the documentation drift of CreateSignatureKeyV2 between seed 001 and seed 000
drift: $(BIN)
	$(BIN) drift sources/otc/apig-revisions/CreateSignatureKeyV2_1.html sources/otc/apig/CreateSignatureKeyV2.html

clean:
	rm -rf bin js/node_modules js/artifacts

-include mk/js.mk
-include mk/serve.mk
