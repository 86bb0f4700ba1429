package htmlcheck

import "testing"

func TestScriptFree(t *testing.T) {
	for doc, ok := range map[string]bool{
		`<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=x</p>`: true,
		`<script src="/api/passoff/print.js"></script>`:          true,
		`<svg><text x="1">a</text></svg>`:                        true,
		`<script>alert(1)</script>`:                              false,
		`<script src="//evil.example/x.js"></script>`:            false,
		`<img src=x onerror=alert(1)>`:                           false,
		`<svg onload="alert(1)"></svg>`:                          false,
		`<a href=" JavaScript:alert(1)">x</a>`:                   false,
		`<iframe src="/"></iframe>`:                              false,
	} {
		if err := ScriptFree([]byte(doc), true); (err == nil) != ok {
			t.Errorf("%s: %v, want ok=%v", doc, err, ok)
		}
	}
}
