package cases

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"
)

// A library zip holds one folder per case: <id>/case.md and the case's files
// beside it (<id>/funnel.png, <id>/opportunities.csv). Reading also accepts a
// bare <name>.md at the top level (a case without files).

// Bundle is a case with its files, as exported or imported.
type Bundle struct {
	Case  *Case
	Files []File
	// Source is the zip entry the case was read from (imports only).
	Source string
}

// FileError is why one file of an import was refused.
type FileError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// Limits of an import.
const (
	MaxZipBytes        = 16 << 20 // the zip itself (also the server's request body limit)
	MaxZipEntries      = 1000
	MaxZipUncompressed = 96 << 20 // every entry together, as actually read
	MaxZipCases        = 500
)

// CaseFileName is the name of a case's Markdown inside its folder.
const CaseFileName = "case.md"

// WriteZip writes bundles as a library zip. Entries are sorted and dated with
// each case's update time, so the same library always gives the same bytes.
func WriteZip(w io.Writer, bundles []*Bundle) error {
	zw := zip.NewWriter(w)
	sorted := slices.Clone(bundles)
	slices.SortFunc(sorted, func(a, b *Bundle) int { return strings.Compare(a.Case.ID, b.Case.ID) })
	for _, b := range sorted {
		mod := b.Case.Updated.UTC()
		if mod.Year() < 1980 {
			mod = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		if err := writeEntry(zw, b.Case.ID+"/"+CaseFileName, mod, Marshal(b.Case)); err != nil {
			return err
		}
		files := slices.Clone(b.Files)
		slices.SortFunc(files, func(x, y File) int { return strings.Compare(x.Name, y.Name) })
		for _, f := range files {
			if err := writeEntry(zw, b.Case.ID+"/"+f.Name, mod, f.Data); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

func writeEntry(zw *zip.Writer, name string, mod time.Time, data []byte) error {
	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod}
	if IsImageName(name) {
		hdr.Method = zip.Store // already compressed
	}
	fw, err := zw.CreateHeader(hdr)
	if err != nil {
		return err
	}
	_, err = fw.Write(data)
	return err
}

// ReadZip reads a library zip. It returns every case with its files, or —
// when anything is wrong — no cases and one error per bad file, so an import
// is all or nothing.
func ReadZip(data []byte) ([]*Bundle, []FileError) {
	if len(data) > MaxZipBytes {
		return nil, []FileError{{File: "(zip)", Message: fmt.Sprintf("the zip may be at most %d MB", MaxZipBytes>>20)}}
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, []FileError{{File: "(zip)", Message: "not a readable zip file: " + err.Error()}}
	}
	if len(zr.File) > MaxZipEntries {
		return nil, []FileError{{File: "(zip)", Message: fmt.Sprintf("the zip holds %d entries; at most %d are accepted", len(zr.File), MaxZipEntries)}}
	}
	var (
		errs    []FileError
		budget  = int64(MaxZipUncompressed)
		folders = map[string]*Bundle{} // folder → bundle
		order   []string
		files   = map[string][]*zip.File{}
	)
	fail := func(name string, format string, args ...any) {
		errs = append(errs, FileError{File: name, Message: fmt.Sprintf(format, args...)})
	}
	read := func(f *zip.File, limit int64) ([]byte, bool) {
		rc, err := f.Open()
		if err != nil {
			fail(f.Name, "cannot be read: %v", err)
			return nil, false
		}
		defer rc.Close()
		max := min(limit, budget)
		b, err := io.ReadAll(io.LimitReader(rc, max+1))
		if err != nil {
			fail(f.Name, "cannot be read: %v", err)
			return nil, false
		}
		if int64(len(b)) > max {
			if max < limit {
				fail(f.Name, "the zip unpacks to more than %d MB; split it", MaxZipUncompressed>>20)
			} else {
				fail(f.Name, "too large: %s", sizeMessage("this file", len(b), int(limit)))
			}
			return nil, false
		}
		budget -= int64(len(b))
		return b, true
	}
	addCase := func(f *zip.File, folder string) {
		data, ok := read(f, MaxFileBytes)
		if !ok {
			return
		}
		c, err := Parse(data)
		if err != nil {
			for _, p := range AsProblems(err) {
				errs = append(errs, FileError{File: f.Name, Line: p.Line, Field: p.Field, Message: p.Message})
			}
			return
		}
		folders[folder] = &Bundle{Case: c, Source: f.Name}
		order = append(order, folder)
	}
	for _, f := range zr.File {
		name := f.Name
		if f.FileInfo().IsDir() || ignoredEntry(name) {
			continue
		}
		if !safeEntryName(name) {
			fail(name, "unsafe path: entries must be relative, without .. or backslashes")
			continue
		}
		dir, base := path.Split(name)
		dir = strings.TrimSuffix(dir, "/")
		switch {
		case strings.Contains(dir, "/"):
			fail(name, "too deep: put each case in its own folder, <case id>/case.md, with its files beside it")
		case dir == "" && strings.EqualFold(path.Ext(base), ".md"):
			addCase(f, name)
		case dir == "":
			fail(name, "a file outside a case folder: put it next to the case.md that uses it")
		case base == CaseFileName:
			addCase(f, dir)
		case strings.EqualFold(path.Ext(base), ".md"):
			fail(name, "a case folder holds one Markdown file, named case.md")
		default:
			files[dir] = append(files[dir], f)
		}
	}
	ids := map[string]string{}
	for _, folder := range order {
		b := folders[folder]
		if prev, dup := ids[b.Case.ID]; dup {
			fail(b.Source, "the case id %q is also used by %s", b.Case.ID, prev)
			continue
		}
		ids[b.Case.ID] = b.Source
	}
	if len(order) > MaxZipCases {
		fail("(zip)", "the zip holds %d cases; at most %d are accepted", len(order), MaxZipCases)
	}
	dirs := make([]string, 0, len(files))
	for d := range files {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	for _, dir := range dirs {
		b := folders[dir]
		for _, f := range files[dir] {
			if b == nil {
				fail(f.Name, "the folder %s has no case.md", dir)
				continue
			}
			base := path.Base(f.Name)
			if !ValidFileName(base) {
				fail(f.Name, "%v", ErrFileName)
				continue
			}
			limit := int64(MaxImageBytes)
			if !IsImageName(base) {
				limit = MaxDataBytes
			}
			data, ok := read(f, limit)
			if !ok {
				continue
			}
			ct, err := CheckFile(base, data)
			if err != nil {
				fail(f.Name, "%v", err)
				continue
			}
			if slices.ContainsFunc(b.Files, func(x File) bool { return strings.EqualFold(x.Name, base) }) {
				fail(f.Name, "two files of this case are named %s", base)
				continue
			}
			b.Files = append(b.Files, File{Name: base, ContentType: ct, Data: data})
		}
	}
	for _, folder := range order {
		b := folders[folder]
		if len(b.Files) > MaxFilesPerCase {
			fail(b.Source, "a case has at most %d files", MaxFilesPerCase)
		}
		names := make([]string, len(b.Files))
		for i, f := range b.Files {
			names[i] = f.Name
		}
		for _, m := range MissingFiles(b.Case, names) {
			fail(b.Source, "the case refers to %s, which is not in its folder", m)
		}
	}
	if len(order) == 0 && len(errs) == 0 {
		fail("(zip)", "the zip holds no case: expected <case id>/case.md entries")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	out := make([]*Bundle, len(order))
	for i, folder := range order {
		out[i] = folders[folder]
	}
	return out, nil
}

// ignoredEntry skips what archivers add on their own.
func ignoredEntry(name string) bool {
	base := path.Base(name)
	return strings.HasPrefix(name, "__MACOSX/") || base == ".DS_Store" || base == "Thumbs.db" || base == "desktop.ini"
}

func safeEntryName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.Contains(name, "\x00") {
		return false
	}
	for _, part := range strings.Split(name, "/") {
		if part == ".." || part == "." {
			return false
		}
	}
	return true
}
