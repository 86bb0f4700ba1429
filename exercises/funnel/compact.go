package funnel

// Limits of a compact result, the form shown on a workshop board that every
// group and the projector receive live.
const (
	CompactOwners  = 30
	CompactPeriods = 36
	CompactStuck   = 30
	CompactBadRows = 20
	CompactValues  = 20
)

// Compact returns a copy of r with its long lists cut to what a board
// shows: the top owners (the rest counted in OwnersOmitted), the latest
// months, the most overdue stuck deals and the first bad rows. Totals and
// counts by reason stay complete.
func (r *Result) Compact() *Result {
	c := *r
	if len(c.Owners) > CompactOwners {
		c.OwnersOmitted += int64(len(c.Owners) - CompactOwners)
		c.Owners = append([]OwnerResult(nil), c.Owners[:CompactOwners]...)
	}
	if len(c.Periods) > CompactPeriods {
		c.Periods = append([]PeriodResult(nil), c.Periods[len(c.Periods)-CompactPeriods:]...)
	}
	if len(c.Stuck) > CompactStuck {
		c.Stuck = append([]StuckDeal(nil), c.Stuck[:CompactStuck]...)
	}
	if len(c.BadRows) > CompactBadRows {
		c.BadRows = append([]BadRow(nil), c.BadRows[:CompactBadRows]...)
	}
	if len(c.UnknownStages) > CompactValues {
		c.UnknownStages = append([]ValueCount(nil), c.UnknownStages[:CompactValues]...)
	}
	return &c
}

// Validate checks that a mapping names only known fields and says where
// each is with at most 200 characters.
func (m Mapping) Validate(fields []Field) error {
	for f, col := range m {
		known := false
		for _, k := range fields {
			known = known || k == f
		}
		if !known {
			return inputErr(CodeBadMapping, "未知字段“%s”", "unknown field %q", f)
		}
		if len([]rune(col)) > 200 {
			return inputErr(CodeBadMapping, "字段“%s”的列名太长", "the column of %q is too long", f)
		}
	}
	return nil
}

// CheckMapping reads only the header of in and reports what would refuse the
// file outright: not a table, empty, no header, a mapping to a column that
// does not exist, or no stage column.
func CheckMapping(in Input, m Mapping) error {
	t, err := openTable(in)
	if err != nil {
		return err
	}
	defer t.Close()
	header, _, err := t.Next()
	if err != nil {
		if ie, ok := AsInputError(err); ok {
			return ie
		}
		return inputErr(CodeEmpty, "文件是空的", "the file is empty")
	}
	header = append([]string(nil), header...)
	if err := checkHeader(header); err != nil {
		return err
	}
	cols, _, err := resolve(header, m, Fields)
	if err != nil {
		return err
	}
	if !cols.has(FieldStage) {
		return noStageColumn(header)
	}
	return nil
}
