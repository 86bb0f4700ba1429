package cases

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"image"
	_ "image/gif"  // decode GIF headers
	_ "image/jpeg" // decode JPEG headers
	_ "image/png"  // decode PNG headers
	"io"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// File is a file that belongs to a case: an image its Markdown shows, or a
// data set (CSV) it ships. Markdown refers to a file by its bare name:
// ![漏斗](funnel.png) or [数据](opportunities.csv).
type File struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"-"`
}

// Limits of case files.
const (
	MaxImageBytes  = 5 << 20 // 5 MB per image
	MaxDataBytes   = 4 << 20 // 4 MB per CSV data file
	MaxImagePixels = 40_000_000
	MaxImageSide   = 12_000
	MaxCSVColumns  = 100
)

// Content types a case file may have.
const (
	TypePNG  = "image/png"
	TypeJPEG = "image/jpeg"
	TypeGIF  = "image/gif"
	TypeWebP = "image/webp"
	TypeCSV  = "text/csv; charset=utf-8"
)

var extTypes = map[string]string{
	".png": TypePNG, ".jpg": TypeJPEG, ".jpeg": TypeJPEG, ".gif": TypeGIF, ".webp": TypeWebP, ".csv": TypeCSV,
}

// ValidFileName reports whether name can name a case file: 1–80 bytes of
// letters, digits, '.', '-' and '_', starting with a letter or digit, with one
// of the extensions .png .jpg .jpeg .gif .webp .csv.
func ValidFileName(name string) bool {
	if name == "" || len(name) > MaxFileNameBytes || !isAlnum(name[0]) {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(isAlnum(c) || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	_, ok := extTypes[strings.ToLower(path.Ext(name))]
	return ok
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// IsImageName reports whether name has an image extension.
func IsImageName(name string) bool {
	return strings.HasPrefix(extTypes[strings.ToLower(path.Ext(name))], "image/")
}

// ErrNotImage and friends say why an upload was refused.
var (
	ErrFileName  = errors.New("the file name must be 1–80 characters of letters, digits, '.', '-' and '_' ending in .png, .jpg, .jpeg, .gif, .webp or .csv")
	ErrImageType = errors.New("only PNG, JPEG, GIF and WebP images are accepted (SVG and other types are not)")
)

// CheckImage checks an uploaded image: its size, its real (sniffed) type,
// and that its header decodes to sane dimensions. It returns the content type.
func CheckImage(data []byte) (string, error) {
	if len(data) == 0 {
		return "", errors.New("the image is empty")
	}
	if len(data) > MaxImageBytes {
		return "", &Problem{Message: sizeMessage("an image", len(data), MaxImageBytes)}
	}
	ct := http.DetectContentType(data)
	switch ct {
	case TypePNG, TypeJPEG, TypeGIF:
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return "", errors.New("the image is damaged: its header cannot be read")
		}
		if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide ||
			cfg.Width*cfg.Height > MaxImagePixels {
			return "", errors.New("the image is too large: at most 12,000 pixels a side and 40 megapixels")
		}
	case TypeWebP:
		// RIFF size field: the bytes after the first 8.
		if len(data) < 16 || int64(binary.LittleEndian.Uint32(data[4:8])) > int64(len(data)) {
			return "", errors.New("the image is damaged: its WebP header is inconsistent")
		}
	default:
		return "", ErrImageType
	}
	return ct, nil
}

// CheckFile checks a case file by name and content and returns its content
// type: images as CheckImage does, data sets as well-formed UTF-8 CSV of at
// most MaxDataBytes. The name's extension must agree with the content.
func CheckFile(name string, data []byte) (string, error) {
	if !ValidFileName(name) {
		return "", ErrFileName
	}
	want := extTypes[strings.ToLower(path.Ext(name))]
	if want == TypeCSV {
		return TypeCSV, checkCSV(data)
	}
	ct, err := CheckImage(data)
	if err != nil {
		return "", err
	}
	if ct != want {
		return "", &Problem{Message: "the file's content is " + ct + " but its name ends in " + path.Ext(name)}
	}
	return ct, nil
}

func checkCSV(data []byte) error {
	if len(data) > MaxDataBytes {
		return &Problem{Message: sizeMessage("a data file", len(data), MaxDataBytes)}
	}
	body := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(body) {
		return errors.New("the CSV file is not UTF-8 text")
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return errors.New("the CSV file holds NUL bytes")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = 0
	rows := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return &Problem{Message: "the CSV file is malformed: " + err.Error()}
		}
		if len(rec) > MaxCSVColumns {
			return &Problem{Message: "the CSV file has more than 100 columns"}
		}
		rows++
	}
	if rows == 0 {
		return errors.New("the CSV file is empty")
	}
	return nil
}

func sizeMessage(what string, n, max int) string {
	return what + " may be at most " + humanBytes(max) + "; this one is " + humanBytes(n)
}

func humanBytes(n int) string {
	switch {
	case n >= 1<<20:
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MB"
	case n >= 1<<10:
		return strconv.Itoa(n>>10) + " KB"
	}
	return strconv.Itoa(n) + " bytes"
}

// linkTarget finds Markdown link and image targets: [text](target) and
// ![alt](target "title").
var linkTarget = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)

// FileRefs lists the case files a case's Markdown refers to by bare name, in
// order of first appearance, over every variant and section.
func FileRefs(c *Case) []string {
	var refs []string
	for _, lv := range c.variants() {
		for _, s := range sections {
			for _, m := range linkTarget.FindAllStringSubmatch(*s.get(lv.v), -1) {
				target := m[1]
				if strings.ContainsAny(target, ":/?#") || !ValidFileName(target) {
					continue
				}
				if !slices.Contains(refs, target) {
					refs = append(refs, target)
				}
			}
		}
	}
	return refs
}

// MissingFiles lists the files c refers to that are not among names.
func MissingFiles(c *Case, names []string) []string {
	var missing []string
	for _, r := range FileRefs(c) {
		if !slices.Contains(names, r) {
			missing = append(missing, r)
		}
	}
	return missing
}
