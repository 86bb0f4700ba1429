package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"playbook/playbook"
	"playbook/playbook/export"
)

// The playbook sub-commands: `validate FILE` checks a playbook file and
// `export --in FILE --format F --out DIR` writes one of its exports. Both
// refuse an invalid file with the JSON path and reason of every problem and a
// non-zero exit, and export never leaves a partial output.

// Exit codes of validate and export.
const (
	exitOK      = 0
	exitInvalid = 1 // the file fails its checks
	exitUsage   = 2 // bad flags, unreadable file, unwritable output
)

func runValidate(args []string) int {
	return validateMain(args, os.Stdout, os.Stderr)
}

func validateMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", env("PLAYBOOK_LANG", "zh-CN"), "language of the reasons: zh-CN or en (env PLAYBOOK_LANG)")
	asJSON := fs.Bool("json", false, "print the problems as a JSON array of {path, code, message, message_zh}")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: playbook validate [--lang zh-CN|en] [--json] FILE\n\nChecks a playbook file against its schema and every check of docs/playbook.md.\nExit 0 when valid, 1 with every problem when not, 2 when the file cannot be read.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	_, code := loadPlaybook(fs.Arg(0), *lang, *asJSON, stdout, stderr)
	if code == exitOK {
		if *asJSON {
			fmt.Fprintln(stdout, "[]")
		} else {
			fmt.Fprintf(stdout, "%s: %s\n", fs.Arg(0), msg(*lang, "valid", "有效"))
		}
	}
	return code
}

// loadPlaybook reads, decodes and checks a file, printing every problem.
func loadPlaybook(path, lang string, asJSON bool, stdout, stderr io.Writer) (*playbook.Playbook, int) {
	data, err := readLimited(path)
	if err != nil {
		fmt.Fprintf(stderr, "playbook: %v\n", err)
		return nil, exitUsage
	}
	p, err := playbook.Decode(data)
	var probs []playbook.Problem
	if err != nil {
		var pe *playbook.Problems
		if !errors.As(err, &pe) {
			fmt.Fprintf(stderr, "playbook: %v\n", err)
			return nil, exitUsage
		}
		probs = pe.List
	} else {
		probs = p.Validate()
	}
	if len(probs) == 0 {
		return p, exitOK
	}
	if asJSON {
		out, _ := json.MarshalIndent(probs, "", "  ")
		fmt.Fprintln(stdout, string(out))
	} else {
		fmt.Fprintf(stderr, "%s: %s\n", path, msg(lang, fmt.Sprintf("%d problem(s)", len(probs)), fmt.Sprintf("%d 个问题", len(probs))))
		for _, pr := range probs {
			fmt.Fprintf(stderr, "  %s: %s\n", pr.Path, pr.In(lang))
		}
	}
	return nil, exitInvalid
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, playbook.MaxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

func msg(lang, en, zh string) string {
	if lang == "en" {
		return en
	}
	return zh
}

func runExport(args []string) int {
	return exportMain(args, os.Stdout, os.Stderr)
}

func exportMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "the playbook JSON file")
	format := fs.String("format", "", "one of "+strings.Join(export.Formats, ", "))
	out := fs.String("out", "", "the folder to write into (created if missing)")
	lang := fs.String("lang", env("PLAYBOOK_LANG", "zh-CN"), "language of the reasons: zh-CN or en (env PLAYBOOK_LANG)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: playbook export --in FILE --format F --out DIR\n\nWrites one export of a valid playbook. An invalid file is refused with every problem and nothing is written.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *in == "" || *format == "" || *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return exitUsage
	}
	if !slices.Contains(export.Formats, *format) {
		fmt.Fprintf(stderr, "playbook: unknown format %q; use one of %s\n", *format, strings.Join(export.Formats, ", "))
		return exitUsage
	}
	p, code := loadPlaybook(*in, *lang, false, stdout, stderr)
	if code != exitOK {
		return code
	}
	files, err := export.Export(p, *format)
	if err != nil {
		fmt.Fprintf(stderr, "playbook: %v\n", err)
		return exitInvalid
	}
	if err := writeAll(*out, files); err != nil {
		fmt.Fprintf(stderr, "playbook: %v\n", err)
		return exitUsage
	}
	for _, f := range files {
		fmt.Fprintln(stdout, filepath.Join(*out, f.Name))
	}
	return exitOK
}

// writeAll writes every file or none: each goes to a temporary file beside
// its place first, and only when all are written are they renamed into place.
func writeAll(dir string, files []export.File) error {
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	root := filepath.Clean(dir) + string(filepath.Separator)
	for _, f := range files {
		dest := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(dest, root) {
			cleanup()
			return fmt.Errorf("export file %q would leave the output folder", f.Name)
		}
		if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
			cleanup()
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, tmp.Name())
		_, werr := tmp.Write(f.Data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), 0o644)); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", dest, err)
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, filepath.FromSlash(f.Name))); err != nil {
			cleanup()
			return err
		}
	}
	return nil
}
