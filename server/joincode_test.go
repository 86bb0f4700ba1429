package server

import (
	"math"
	"strings"
	"testing"
)

// Join codes are hopeless to guess under the join limit (quality X5): from
// one address, over the longest workshop (14 days) at the default limit,
// against a thousand workshops open at once, the chance of hitting any code
// stays below one in a thousand. And codes use the whole alphabet.
func TestJoinCodesAreHopelessToGuess(t *testing.T) {
	space := math.Pow(float64(len(joinAlphabet)), joinCodeLength)
	attempts := float64(DefaultJoinBurst) + DefaultJoinRate*14*24*3600
	if p := attempts * 1000 / space; p >= 1e-3 {
		t.Fatalf("%.0f attempts against 1,000 codes in a space of %.2g: p = %.2g", attempts, space, p)
	}
	seen := map[rune]bool{}
	codes := map[string]bool{}
	for range 2000 {
		c := newJoinCode()
		if len(c) != joinCodeLength || codes[c] {
			t.Fatalf("code %q (length or repeat)", c)
		}
		codes[c] = true
		for _, r := range c {
			if !strings.ContainsRune(joinAlphabet, r) {
				t.Fatalf("code %q has %q", c, r)
			}
			seen[r] = true
		}
	}
	if len(seen) != len(joinAlphabet) {
		t.Errorf("2,000 codes used %d of the %d letters", len(seen), len(joinAlphabet))
	}
}
