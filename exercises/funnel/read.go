package funnel

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// SourceInfo describes how a file was read.
type SourceInfo struct {
	Name      string   `json:"name"`
	Format    string   `json:"format"`              // "csv" or "xlsx"
	Encoding  string   `json:"encoding,omitempty"`  // utf-8, utf-8-bom, utf-16le, utf-16be, gb18030
	Delimiter string   `json:"delimiter,omitempty"` // ",", ";", "\t", "|"
	Sheet     string   `json:"sheet,omitempty"`
	Sheets    []string `json:"sheets,omitempty"`
	Rows      int64    `json:"rows"` // data rows read (header excluded)
	Bytes     int64    `json:"bytes,omitempty"`
	// InvalidText counts byte sequences that were neither UTF-8 nor part of
	// a GBK file (a file mixing encodings); they show as U+FFFD.
	InvalidText int64 `json:"invalid_text,omitempty"`
}

// table is a stream of records: the header first, then the data rows.
type table interface {
	// Next returns the next record and its row number as a spreadsheet shows
	// it (the header is row 1). It returns io.EOF at the end. The slice may
	// be reused by the next call.
	Next() ([]string, int, error)
	// Progress returns the bytes read so far and the rows expected (0 when
	// unknown).
	Progress() (bytes int64, totalRows int64)
	Info() *SourceInfo
	Close() error
}

// openTable opens in and decides, from its bytes, how to read it.
func openTable(in Input) (table, error) {
	if in.Open == nil {
		return nil, inputErr(CodeEmpty, "没有文件", "no file")
	}
	rc, err := in.Open()
	if err != nil {
		return nil, err
	}
	counter := &countingReader{r: rc}
	br := bufio.NewReaderSize(counter, 256<<10)
	head, err := br.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		rc.Close()
		return nil, inputErr(CodeUnreadable, "无法读取文件：%v", "cannot read the file: %v", err)
	}
	kind, err := sniff(head)
	if err != nil {
		rc.Close()
		return nil, err
	}
	info := &SourceInfo{Name: in.Name, Format: kind}
	if kind == "xlsx" {
		return openXLSX(br, rc, in, info)
	}
	return openCSV(br, counter, rc, in, info)
}

// sniff tells a CSV from an XLSX file, and both from everything else.
func sniff(head []byte) (string, error) {
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	switch {
	case len(head) == 0 || len(trimmed) == 0 || bytes.Equal(bytes.TrimSpace(head), []byte("\xef\xbb\xbf")):
		return "", inputErr(CodeEmpty, "文件是空的", "the file is empty")
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "xlsx", nil
	case bytes.HasPrefix(head, []byte("PK")):
		return "", inputErr(CodeNotTable, "这是一个空的或损坏的 ZIP 文件，不是 XLSX 工作簿", "this is an empty or damaged ZIP file, not an XLSX workbook")
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "", inputErr(CodeNotTable, "这是旧版 Excel(.xls）或加密的工作簿：请另存为 .xlsx 或 CSV", "this is an old Excel (.xls) or encrypted workbook: save it as .xlsx or CSV")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return "", inputErr(CodeNotTable, "这是 PDF 文件，不是 CSV 或 XLSX", "this is a PDF, not CSV or XLSX")
	case bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte("GIF8")), bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "", inputErr(CodeNotTable, "这是图片，不是 CSV 或 XLSX", "this is an image, not CSV or XLSX")
	case bytes.HasPrefix(head, []byte("\x1f\x8b")), bytes.HasPrefix(head, []byte("Rar!")), bytes.HasPrefix(head, []byte("7z\xbc\xaf")):
		return "", inputErr(CodeNotTable, "这是压缩包：请先解压，再上传其中的 CSV 或 XLSX", "this is a compressed archive: unpack it and upload the CSV or XLSX inside")
	case hasPrefixFold(trimmed, "<!doctype html"), hasPrefixFold(trimmed, "<html"), hasPrefixFold(trimmed, "<table"):
		return "", inputErr(CodeNotTable, "这是 HTML 网页（有些 CRM 把网页存成 .xls)：请在 Excel 中另存为 .xlsx 或 CSV", "this is an HTML page (some CRMs save one as .xls): open it in Excel and save it as .xlsx or CSV")
	case hasPrefixFold(trimmed, "<?xml"):
		return "", inputErr(CodeNotTable, "这是 XML 文件（可能是 Excel 2003 XML)：请另存为 .xlsx 或 CSV", "this is an XML file (perhaps Excel 2003 XML): save it as .xlsx or CSV")
	case bytes.HasPrefix(head, []byte("\xff\xfe")), bytes.HasPrefix(head, []byte("\xfe\xff")):
		return "csv", nil // UTF-16 text, as Excel's "Unicode text" writes it
	case bytes.IndexByte(head, 0) >= 0:
		return "", inputErr(CodeNotTable, "这是二进制文件，不是 CSV 或 XLSX", "this is a binary file, not CSV or XLSX")
	}
	return "csv", nil
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// csvTable reads delimited text.
type csvTable struct {
	r       *csv.Reader
	counter *countingReader
	dec     *textDecoder
	closer  io.Closer
	info    *SourceInfo
	row     int
}

func openCSV(br *bufio.Reader, counter *countingReader, rc io.Closer, in Input, info *SourceInfo) (table, error) {
	var text io.Reader
	var dec *textDecoder
	switch head, _ := br.Peek(3); {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		info.Encoding = "utf-8-bom"
		dec = &textDecoder{r: br, mode: modeUTF8}
		text = dec
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		info.Encoding = "utf-16le"
		text = transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		info.Encoding = "utf-16be"
		text = transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder())
	default:
		dec = &textDecoder{r: br}
		text = dec
	}
	tb := bufio.NewReaderSize(text, 256<<10)
	sample, _ := tb.Peek(64 << 10)
	delim := sniffDelimiter(sample)
	if dec != nil && info.Encoding == "" {
		// The encoding is settled by the sample unless it was pure ASCII.
		info.Encoding = dec.name()
	}
	r := csv.NewReader(tb)
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	info.Delimiter = string(delim)
	return &csvTable{r: r, counter: counter, dec: dec, closer: rc, info: info}, nil
}

func (t *csvTable) Next() ([]string, int, error) {
	rec, err := t.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			t.row++
			return nil, t.row, &rowError{reason: tf("CSV 格式错误：%v", "malformed CSV: %v", pe.Err)}
		}
		return nil, 0, inputErr(CodeUnreadable, "读取文件出错：%v", "reading the file failed: %v", err)
	}
	t.row++
	if len(rec) > MaxColumns {
		return nil, t.row, inputErr(CodeTooLarge, "第 %d 行有 %d 列，最多 %d 列", "row %d has %d columns; the limit is %d", t.row, len(rec), MaxColumns)
	}
	return rec, t.row, nil
}

func (t *csvTable) Progress() (int64, int64) { return t.counter.n, 0 }
func (t *csvTable) Info() *SourceInfo {
	if t.dec != nil && t.info.Encoding != "utf-8-bom" {
		t.info.Encoding = t.dec.name()
	}
	if t.dec != nil {
		t.info.InvalidText = t.dec.invalid
	}
	t.info.Bytes = t.counter.n
	return t.info
}
func (t *csvTable) Close() error { return t.closer.Close() }

// sniffDelimiter picks the separator that occurs most often, outside
// quotes, in the first line of text.
func sniffDelimiter(sample []byte) rune {
	counts := map[byte]int{}
	inQuote := false
	for _, c := range sample {
		if c == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if c == '\n' {
			break
		}
		switch c {
		case ',', ';', '\t', '|':
			counts[c]++
		}
	}
	best, n := byte(','), 0
	for _, c := range []byte{',', '\t', ';', '|'} {
		if counts[c] > n {
			best, n = c, counts[c]
		}
	}
	return rune(best)
}

// Text decoding modes.
const (
	modeASCII = iota // only ASCII so far: UTF-8 and GBK agree
	modeUTF8         // valid UTF-8 with non-ASCII text seen
	modeGB           // GB18030 (a superset of GBK), as Chinese Excel writes CSV
)

// textDecoder passes UTF-8 through and switches to GB18030 at the first
// byte sequence that is not UTF-8, provided everything before it was ASCII
// (where both encodings agree). In a file that mixes both, the stray bytes
// are passed through and counted; they show as U+FFFD.
type textDecoder struct {
	r       io.Reader
	mode    int
	gb      io.Reader
	pending []byte // an incomplete UTF-8 sequence held back from the last read
	invalid int64
	eof     bool
}

func (d *textDecoder) name() string {
	switch d.mode {
	case modeGB:
		return "gb18030"
	}
	return "utf-8"
}

func (d *textDecoder) Read(p []byte) (int, error) {
	if d.mode == modeGB {
		return d.gb.Read(p)
	}
	if len(p) < 8 {
		return 0, io.ErrShortBuffer
	}
	n := copy(p, d.pending)
	d.pending = d.pending[:0]
	var err error
	if !d.eof {
		var m int
		m, err = d.r.Read(p[n:])
		n += m
		if errors.Is(err, io.EOF) {
			d.eof, err = true, nil
		}
	}
	if n == 0 {
		if d.eof {
			return 0, io.EOF
		}
		return 0, err
	}
	chunk := p[:n]
	// Hold back a sequence the read cut in two; it is completed next time.
	if !d.eof {
		if k := incompleteTail(chunk); k > 0 {
			d.pending = append(d.pending, chunk[n-k:]...)
			n -= k
			chunk = chunk[:n]
		}
	}
	if utf8.Valid(chunk) {
		if d.mode == modeASCII && asciiPrefix(chunk) < n {
			d.mode = modeUTF8
		}
		return n, err
	}
	i := 0
	for i < n {
		c := chunk[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(chunk[i:])
		if r != utf8.RuneError || size > 1 {
			if d.mode == modeASCII {
				d.mode = modeUTF8
			}
			i += size
			continue
		}
		if d.mode == modeASCII {
			// Everything so far was ASCII: the file is GBK from here on.
			d.mode = modeGB
			rest := append([]byte(nil), chunk[i:]...)
			rest = append(rest, d.pending...)
			d.pending = nil
			src := io.Reader(bytes.NewReader(rest))
			if !d.eof {
				src = io.MultiReader(src, d.r)
			}
			d.gb = transform.NewReader(src, simplifiedchinese.GB18030.NewDecoder())
			if i == 0 {
				return d.gb.Read(p)
			}
			return i, err
		}
		d.invalid++
		i++
	}
	return n, err
}

// incompleteTail returns how many bytes at the end of b begin a UTF-8
// sequence that b does not finish.
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		c := b[i]
		switch {
		case c < 0x80:
			return 0
		case c >= 0xC0:
			need := 2
			if c >= 0xF0 {
				need = 4
			} else if c >= 0xE0 {
				need = 3
			}
			if len(b)-i < need {
				return len(b) - i
			}
			return 0
		}
	}
	return 0
}

// asciiPrefix returns the length of the ASCII prefix of b.
func asciiPrefix(b []byte) int {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if (uint64(b[i])|uint64(b[i+1])<<8|uint64(b[i+2])<<16|uint64(b[i+3])<<24|
			uint64(b[i+4])<<32|uint64(b[i+5])<<40|uint64(b[i+6])<<48|uint64(b[i+7])<<56)&0x8080808080808080 != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return i
}

// xlsxTable reads the rows of one worksheet as a stream.
type xlsxTable struct {
	f     *excelize.File
	rows  *excelize.Rows
	info  *SourceInfo
	row   int
	total int64
}

// maxUnzipped bounds what an XLSX file may expand to (a guard against zip
// bombs); worksheets larger than excelize's in-memory limit are unpacked to
// temporary files by excelize itself.
const maxUnzipped = 2 << 30

func openXLSX(br *bufio.Reader, rc io.Closer, in Input, info *SourceInfo) (table, error) {
	defer rc.Close()
	f, err := excelize.OpenReader(br, excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, inputErr(CodeUnreadable, "无法作为 XLSX 工作簿打开：%v", "cannot open it as an XLSX workbook: %v", err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, inputErr(CodeNotTable, "这个 ZIP 文件不是 XLSX 工作簿", "this ZIP file is not an XLSX workbook")
	}
	sheet := in.Sheet
	if sheet == "" {
		sheet = sheets[0]
		for _, s := range sheets {
			if visible, err := f.GetSheetVisible(s); err == nil && visible {
				sheet = s
				break
			}
		}
	} else if !contains(sheets, sheet) {
		f.Close()
		return nil, inputErr(CodeBadOption, "工作簿中没有工作表“%s”", "the workbook has no sheet %q", sheet)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, inputErr(CodeUnreadable, "无法读取工作表“%s”：%v", "cannot read sheet %q: %v", sheet, err)
	}
	info.Sheet, info.Sheets = sheet, sheets
	t := &xlsxTable{f: f, rows: rows, info: info}
	if dim, err := f.GetSheetDimension(sheet); err == nil {
		if _, last, ok := strings.Cut(dim, ":"); ok {
			if _, r, err := excelize.CellNameToCoordinates(last); err == nil {
				t.total = int64(r) - 1
			}
		}
	}
	return t, nil
}

func (t *xlsxTable) Next() ([]string, int, error) {
	if !t.rows.Next() {
		if err := t.rows.Error(); err != nil {
			return nil, 0, inputErr(CodeUnreadable, "读取工作表出错：%v", "reading the worksheet failed: %v", err)
		}
		return nil, 0, io.EOF
	}
	t.row++
	rec, err := t.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, t.row, &rowError{reason: tf("无法读取此行：%v", "cannot read this row: %v", err)}
	}
	if len(rec) > MaxColumns {
		return nil, t.row, inputErr(CodeTooLarge, "第 %d 行有 %d 列，最多 %d 列", "row %d has %d columns; the limit is %d", t.row, len(rec), MaxColumns)
	}
	return rec, t.row, nil
}

func (t *xlsxTable) Progress() (int64, int64) { return 0, t.total }
func (t *xlsxTable) Info() *SourceInfo        { return t.info }
func (t *xlsxTable) Close() error {
	t.rows.Close()
	return t.f.Close()
}

// rowError is a problem with one row: the row is listed and skipped, the
// file goes on.
type rowError struct {
	reason Text
}

func (e *rowError) Error() string { return e.reason.EN }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string { return strconv.Itoa(n) }
