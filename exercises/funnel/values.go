package funnel

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// Money is an amount in cents (hundredths of the currency unit), so sums
// over a million rows stay exact.
type Money int64

// Float returns the amount in currency units.
func (m Money) Float() float64 { return float64(m) / 100 }

// maxAmount bounds one opportunity's amount (10^13 currency units).
const maxAmount = Money(1e15)

// parseAmount reads an amount as CRMs and Excel write it: "125000",
// "125,000.50", "¥125,000", "RMB 1,250", "12.5万", "1.2亿", "(1,000)" is
// refused as negative. scale multiplies the number (10000 for a "金额（万元）"
// column). ok is false for text that is not an amount.
func parseAmount(s string, scale int64) (Money, bool) {
	// Fast path: plain digits with an optional decimal point.
	var whole, frac int64
	fracDigits := 0
	dot := false
	plain := len(s) > 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if dot {
				if fracDigits < 2 {
					frac = frac*10 + int64(c-'0')
					fracDigits++
				} else if fracDigits == 2 {
					fracDigits = 3
					if c >= '5' {
						frac++ // round half up on the third decimal
					}
				}
			} else {
				whole = whole*10 + int64(c-'0')
				if whole > int64(maxAmount) {
					return 0, false
				}
			}
		case c == '.' && !dot:
			dot = true
		default:
			plain = false
		}
		if !plain {
			break
		}
	}
	if plain {
		if fracDigits == 1 {
			frac *= 10
		}
		if fracDigits == 0 && dot && len(s) == 1 {
			return 0, false
		}
		return scaleMoney(Money(whole*100+frac), scale)
	}
	return parseAmountSlow(s, scale)
}

func scaleMoney(m Money, scale int64) (Money, bool) {
	if scale > 1 {
		if m > maxAmount/Money(scale) {
			return 0, false
		}
		m *= Money(scale)
	}
	if m > maxAmount {
		return 0, false
	}
	return m, true
}

func parseAmountSlow(s string, scale int64) (Money, bool) {
	s = strings.TrimSpace(s)
	for _, p := range []string{"¥", "￥", "$", "€", "£", "RMB", "rmb", "CNY", "cny", "USD", "usd", "元", "人民币"} {
		s = strings.TrimPrefix(s, p)
		s = strings.TrimSuffix(s, p)
		s = strings.TrimSpace(s)
	}
	unit := int64(1)
	switch {
	case strings.HasSuffix(s, "万"):
		unit, s = 10000, strings.TrimSuffix(s, "万")
	case strings.HasSuffix(s, "亿"):
		unit, s = 100000000, strings.TrimSuffix(s, "亿")
	}
	s = strings.TrimSpace(s)
	if s == "" || s[0] == '-' || s[0] == '(' {
		return 0, false
	}
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == '.':
			clean = append(clean, c)
		case c == ',' || c == ' ' || c == '\'' || c == '_':
		default:
			return 0, false
		}
	}
	if len(clean) == 0 || strings.Count(string(clean), ".") > 1 || string(clean) == "." {
		return 0, false
	}
	if unit == 1 {
		return parseAmount(string(clean), scale)
	}
	// 12.5万: keep the decimals the unit moves into the whole part.
	var f float64
	var div float64 = 1
	dot := false
	for _, c := range clean {
		if c == '.' {
			dot = true
			continue
		}
		f = f*10 + float64(c-'0')
		if dot {
			div *= 10
		}
	}
	v := f / div * float64(unit) * float64(max(scale, 1)) * 100
	if v > float64(maxAmount) {
		return 0, false
	}
	return Money(math.Round(v)), true
}

// amountScale reads a unit from the amount column's header: 万元 → 10000.
func amountScale(header string) int64 {
	switch {
	case strings.Contains(header, "亿元"):
		return 100000000
	case strings.Contains(header, "万元"), strings.Contains(header, "(万)"), strings.Contains(header, "（万）"):
		return 10000
	case strings.Contains(header, "千元"):
		return 1000
	}
	return 1
}

// Day is a calendar day counted from 1970-01-01.
type Day int32

// NoDay marks a missing date.
const NoDay Day = math.MinInt32

// Time returns the day as a UTC midnight.
func (d Day) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String writes the day as YYYY-MM-DD ("" for NoDay).
func (d Day) String() string {
	if d == NoDay {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// DayOf returns the day of t (its calendar date in UTC).
func DayOf(t time.Time) Day {
	y, m, dd := t.Date()
	return daysFromCivil(y, int(m), dd)
}

// daysFromCivil counts days since 1970-01-01 (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) Day {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Day(era*146097 + doe - 719468)
}

// civil returns the year, month and day of d (the inverse of
// daysFromCivil).
func civil(d Day) (y, m, dd int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, dd
}

var monthDays = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func validDate(y, m, d int) bool {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > monthDays[m] {
		return false
	}
	if m == 2 && d == 29 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		return false
	}
	return true
}

// dateShape is the written form of a date value.
type dateShape uint8

const (
	shapeBad    dateShape = iota
	shapeYMD              // 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305
	shapeXXY              // 05/03/2026 or 03/05/2026: day/month order unknown
	shapeDMY              // only possible as day/month/year (first number > 12)
	shapeMDY              // only possible as month/day/year (second number > 12)
	shapeSerial           // an Excel serial day number (XLSX cells)
)

// parseDate reads one date value. For day/month/year forms it uses order
// and reports the shape, so a column's order can be checked as a whole.
func parseDate(s string, order DateOrder, excel bool) (Day, dateShape) {
	// Numbers: year, then up to two more, separated by non-digits.
	var nums [3]int
	var lens [3]int
	n := 0
	i := 0
	for i < len(s) && n < 3 {
		c := s[i]
		if c >= '0' && c <= '9' {
			v, l := 0, 0
			for i < len(s) && s[i] >= '0' && s[i] <= '9' && l < 9 {
				v = v*10 + int(s[i]-'0')
				i++
				l++
			}
			nums[n], lens[n] = v, l
			n++
			continue
		}
		if n == 0 {
			return NoDay, shapeBad // dates start with a number
		}
		// Separators: - / . 年 月 and, after three numbers, a time part.
		switch {
		case c == '-' || c == '/' || c == '.' || c == ' ':
			i++
		case strings.HasPrefix(s[i:], "年") || strings.HasPrefix(s[i:], "月"):
			i += 3
		default:
			return NoDay, shapeBad
		}
	}
	rest := strings.TrimSpace(s[i:])
	if rest != "" && !validTimeTail(rest) {
		return NoDay, shapeBad
	}
	switch {
	case n == 1 && lens[0] == 8 && rest == "": // 20260305
		y, m, d := nums[0]/10000, nums[0]/100%100, nums[0]%100
		if validDate(y, m, d) {
			return daysFromCivil(y, m, d), shapeYMD
		}
		return NoDay, shapeBad
	case n == 1 && excel && lens[0] <= 6 || n == 2 && excel && lens[0] <= 6 && strings.Contains(s, "."):
		// An Excel serial day (1900 date system), maybe with a time fraction.
		v := nums[0]
		if v < 1 || v > 2958465 {
			return NoDay, shapeBad
		}
		// Excel counts 1900-02-29 (which did not exist): serial 61 is 1900-03-01.
		return Day(v) - 25569, shapeSerial
	case n != 3:
		return NoDay, shapeBad
	case lens[0] == 4:
		if validDate(nums[0], nums[1], nums[2]) {
			return daysFromCivil(nums[0], nums[1], nums[2]), shapeYMD
		}
		return NoDay, shapeBad
	case lens[2] == 4 && lens[0] <= 2 && lens[1] <= 2:
		a, b, y := nums[0], nums[1], nums[2]
		dmyOK, mdyOK := validDate(y, b, a), validDate(y, a, b)
		shape := shapeXXY
		switch {
		case dmyOK && !mdyOK:
			shape = shapeDMY
		case mdyOK && !dmyOK:
			shape = shapeMDY
		case !dmyOK && !mdyOK:
			return NoDay, shapeBad
		case a == b:
			shape = shapeYMD // 05/05/2026 reads the same either way
		}
		if order == DateMDY {
			if !mdyOK {
				return NoDay, shape
			}
			return daysFromCivil(y, a, b), shape
		}
		if !dmyOK {
			return NoDay, shape
		}
		return daysFromCivil(y, b, a), shape
	}
	return NoDay, shapeBad
}

// validTimeTail accepts what may follow a date: a time of day with optional
// seconds, fraction and zone ("10:30", "T10:30:00Z", "10:30:00.000+08:00",
// "日", "日 10:30").
func validTimeTail(s string) bool {
	s = strings.TrimPrefix(s, "日")
	s = strings.TrimSpace(strings.TrimPrefix(s, "T"))
	if s == "" {
		return true
	}
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z' || c == ' ' || c == 'T') {
			if strings.HasPrefix(s[i:], "上午") || strings.HasPrefix(s[i:], "下午") || s[i:] == "AM" || s[i:] == "PM" || s[i:] == "am" || s[i:] == "pm" {
				return true
			}
			return false
		}
	}
	return strings.Contains(s, ":")
}

// Status is where an opportunity stands.
type Status uint8

// Statuses.
const (
	StatusUnknown Status = iota
	StatusOpen
	StatusWon
	StatusLost
)

func (s Status) String() string {
	switch s {
	case StatusOpen:
		return "open"
	case StatusWon:
		return "won"
	case StatusLost:
		return "lost"
	}
	return "unknown"
}

var statusWords = map[string]Status{
	"进行中": StatusOpen, "跟进中": StatusOpen, "进行": StatusOpen, "开放": StatusOpen, "未关闭": StatusOpen, "在跟": StatusOpen, "推进中": StatusOpen, "暂停": StatusOpen, "搁置": StatusOpen,
	"open": StatusOpen, "inprogress": StatusOpen, "active": StatusOpen, "pending": StatusOpen, "onhold": StatusOpen,
	"赢单": StatusWon, "赢": StatusWon, "成交": StatusWon, "已成交": StatusWon, "签约": StatusWon, "已签约": StatusWon, "赢得": StatusWon, "成功": StatusWon,
	"won": StatusWon, "win": StatusWon, "closedwon": StatusWon, "closewon": StatusWon,
	"输单": StatusLost, "输": StatusLost, "丢单": StatusLost, "失单": StatusLost, "失败": StatusLost, "已丢单": StatusLost, "放弃": StatusLost, "无效": StatusLost,
	"lost": StatusLost, "loss": StatusLost, "closedlost": StatusLost, "closelost": StatusLost, "dead": StatusLost,
}

// parseStatus reads a status value ("" for none).
func parseStatus(s string) (Status, bool) {
	if s == "" {
		return StatusUnknown, true
	}
	if st, ok := statusWords[s]; ok {
		return st, true
	}
	st, ok := statusWords[normKey(s)]
	return st, ok
}

// wonStageWords and lostStageWords recognise the closed stages when no
// configuration names them.
var (
	wonStageWords  = []string{"赢单", "成交", "已成交", "签约成功", "已签约", "closedwon", "won", "closewon", "dealwon"}
	lostStageWords = []string{"输单", "丢单", "失单", "已丢单", "失败", "closedlost", "lost", "closelost", "deallost"}
)
