package funnel

import (
	"encoding/json"
	"testing"
)

// FuzzAnalyze feeds arbitrary bytes to the importer and the analysis, with
// and without a stage configuration. Whatever the bytes, it must answer
// with a result or an InputError — never panic, never another error — and a
// result must hold together: every deal counted once, the funnel never
// widening, rates within 0–1, and the whole result encodable as JSON.
// The seed corpus is in testdata/fuzz/FuzzAnalyze.
func FuzzAnalyze(f *testing.F) {
	f.Add(readTestdata(f, "small.csv"))
	f.Add(readTestdata(f, "small_history.csv"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []Options{{}, {Stages: processStages(), Target: &Target{Amount: 1e6}}} {
			r, err := Analyze(memInput("fuzz.csv", data), opt)
			if err != nil {
				if _, ok := AsInputError(err); !ok {
					t.Fatalf("error is not an InputError: %T %v", err, err)
				}
				continue
			}
			checkInvariants(t, r)
		}
		if _, err := PreviewFile(memInput("fuzz.csv", data), nil, DateAuto); err != nil {
			if _, ok := AsInputError(err); !ok {
				t.Fatalf("preview error is not an InputError: %T %v", err, err)
			}
		}
	})
}

func checkInvariants(t *testing.T, r *Result) {
	t.Helper()
	if r.Won+r.Lost+r.Open != r.Opportunities {
		t.Fatalf("won %d + lost %d + open %d != %d", r.Won, r.Lost, r.Open, r.Opportunities)
	}
	prev := int64(-1)
	for _, s := range r.Stages {
		if s.Won || s.Lost {
			continue
		}
		if prev == -1 && s.Reached != r.Opportunities {
			t.Fatalf("first stage reached %d of %d deals", s.Reached, r.Opportunities)
		}
		if prev >= 0 && s.Reached > prev {
			t.Fatalf("the funnel widens at %s: %d after %d", s.Name, s.Reached, prev)
		}
		prev = s.Reached
		if c := s.Conversion; c != nil && (*c < 0 || *c > 1) {
			t.Fatalf("conversion %v at %s", *c, s.Name)
		}
	}
	if w := r.WinRate; w != nil && (*w < 0 || *w > 1) {
		t.Fatalf("win rate %v", *w)
	}
	if len(r.BadRows) > MaxBadRowsShown || r.BadRowsTotal < int64(len(r.BadRows)) || len(r.Stuck) > MaxStuckShown {
		t.Fatalf("lists unbounded: %d bad, %d stuck", len(r.BadRows), len(r.Stuck))
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatalf("result not encodable: %v", err)
	}
}
