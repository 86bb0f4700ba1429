# Playbook — the two commands that matter: `make run` and `make test`.
GO        ?= go
NPM       ?= npm
BIN       := bin/playbook
FRONTEND  := frontend

.PHONY: run build frontend test test-go test-frontend test-browser vet bench clean fuzz fuzz-short

# Serve the app on the embedded SQLite database (./playbook.db).
run: build
	./$(BIN) serve

# The frontend bundle and the binary with the bundle embedded.
build: frontend
	$(GO) build -o $(BIN) ./cmd/playbook

$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	touch $@

frontend: $(FRONTEND)/node_modules/.installed
	cd $(FRONTEND) && $(NPM) run build

# Every test: Go (SQLite always; PostgreSQL and Redis when PLAYBOOK_TEST_POSTGRES
# and PLAYBOOK_TEST_REDIS are set), the frontend's unit tests and the browser tests.
test: vet test-go fuzz-short test-frontend test-browser

vet:
	$(GO) vet ./...
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

test-go: build
	$(GO) test -count=1 -timeout 30m ./...

test-frontend: $(FRONTEND)/node_modules/.installed
	cd $(FRONTEND) && $(NPM) test

test-browser: build
	cd $(FRONTEND) && $(NPM) run e2e

# Fuzz targets (quality X8), package:target. `go test` runs their seed
# corpora (f.Add and testdata/fuzz) as ordinary tests; fuzz-short then
# mutates each for FUZZTIME (CI), fuzz for longer (locally: make fuzz
# FUZZTIME=10m). A failure leaves the input under the package's
# testdata/fuzz: commit it with the fix, as a regression test.
FUZZ_TARGETS := realtime:FuzzDecodeClient exercises:FuzzOperations exercises/funnel:FuzzAnalyze \
	cases:FuzzParse cases:FuzzReadZip cases:FuzzCheckImage playbook/export:FuzzPlaybookDocument \
	exercises/passoff/ledger:FuzzScoreSheet
FUZZTIME ?= 5s

fuzz-short:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test ./$$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s || exit 1; \
	done

fuzz: FUZZTIME = 2m
fuzz: fuzz-short

# Every Go benchmark (figures go in docs/benchmarks.md): S4 durable edits
# against raw inserts, S7 the funnel review of a 1,000,000-row CSV, S9
# start-up, among them; then the load tests of scripts/bench.sh (S1, S2, S3,
# S5, S6). PostgreSQL figures need PLAYBOOK_TEST_POSTGRES.
bench:
	$(GO) test -run XXX -bench . -timeout 60m ./...
	scripts/bench.sh

clean:
	rm -rf bin $(FRONTEND)/dist/assets $(FRONTEND)/dist/index.html
