package cases

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzParse: no input makes Parse panic, and whatever it accepts survives
// Marshal and Parse unchanged, and renders for participants (the public
// projection, the summary, the role-play brief) without panicking.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sampleFile))
	f.Add([]byte("---\nid: x\nmodules: [1]\nupdated: 2026-11-20\ntitle.en: \"a \\u00e9 \\\"q\\\"\"\ntags.en: ['it''s', b]\n---\n# en\n## Background\n~~~\n# x\n~~~\n"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		c.Public()
		c.Summarize()
		if b, ok := c.Brief(); ok {
			b.In("en")
			b.In("zh-CN")
		}
		out := Marshal(c)
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("accepted input does not re-parse: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(c, back) {
			t.Fatalf("round trip changed the case\n%s", out)
		}
	})
}

// FuzzReadZip: no zip makes ReadZip panic; an accepted zip round-trips.
func FuzzReadZip(f *testing.F) {
	var b bytes.Buffer
	c, _ := Parse([]byte(sampleFile))
	WriteZip(&b, []*Bundle{{Case: c}})
	f.Add(b.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		bundles, errs := ReadZip(data)
		if len(errs) > 0 {
			if bundles != nil {
				t.Fatal("cases returned with errors")
			}
			return
		}
		var out bytes.Buffer
		if err := WriteZip(&out, bundles); err != nil {
			t.Fatal(err)
		}
		back, errs := ReadZip(out.Bytes())
		if len(errs) > 0 || len(back) != len(bundles) {
			t.Fatalf("re-read: %v", errs)
		}
	})
}

// FuzzCheckImage: no upload makes the image check panic.
func FuzzCheckImage(f *testing.F) {
	f.Add(pngBytes(f, 2, 2))
	f.Add([]byte("GIF89a"))
	f.Add([]byte("RIFF\x10\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, data []byte) { CheckImage(data) })
}
