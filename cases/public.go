package cases

import "time"

// PublicCase is what participants may read of a case: everything but the
// teaching notes. It is a separate type, with no field for the notes, so no
// code path can hand them to a participant by mistake.
type PublicCase struct {
	ID       string         `json:"id"`
	Modules  []int          `json:"modules"`
	RolePlay bool           `json:"roleplay"`
	Updated  time.Time      `json:"updated"`
	ZH       *PublicVariant `json:"zh-CN,omitempty"`
	EN       *PublicVariant `json:"en,omitempty"`
}

// PublicVariant is one language of a PublicCase.
type PublicVariant struct {
	Title      string   `json:"title"`
	Industry   string   `json:"industry"`
	Tags       []string `json:"tags"`
	Summary    string   `json:"summary"`
	Background string   `json:"background"`
	Situation  string   `json:"situation"`
	Actions    string   `json:"actions"`
	Results    string   `json:"results"`
	Exhibits   string   `json:"exhibits"`
	Questions  string   `json:"questions"`
	Takeaways  string   `json:"takeaways"`

	Buyer       string `json:"buyer,omitempty"`
	SellerBrief string `json:"seller_brief,omitempty"`
	Objections  string `json:"objections,omitempty"`
	Success     string `json:"success,omitempty"`
}

// Public returns the participant-safe projection of c.
func (c *Case) Public() *PublicCase {
	p := &PublicCase{ID: c.ID, Modules: append([]int(nil), c.Modules...), RolePlay: c.RolePlay, Updated: c.Updated}
	p.ZH, p.EN = c.ZH.public(), c.EN.public()
	return p
}

func (v *Variant) public() *PublicVariant {
	if v == nil {
		return nil
	}
	return &PublicVariant{
		Title: v.Title, Industry: v.Industry, Tags: append([]string{}, v.Tags...), Summary: v.Summary,
		Background: v.Background, Situation: v.Situation, Actions: v.Actions, Results: v.Results, Exhibits: v.Exhibits, Questions: v.Questions,
		Takeaways: v.Takeaways, Buyer: v.Buyer, SellerBrief: v.SellerBrief, Objections: v.Objections, Success: v.Success,
	}
}

// Brief is a role-play scenario as the pass-off round uses it: who the buyer
// is (for whoever plays the buyer), what the seller must achieve (for the
// performer), the objections to expect and what success looks like (for the
// judges). It never carries teaching notes.
type Brief struct {
	CaseID  string        `json:"case"`
	Modules []int         `json:"modules"`
	ZH      *BriefVariant `json:"zh-CN,omitempty"`
	EN      *BriefVariant `json:"en,omitempty"`
}

// BriefVariant is a Brief in one language. Texts are Markdown.
type BriefVariant struct {
	Title       string `json:"title"`
	Industry    string `json:"industry"`
	Summary     string `json:"summary"`
	Buyer       string `json:"buyer"`
	SellerBrief string `json:"seller_brief"`
	Objections  string `json:"objections"`
	Success     string `json:"success"`
}

// In returns the brief in lang, falling back to the other language.
func (b *Brief) In(lang string) *BriefVariant {
	if lang == EN && b.EN != nil || b.ZH == nil {
		return b.EN
	}
	return b.ZH
}

// Brief returns the role-play brief of a role-play case (false for other cases).
func (c *Case) Brief() (*Brief, bool) {
	if !c.RolePlay {
		return nil, false
	}
	b := &Brief{CaseID: c.ID, Modules: append([]int(nil), c.Modules...)}
	conv := func(v *Variant) *BriefVariant {
		if v == nil {
			return nil
		}
		return &BriefVariant{Title: v.Title, Industry: v.Industry, Summary: v.Summary, Buyer: v.Buyer,
			SellerBrief: v.SellerBrief, Objections: v.Objections, Success: v.Success}
	}
	b.ZH, b.EN = conv(c.ZH), conv(c.EN)
	return b, true
}

// Summary is a case in a list: enough to choose it, without its body.
type Summary struct {
	ID       string          `json:"id"`
	Modules  []int           `json:"modules"`
	RolePlay bool            `json:"roleplay"`
	Client   string          `json:"client,omitempty"`
	Updated  time.Time       `json:"updated"`
	ZH       *SummaryVariant `json:"zh-CN,omitempty"`
	EN       *SummaryVariant `json:"en,omitempty"`
}

// SummaryVariant is one language of a Summary.
type SummaryVariant struct {
	Title    string   `json:"title"`
	Industry string   `json:"industry"`
	Tags     []string `json:"tags"`
	Summary  string   `json:"summary"`
}

// Summarize returns the list form of c.
func (c *Case) Summarize() *Summary {
	s := &Summary{ID: c.ID, Modules: append([]int(nil), c.Modules...), RolePlay: c.RolePlay, Client: c.Client, Updated: c.Updated}
	conv := func(v *Variant) *SummaryVariant {
		if v == nil {
			return nil
		}
		return &SummaryVariant{Title: v.Title, Industry: v.Industry, Tags: append([]string{}, v.Tags...), Summary: v.Summary}
	}
	s.ZH, s.EN = conv(c.ZH), conv(c.EN)
	return s
}
