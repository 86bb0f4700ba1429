package cases

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"strings"
	"testing"
)

// pngBytes makes a small real PNG.
func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	img.Set(0, 0, color.RGBA{200, 30, 30, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleBundle(t *testing.T) *Bundle {
	c, err := Parse([]byte(sampleFile))
	if err != nil {
		t.Fatal(err)
	}
	c.ZH.Exhibits += "\n\n![漏斗](funnel.png)\n\n[数据](deals.csv)"
	return &Bundle{Case: c, Files: []File{
		{Name: "funnel.png", ContentType: TypePNG, Data: pngBytes(t, 4, 3)},
		{Name: "deals.csv", ContentType: TypeCSV, Data: []byte("\xef\xbb\xbf编号,金额\r\nA,100\r\n")},
	}}
}

// zipOf builds a zip from name → content.
func zipOf(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestZipRoundTrip(t *testing.T) {
	b := sampleBundle(t)
	other, _ := Parse([]byte(strings.Replace(sampleFile, "id: elevator-demo", "id: another", 1)))
	var buf bytes.Buffer
	if err := WriteZip(&buf, []*Bundle{b, {Case: other}}); err != nil {
		t.Fatal(err)
	}
	got, errs := ReadZip(buf.Bytes())
	if len(errs) > 0 {
		t.Fatalf("errors %+v", errs)
	}
	if len(got) != 2 || got[0].Case.ID != "another" || got[1].Case.ID != "elevator-demo" {
		t.Fatalf("bundles %+v", got)
	}
	if !reflect.DeepEqual(got[1].Case, b.Case) {
		t.Fatal("the case changed through the zip")
	}
	if len(got[1].Files) != 2 || got[1].Files[0].Name != "deals.csv" || !bytes.Equal(got[1].Files[1].Data, b.Files[0].Data) ||
		got[1].Files[1].ContentType != TypePNG || got[1].Files[0].ContentType != TypeCSV {
		t.Fatalf("files %+v", got[1].Files)
	}
	// The same library always gives the same bytes.
	var again bytes.Buffer
	WriteZip(&again, []*Bundle{{Case: other}, b})
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Fatal("export is not deterministic")
	}
}

func TestZipAcceptsBareMarkdownAndArchiverJunk(t *testing.T) {
	data := zipOf(t, [2]string{"one.md", sampleFile}, [2]string{"__MACOSX/._one.md", "junk"}, [2]string{".DS_Store", "junk"})
	got, errs := ReadZip(data)
	if len(errs) > 0 || len(got) != 1 || got[0].Case.ID != "elevator-demo" {
		t.Fatalf("got %+v errs %+v", got, errs)
	}
}

// One bad file: every problem is reported with its file (and line), and no
// case comes back at all.
func TestZipPerFileErrorsAndNothingHalfImported(t *testing.T) {
	bad := strings.Replace(sampleFile, "modules: [4, 2]", "modules: [4, 2]\ncolour: red", 1)
	data := zipOf(t,
		[2]string{"good/case.md", sampleFile},
		[2]string{"bad/case.md", bad},
		[2]string{"good/evil.svg", "<svg onload=alert(1)>"},
		[2]string{"good/fake.png", "<script>alert(1)</script>"},
		[2]string{"../escape/case.md", sampleFile},
		[2]string{"stray.png", "x"},
		[2]string{"deep/er/case.md", sampleFile},
		[2]string{"orphan/pic.png", string(pngBytes(t, 1, 1))},
		[2]string{"good/notes.md", "x"},
	)
	got, errs := ReadZip(data)
	if got != nil {
		t.Fatalf("cases returned despite errors: %d", len(got))
	}
	want := map[string]string{
		"bad/case.md":       `unknown key "colour"`,
		"good/evil.svg":     "file name",
		"good/fake.png":     "only PNG, JPEG, GIF and WebP",
		"../escape/case.md": "unsafe path",
		"stray.png":         "outside a case folder",
		"deep/er/case.md":   "too deep",
		"orphan/pic.png":    "has no case.md",
		"good/notes.md":     "one Markdown file",
	}
	for _, e := range errs {
		w, ok := want[e.File]
		if !ok {
			t.Errorf("unexpected error %+v", e)
			continue
		}
		if !strings.Contains(e.Message, w) {
			t.Errorf("%s: %q does not mention %q", e.File, e.Message, w)
		}
		if e.File == "bad/case.md" && e.Line != 4 {
			t.Errorf("bad/case.md error at line %d, want 4", e.Line)
		}
		delete(want, e.File)
	}
	for f := range want {
		t.Errorf("no error reported for %s", f)
	}
}

func TestZipRefusals(t *testing.T) {
	withRef := strings.Replace(sampleFile, "先让各组只看招标文件。", "先让各组只看招标文件。\n\n![图](missing.png)", 1)
	dup := strings.Replace(sampleFile, "summary.en:", "summary.en: other", 1)
	cases := []struct {
		name string
		data []byte
		file string
		want string
	}{
		{"not a zip", []byte("PK? no"), "(zip)", "not a readable zip"},
		{"empty", zipOf(t), "(zip)", "holds no case"},
		{"missing image", zipOf(t, [2]string{"a/case.md", withRef}), "a/case.md", "refers to missing.png"},
		{"duplicate id", zipOf(t, [2]string{"a/case.md", sampleFile}, [2]string{"b/case.md", dup}), "b/case.md", "also used by a/case.md"},
		{"png named jpg", zipOf(t, [2]string{"a/case.md", sampleFile}, [2]string{"a/x.jpg", string(pngBytes(t, 1, 1))}), "a/x.jpg", "content is image/png"},
		{"bad csv", zipOf(t, [2]string{"a/case.md", sampleFile}, [2]string{"a/d.csv", "a,\"b\nc"}), "a/d.csv", "malformed"},
		{"huge markdown", zipOf(t, [2]string{"a/case.md", sampleFile + strings.Repeat("x", MaxFileBytes)}), "a/case.md", "too large"},
		{"two files same name", zipOf(t, [2]string{"a/case.md", sampleFile}, [2]string{"a/x.png", string(pngBytes(t, 1, 1))},
			[2]string{"a/X.png", string(pngBytes(t, 1, 1))}), "a/X.png", "two files"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := ReadZip(tc.data)
			if got != nil || len(errs) == 0 {
				t.Fatalf("accepted: %v %v", got, errs)
			}
			for _, e := range errs {
				if e.File == tc.file && strings.Contains(e.Message, tc.want) {
					return
				}
			}
			t.Fatalf("errors %+v lack %s: %q", errs, tc.file, tc.want)
		})
	}
}

// A zip bomb: a small zip that unpacks to more than the limit is refused
// while reading, whatever its headers claim.
func TestZipBomb(t *testing.T) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zeros := make([]byte, 1<<20)
	for i := range 4 {
		w, _ := zw.Create("a/d" + string(rune('0'+i)) + ".csv")
		for range 5 { // 5 MB of zeros each: over the data-file limit
			w.Write(zeros)
		}
	}
	zw.Close()
	if b.Len() > 1<<20 {
		t.Fatalf("test zip too big: %d", b.Len())
	}
	got, errs := ReadZip(b.Bytes())
	if got != nil || len(errs) == 0 {
		t.Fatal("zip bomb accepted")
	}
}

func TestCheckImage(t *testing.T) {
	p := pngBytes(t, 2, 2)
	if ct, err := CheckImage(p); err != nil || ct != TypePNG {
		t.Fatalf("png: %s %v", ct, err)
	}
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	if ct, err := CheckImage(gif); err != nil || ct != TypeGIF {
		t.Fatalf("gif: %s %v", ct, err)
	}
	bad := map[string][]byte{
		"empty":     nil,
		"svg":       []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`),
		"html":      []byte("<html><script>alert(1)</script></html>"),
		"truncated": p[:20],
		"too large": append(append([]byte{}, p...), make([]byte, MaxImageBytes)...),
		"webp lie":  []byte("RIFF\xff\xff\xff\x7fWEBPVP8 xxxxxxxx"),
	}
	for name, data := range bad {
		if _, err := CheckImage(data); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	// A PNG header claiming a gigantic canvas.
	huge := append([]byte{}, p...)
	copy(huge[16:24], []byte{0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20}) // 20000×20000
	if _, err := CheckImage(huge); err == nil {
		t.Error("20000×20000 PNG accepted")
	}
}

func TestFileNamesAndRefs(t *testing.T) {
	for name, ok := range map[string]bool{
		"funnel.png": true, "A_b-1.JPEG": true, "data.csv": true, "x.svg": false, ".png": false, "-a.png": false,
		"a b.png": false, "a/b.png": false, "图.png": false, "case.md": false, strings.Repeat("a", 77) + ".png": false,
	} {
		if ValidFileName(name) != ok {
			t.Errorf("ValidFileName(%q) = %v", name, !ok)
		}
	}
	c := &Case{ID: "x", Modules: []int{1}, ZH: &Variant{Title: "t",
		Exhibits: `![a](funnel.png) ![b](<chart.png> "title") [c](data.csv) ![ext](https://example.com/x.png) [d](#anchor) [e](/api/x.png) ![a](funnel.png)`}}
	if got := FileRefs(c); !reflect.DeepEqual(got, []string{"funnel.png", "chart.png", "data.csv"}) {
		t.Fatalf("refs %v", got)
	}
	if m := MissingFiles(c, []string{"funnel.png"}); !reflect.DeepEqual(m, []string{"chart.png", "data.csv"}) {
		t.Fatalf("missing %v", m)
	}
}
