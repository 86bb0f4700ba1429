package exercises

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Pieces of text that exercise every escaping rule of encoding/json.
var jsonTricky = []string{"", "目标拍脑袋定的", "a\"b\\c", "<script>&amp;</script>", "\x00\x01\x1f\x7f", "\b\f\n\r\t",
	"\u2028\u2029", "\xff\xfe invalid", "emoji 😀", "\xe2\x80", "plain", "ä/ö", "\u00e9\u0301", "\ufffd"}

func randText(r *rand.Rand) string {
	var sb strings.Builder
	for range r.IntN(4) {
		sb.WriteString(jsonTricky[r.IntN(len(jsonTricky))])
	}
	return sb.String()
}

func randFloat(r *rand.Rand) float64 {
	switch r.IntN(6) {
	case 0:
		return 0
	case 1:
		return float64(r.IntN(100000)) - 500
	case 2:
		return r.Float64() * 1e-8
	case 3:
		return r.Float64() * 1e22
	case 4:
		return -r.Float64()
	default:
		return r.NormFloat64() * 1000
	}
}

func randNotesState(r *rand.Rand) *NotesState {
	s := &NotesState{VotesPerPerson: r.IntN(21) - 1, Actions: r.IntN(2) == 0}
	if r.IntN(8) > 0 {
		s.Lanes = []Lane{}
		for range r.IntN(4) {
			s.Lanes = append(s.Lanes, Lane{ID: randText(r), Title: Text{ZH: randText(r), EN: randText(r)}})
		}
	}
	if r.IntN(8) > 0 {
		s.Notes = map[string]*Note{}
		for range r.IntN(30) {
			n := &Note{ID: randText(r), Lane: randText(r), Text: randText(r), Pos: randFloat(r), Seq: r.Int64N(1 << 40),
				Author: Author{ID: randText(r), Name: randText(r), Kind: Role(randText(r))}, Due: []string{"", "2026-12-01", randText(r)}[r.IntN(3)]}
			if r.IntN(3) == 0 {
				n.Owner = &PersonRef{ID: []string{"", randText(r)}[r.IntN(2)], Name: randText(r)}
			}
			if r.IntN(20) == 0 {
				n = nil
			}
			s.Notes[fmt.Sprint(r.IntN(1000))+randText(r)] = n
		}
	}
	if r.IntN(8) > 0 {
		s.Votes = map[string]map[string]int{}
		for range r.IntN(10) {
			var voters map[string]int
			if r.IntN(10) > 0 {
				voters = map[string]int{}
				for range r.IntN(5) {
					voters[randText(r)] = r.IntN(7) - 2
				}
			}
			s.Votes[randText(r)] = voters
		}
	}
	if r.IntN(3) > 0 {
		s.Comments.Comments = map[string]*Comment{}
		for range r.IntN(6) {
			c := &Comment{ID: randText(r), Item: randText(r), Text: randText(r), At: randText(r), Seq: r.Int64N(1000),
				Author: Author{ID: randText(r), Name: randText(r), Kind: RoleTrainer}}
			if r.IntN(15) == 0 {
				c = nil
			}
			s.Comments.Comments[randText(r)] = c
		}
	}
	return s
}

// The notes state's own encoder writes exactly what encoding/json writes.
func TestNotesAppendJSONMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		s := randNotesState(r)
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := EncodeState(s)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("state %d:\n got %s\nwant %s", i, got, want)
		}
	}
	// A board as the notes kind makes it, after operations.
	st, err := newNotes(json.RawMessage(`{"lanes":[{"id":"a","title":{"zh-CN":"问题","en":"Problems"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(st)
	if got, _ := EncodeState(st); !bytes.Equal(got, want) {
		t.Fatalf("new board:\n got %s\nwant %s", got, want)
	}
	// NaN and infinities are refused, as encoding/json refuses them.
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		s := &NotesState{Notes: map[string]*Note{"n": {Pos: f}}}
		if _, err := EncodeState(s); err == nil {
			t.Fatalf("pos %v encoded", f)
		}
	}
}

// Encoded again after changes of every kind (text, position, owner changed
// in place, notes deleted, added and replaced), a state's JSON is still
// exactly encoding/json's: notes copied from the previous encoding are
// only those that did not change.
func TestNotesAppendJSONAfterChanges(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for round := range 200 {
		s := randNotesState(r)
		if s.Notes == nil {
			continue
		}
		for step := range 30 {
			var keys []string
			for k := range s.Notes {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if len(keys) > 0 {
				n := s.Notes[keys[r.IntN(len(keys))]]
				if n != nil {
					switch r.IntN(7) {
					case 0:
						n.Text = randText(r)
					case 1:
						n.Pos = []float64{0, math.Copysign(0, -1), randFloat(r)}[r.IntN(3)]
					case 2:
						if n.Owner != nil {
							n.Owner.Name = randText(r) // in place
						} else {
							n.Owner = &PersonRef{Name: randText(r)}
						}
					case 3:
						n.Owner = nil
					case 4:
						n.Seq++
						n.Author.Name = randText(r)
					case 5:
						delete(s.Notes, n.ID)
						for k, v := range s.Notes {
							if v == n {
								delete(s.Notes, k)
							}
						}
					case 6:
						s.Notes[keys[r.IntN(len(keys))]] = &Note{ID: randText(r), Text: randText(r), Due: randText(r)}
					}
				}
			}
			if r.IntN(4) == 0 {
				s.Notes[fmt.Sprint("new", step)] = &Note{ID: randText(r), Lane: randText(r), Text: randText(r), Pos: randFloat(r)}
			}
			want, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := EncodeState(s)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("round %d step %d:\n got %s\nwant %s", round, step, got, want)
			}
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range jsonTricky {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s want %s", s, got, want)
		}
	})
}

func BenchmarkEncodeNotesState(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	s := &NotesState{Lanes: []Lane{{ID: "a", Title: Text{ZH: "问题", EN: "Problems"}}}, VotesPerPerson: 3,
		Notes: map[string]*Note{}, Votes: map[string]map[string]int{}}
	for i := range 30 {
		id := fmt.Sprintf("n%02d", i)
		s.Notes[id] = &Note{ID: id, Lane: "a", Text: "客户需求没问透，目标拍脑袋定的", Pos: float64(i) * 1.5, Seq: int64(i),
			Author: Author{ID: fmt.Sprintf("01JB%020d", r.IntN(10)), Name: "王芳", Kind: RoleParticipant}}
		s.Votes[id] = map[string]int{fmt.Sprintf("01JB%020d", i%10): 1}
	}
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			json.Marshal(s)
		}
	})
	// As the committer calls it: into a buffer reused from batch to batch.
	var buf []byte
	b.Run("AppendJSON", func(b *testing.B) {
		for b.Loop() {
			s.enc = nil
			buf, _ = AppendState(buf[:0], s)
		}
	})
	b.Run("AppendJSON-unchanged-notes", func(b *testing.B) {
		for b.Loop() {
			buf, _ = AppendState(buf[:0], s)
		}
	})
}
