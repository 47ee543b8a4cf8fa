# docspec — the two commands: `make` regenerates everything (specs from the
# pages, Go code from the specs); `make test` runs every test. Both install
# what they need on a fresh machine.
GO      ?= go
BIN     := bin/docspec
GOFILES := $(shell find . -name '*.go' -not -path './js/*' -not -path './generated/*')

.PHONY: all help build gen verify test go-test interop-test fuzz bench drift report bundle clean

all: build

## help: list these targets, from their `## name: what` lines
help:
	@grep -hE '^## [a-z-]+:' $(MAKEFILE_LIST) | sed -E 's/^## ([a-z-]+): */  \1\t/' | expand -t 14

$(BIN): $(GOFILES) $(wildcard templates/*.tmpl) go.mod go.sum
	$(GO) build -o $(BIN) ./cmd/docspec

## build: scrape every spec of docspec.yaml and generate its Go package
build: $(BIN)
	$(BIN) build

## gen: regenerate the Go packages from the committed specs only
gen: $(BIN)
	$(BIN) gen

## verify: fail when anything committed differs from what the sources give
verify: $(BIN)
	$(BIN) verify

## test: every Go test, the official SDKs against docspec serve, then the other languages' toolchains and the browser test
test: go-test interop-test js-test

go-test: serve-deps
	$(GO) vet ./...
	$(GO) test ./...

## interop-test: the official Huawei Cloud Go SDK against `docspec serve` (nested module interop/)
interop-test:
	cd interop && $(GO) vet ./... && $(GO) test -count=1 ./...

## fuzz: run each reader's fuzz target, the whole pipeline's (page → spec → validation), the snapshot names' and serve's, for a while
FUZZTIME ?= 30s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) ./scraper/htmlpage/
	$(GO) test -run '^$$' -fuzz '^FuzzReadPlain$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/textpage/
	$(GO) test -run '^$$' -fuzz '^FuzzReadMarkdown$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/textpage/
	$(GO) test -run '^$$' -fuzz '^FuzzReadAliyun$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/textpage/
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./scraper/prose/
	$(GO) test -run '^$$' -fuzz '^FuzzWriters$$' -fuzztime $(FUZZTIME) ./openapi/
	$(GO) test -run '^$$' -fuzz '^FuzzPipeline$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./scraper/
	$(GO) test -run '^$$' -fuzz '^FuzzLocalFile$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./syncer/
	$(GO) test -run '^$$' -fuzz '^FuzzRequest$$' -fuzztime $(FUZZTIME) ./serve/

## bench: the corpus scrape against the HTML-parse floor, and drift
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./scraper/... ./drift/...

## drift: the documentation drift of CreateSignatureKeyV2 between seed 001 and seed 000
drift: $(BIN)
	$(BIN) drift sources/otc/apig-revisions/CreateSignatureKeyV2_1.html sources/otc/apig/CreateSignatureKeyV2.html

clean:
	rm -rf bin js/node_modules js/artifacts

-include mk/js.mk
-include mk/serve.mk
