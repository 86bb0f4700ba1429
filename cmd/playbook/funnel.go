package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"playbook/exercises/funnel"
	"playbook/playbook"
)

// runFunnel is `playbook funnel`: the funnel review of an opportunity export
// from a CRM, printed as a report or as JSON.
func runFunnel(args []string) int { return funnelCommand(args, os.Stdout, os.Stderr) }

func funnelCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("funnel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "opportunity export: CSV (UTF-8, UTF-16 or GBK) or XLSX (required)")
	sheet := fs.String("sheet", "", "worksheet of an XLSX file (default: the first visible one)")
	mapping := fs.String("map", "", "columns by field, for headers not matched automatically: id=COL,stage=COL,amount=COL,created=COL,closed=COL,owner=COL,status=COL,name=COL,stage_entered=COL (COL is a header or #N)")
	stages := fs.String("stages", "", "stages in order: NAME[:PROBABILITY%[:MAXDAYS]],… (default: inferred from the data)")
	playbookFile := fs.String("playbook", "", "company playbook (JSON): its stages, probabilities, day limits and annual target")
	won := fs.String("won", "", "the closed-won stage")
	lost := fs.String("lost", "", "the closed-lost stage(s), comma-separated")
	history := fs.String("history", "", "stage-history file: opportunity id, stage, date entered (CSV or XLSX)")
	historyMap := fs.String("history-map", "", "columns of the history file: id=COL,stage=COL,entered=COL")
	target := fs.Float64("target", 0, "sales target, for the coverage of what remains of it")
	targetFrom := fs.String("target-from", "", "first day of the target's period (YYYY-MM-DD)")
	targetTo := fs.String("target-to", "", "last day of the target's period (YYYY-MM-DD)")
	asOf := fs.String("as-of", "", "day ages are measured at (YYYY-MM-DD; default: the latest date in the data)")
	dateOrder := fs.String("date-order", "", "how to read dates like 03/04/2026: dmy or mdy (default: detected from the whole column)")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	lang := fs.String("lang", env("PLAYBOOK_LANG", "zh-CN"), "language of the report: zh-CN or en")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: playbook funnel --in FILE [--map id=COL,stage=COL,…] [--stages A,B,C] [--won NAME] [--lost NAME] [--playbook PLAYBOOK.json] [--history FILE] [--target AMOUNT] [--json]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(code int, format string, args ...any) int {
		fmt.Fprintf(stderr, "playbook funnel: "+format+"\n", args...)
		return code
	}
	if *in == "" {
		return fail(2, "--in FILE is required")
	}
	if fs.NArg() > 0 {
		return fail(2, "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *lang != "zh-CN" && *lang != "en" {
		return fail(2, "--lang must be zh-CN or en")
	}
	reason := func(err error) string {
		if ie, ok := funnel.AsInputError(err); ok {
			return ie.Message.In(*lang)
		}
		return err.Error()
	}
	var opt funnel.Options
	var err error
	if opt.Mapping, err = funnel.ParseMapping(*mapping); err != nil {
		return fail(2, "--map: %s", reason(err))
	}
	var lostList []string
	for _, l := range strings.Split(*lost, ",") {
		if l = strings.TrimSpace(l); l != "" {
			lostList = append(lostList, l)
		}
	}
	switch {
	case *stages != "" && *playbookFile != "":
		return fail(2, "give the stages either with --stages or with --playbook, not both")
	case *stages != "":
		if opt.Stages, err = funnel.ParseStages(*stages, *won, lostList); err != nil {
			return fail(2, "--stages: %s", reason(err))
		}
	case *playbookFile != "":
		data, err := os.ReadFile(*playbookFile)
		if err != nil {
			return fail(1, "--playbook: %v", err)
		}
		pb, err := playbook.Decode(data)
		if err != nil {
			var probs *playbook.Problems
			if errors.As(err, &probs) {
				var lines []string
				for i, p := range probs.List {
					if i == 10 {
						lines = append(lines, fmt.Sprintf("… (%d)", len(probs.List)))
						break
					}
					lines = append(lines, p.Path+": "+p.In(*lang))
				}
				return fail(1, "--playbook %s:\n  %s", *playbookFile, strings.Join(lines, "\n  "))
			}
			return fail(1, "--playbook %s: %v", *playbookFile, err)
		}
		if opt.Stages, opt.Target, err = funnel.FromPlaybook(pb); err != nil {
			return fail(1, "--playbook %s: %s", *playbookFile, reason(err))
		}
		opt.Won, opt.Lost = *won, lostList
	default:
		opt.Won, opt.Lost = *won, lostList
	}
	switch *dateOrder {
	case "", "dmy", "mdy":
		opt.DateOrder = funnel.DateOrder(*dateOrder)
	default:
		return fail(2, "--date-order must be dmy or mdy")
	}
	parseDay := func(name, v string) (time.Time, bool) {
		if v == "" {
			return time.Time{}, true
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			fail(2, "%s must be a date written YYYY-MM-DD", name)
			return t, false
		}
		return t, true
	}
	var ok bool
	if opt.AsOf, ok = parseDay("--as-of", *asOf); !ok {
		return 2
	}
	if *target != 0 || *targetFrom != "" || *targetTo != "" {
		if *target <= 0 {
			return fail(2, "--target must be above 0")
		}
		opt.Target = &funnel.Target{Amount: *target}
		if opt.Target.From, ok = parseDay("--target-from", *targetFrom); !ok {
			return 2
		}
		if opt.Target.To, ok = parseDay("--target-to", *targetTo); !ok {
			return 2
		}
	}
	input, err := fileInput(*in, *sheet)
	if err != nil {
		return fail(1, "%v", err)
	}
	if *history != "" {
		h, err := fileInput(*history, "")
		if err != nil {
			return fail(1, "%v", err)
		}
		opt.History = &h
		if opt.HistoryMapping, err = funnel.ParseMapping(*historyMap); err != nil {
			return fail(2, "--history-map: %s", reason(err))
		}
	}
	r, err := funnel.Analyze(input, opt)
	if err != nil {
		return fail(1, "%s: %s", *in, reason(err))
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fail(1, "%v", err)
		}
		return 0
	}
	if err := r.WriteText(stdout, *lang); err != nil {
		return fail(1, "%v", err)
	}
	return 0
}

// fileInput opens path as a funnel input, refusing what is not a regular
// file.
func fileInput(path, sheet string) (funnel.Input, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return funnel.Input{}, fmt.Errorf("%s: no such file", path)
		}
		return funnel.Input{}, err
	}
	if !fi.Mode().IsRegular() {
		return funnel.Input{}, fmt.Errorf("%s is not a regular file", path)
	}
	return funnel.Input{Name: filepath.Base(path), Size: fi.Size(), Sheet: sheet,
		Open: func() (io.ReadCloser, error) { return os.Open(path) }}, nil
}
