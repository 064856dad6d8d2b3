package profile_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

// validProfile returns a valid, normalised profile using every field.
func validProfile() profile.Profile {
	return profile.Profile{
		ID:            "lyon-mobility",
		Name:          "Lyon Mobility Cluster",
		Kind:          profile.KindCluster,
		Country:       "FR",
		Region:        "FRK26",
		City:          "Lyon",
		Website:       "https://example.org/lyon",
		Language:      "fr",
		Description:   "Automotive suppliers and research labs.",
		Sectors:       []string{"C29", "C27.20"},
		Categories:    []string{"automotive"},
		Industries:    []string{"mobility-technologies"},
		Ecosystems:    []string{"mobility-transport-automotive"},
		Technologies:  []string{"lidar", "battery management"},
		Offers:        []string{"test tracks"},
		Needs:         []string{"5G modules"},
		TargetMarkets: []string{"US", "JP"},
		Members:       120,
		SMEs:          80,
		Founded:       2006,
		Label:         profile.LabelGold,
		Partnerships:  []string{"escp-2018-07"},
	}
}

// fieldNames returns the Field of every FieldError in err.
func fieldNames(err error) []string {
	var ve *profile.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestValidateRules(t *testing.T) {
	thisYear := time.Now().Year()
	tests := []struct {
		name   string
		edit   func(p *profile.Profile)
		bad    string // the one field reported; "" means valid
		values string // the reported value, if bad
	}{
		{"valid", func(p *profile.Profile) {}, "", ""},

		{"id empty", func(p *profile.Profile) { p.ID = "" }, "id", ""},
		{"id blank", func(p *profile.Profile) { p.ID = "  " }, "id", ""},
		{"id with space", func(p *profile.Profile) { p.ID = "a b" }, "id", "a b"},
		{"id with slash", func(p *profile.Profile) { p.ID = "a/b" }, "id", "a/b"},
		{"id non-ASCII", func(p *profile.Profile) { p.ID = "café" }, "id", "café"},
		{"id all allowed punctuation", func(p *profile.Profile) { p.ID = "a.b_c-d:E9" }, "", ""},
		{"id trimmed", func(p *profile.Profile) { p.ID = " x1 " }, "", ""},
		{"id 128 chars", func(p *profile.Profile) { p.ID = strings.Repeat("a", 128) }, "", ""},
		{"id 129 chars", func(p *profile.Profile) { p.ID = strings.Repeat("a", 129) }, "id", strings.Repeat("a", 129)},

		{"name empty", func(p *profile.Profile) { p.Name = "" }, "name", ""},
		{"name blank", func(p *profile.Profile) { p.Name = " \t\n" }, "name", ""},
		{"name invalid UTF-8", func(p *profile.Profile) { p.Name = "Lyon \xff" }, "name", "Lyon \xff"},
		{"offers invalid UTF-8", func(p *profile.Profile) { p.Offers = []string{"ok", "\xc3"} }, "offers[1]", "\xc3"},

		{"kind default", func(p *profile.Profile) { p.Kind = "" }, "", ""},
		{"kind upper case", func(p *profile.Profile) { p.Kind = " Company " }, "", ""},
		{"kind every value", func(p *profile.Profile) { p.Kind = profile.KindUniversity }, "", ""},
		{"kind unknown", func(p *profile.Profile) { p.Kind = "club" }, "kind", "club"},

		{"country lower case", func(p *profile.Profile) { p.Country, p.Region = "fr", "" }, "", ""},
		{"country EL", func(p *profile.Profile) { p.Country, p.Region = "EL", "" }, "", ""},
		{"country UK", func(p *profile.Profile) { p.Country, p.Region = "uk", "" }, "", ""},
		{"country XK", func(p *profile.Profile) { p.Country, p.Region = "XK", "" }, "", ""},
		{"country empty", func(p *profile.Profile) { p.Country, p.Region = "", "" }, "country", ""},
		{"country unknown", func(p *profile.Profile) { p.Country, p.Region = "ZZ", "" }, "country", "ZZ"},
		{"country alpha-3", func(p *profile.Profile) { p.Country, p.Region = "FRA", "" }, "country", "FRA"},
		{"country name", func(p *profile.Profile) { p.Country, p.Region = "France", "" }, "country", "FRANCE"},

		{"region empty", func(p *profile.Profile) { p.Region = "" }, "", ""},
		{"region NUTS 1", func(p *profile.Profile) { p.Region = "FRK" }, "", ""},
		{"region lower case", func(p *profile.Profile) { p.Region = "frk2" }, "", ""},
		{"region other country", func(p *profile.Profile) { p.Region = "DE21" }, "region", "DE21"},
		{"region too long", func(p *profile.Profile) { p.Region = "FRK261" }, "region", "FRK261"},
		{"region punctuation", func(p *profile.Profile) { p.Region = "FR-K" }, "region", "FR-K"},
		{"region EL for GR", func(p *profile.Profile) { p.Country, p.Region = "GR", "EL30" }, "", ""},
		{"region GR for GR", func(p *profile.Profile) { p.Country, p.Region = "GR", "GR30" }, "region", "GR30"},
		{"region UK for GB", func(p *profile.Profile) { p.Country, p.Region = "GB", "UKI3" }, "", ""},
		{"region GB for GB", func(p *profile.Profile) { p.Country, p.Region = "GB", "GBI3" }, "region", "GBI3"},
		{"region without country", func(p *profile.Profile) { p.Country, p.Region = "ZZ", "ZZ1" }, "country,region", ""},

		{"language default", func(p *profile.Profile) { p.Language = "" }, "", ""},
		{"language upper case", func(p *profile.Profile) { p.Language = "DE" }, "", ""},
		{"language unknown", func(p *profile.Profile) { p.Language = "xx" }, "language", "xx"},
		{"language 639-2", func(p *profile.Profile) { p.Language = "fra" }, "language", "fra"},

		{"sector without section", func(p *profile.Profile) { p.Sectors = []string{"27.20"} }, "", ""},
		{"sector without dot", func(p *profile.Profile) { p.Sectors = []string{"C2720"} }, "", ""},
		{"sector lower case group", func(p *profile.Profile) { p.Sectors = []string{"c27.2"} }, "", ""},
		{"sector section only", func(p *profile.Profile) { p.Sectors = []string{"C"} }, "", ""},
		{"sector division of another section", func(p *profile.Profile) { p.Sectors = []string{"C29", "C99"} }, "sectors[1]", "C99"}, // 99 is in U
		{"sector unknown division", func(p *profile.Profile) { p.Sectors = []string{"C04"} }, "sectors[0]", "C04"},
		{"sector bare division 99 is U99", func(p *profile.Profile) { p.Sectors = []string{"99"} }, "", ""},
		{"sector unknown bare division", func(p *profile.Profile) { p.Sectors = []string{"04"} }, "sectors[0]", "04"},
		{"sector section mismatch", func(p *profile.Profile) { p.Sectors = []string{"A27"} }, "sectors[0]", "A27"},
		{"sector unknown section", func(p *profile.Profile) { p.Sectors = []string{"Z"} }, "sectors[0]", "Z"},
		{"sector too many digits", func(p *profile.Profile) { p.Sectors = []string{"C27.201"} }, "sectors[0]", "C27.201"},
		{"sector misplaced dot", func(p *profile.Profile) { p.Sectors = []string{"C2.720"} }, "sectors[0]", "C2.720"},

		{"category upper case", func(p *profile.Profile) { p.Categories = []string{"Automotive"} }, "", ""},
		{"category unknown", func(p *profile.Profile) { p.Categories = []string{"cars"} }, "categories[0]", "cars"},
		{"industry unknown", func(p *profile.Profile) { p.Industries = []string{"blue growth"} }, "industries[0]", "blue growth"},
		{"industry known", func(p *profile.Profile) { p.Industries = []string{"blue-growth"} }, "", ""},
		{"ecosystem unknown", func(p *profile.Profile) { p.Ecosystems = []string{"agrifood"} }, "ecosystems[0]", "agrifood"},
		{"ecosystem known", func(p *profile.Profile) { p.Ecosystems = []string{"Agri-Food"} }, "", ""},

		{"market lower case and EU code", func(p *profile.Profile) { p.TargetMarkets = []string{"us", "el"} }, "", ""},
		{"market unknown", func(p *profile.Profile) { p.TargetMarkets = []string{"US", "ZZ"} }, "target_markets[1]", "ZZ"},

		{"members zero", func(p *profile.Profile) { p.Members, p.SMEs = 0, 0 }, "", ""},
		{"members negative", func(p *profile.Profile) { p.Members, p.SMEs = -1, 0 }, "members", "-1"},
		{"smes negative", func(p *profile.Profile) { p.SMEs = -1 }, "smes", "-1"},
		{"smes equal members", func(p *profile.Profile) { p.SMEs = p.Members }, "", ""},
		{"smes above members", func(p *profile.Profile) { p.Members, p.SMEs = 5, 6 }, "smes", "6"},

		{"founded unknown", func(p *profile.Profile) { p.Founded = 0 }, "", ""},
		{"founded this year", func(p *profile.Profile) { p.Founded = thisYear }, "", ""},
		{"founded next year", func(p *profile.Profile) { p.Founded = thisYear + 1 }, "founded", fmt.Sprint(thisYear + 1)},
		{"founded before 1000", func(p *profile.Profile) { p.Founded = 999 }, "founded", "999"},
		{"founded negative", func(p *profile.Profile) { p.Founded = -2000 }, "founded", "-2000"},

		{"label none", func(p *profile.Profile) { p.Label = "" }, "", ""},
		{"label upper case", func(p *profile.Profile) { p.Label = "Silver" }, "", ""},
		{"label unknown", func(p *profile.Profile) { p.Label = "platinum" }, "label", "platinum"},

		{"partnership id bad", func(p *profile.Profile) { p.Partnerships = []string{"ok", "no/slash"} }, "partnerships[1]", "no/slash"},
		{"partnership id inner space", func(p *profile.Profile) { p.Partnerships = []string{"a  b"} }, "partnerships[0]", "a b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProfile()
			tt.edit(&p)
			before := p.Clone()
			err := p.Validate()
			assert.Equal(t, before, p, "Validate must not change the profile (%s)", tt.name)
			if tt.bad == "" {
				assert.NoError(t, err, "Validate(%s)", tt.name)
				return
			}
			require.Error(t, err, "Validate(%s)", tt.name)
			assert.ErrorIs(t, err, profile.ErrInvalid, "Validate(%s)", tt.name)
			var ve *profile.ValidationError
			require.ErrorAs(t, err, &ve, "Validate(%s)", tt.name)
			assert.Equal(t, strings.Split(tt.bad, ","), fieldNames(err), "fields reported by Validate(%s)", tt.name)
			if !strings.Contains(tt.bad, ",") {
				assert.Equal(t, tt.values, ve.Fields[0].Value, "value reported by Validate(%s)", tt.name)
			}
			var fe *profile.FieldError
			assert.ErrorAs(t, err, &fe, "Validate(%s) wraps FieldErrors", tt.name)
		})
	}
}

func TestValidateReportsEverything(t *testing.T) {
	p := profile.Profile{
		ID:         "bad id",
		Kind:       "club",
		Country:    "ZZ",
		Language:   "xx",
		Sectors:    []string{"C99", "C27"},
		Categories: []string{"cars"},
		Members:    -1,
		SMEs:       -2,
		Founded:    1,
		Label:      "tin",
	}
	err := p.Validate()
	want := []string{"id", "name", "kind", "country", "language", "sectors[0]", "categories[0]", "members", "smes", "founded", "label"}
	assert.Equal(t, want, fieldNames(err), "Validate(%+v) reports every problem in field order", p)
	assert.ErrorContains(t, err, `profile: invalid profile "bad id"`, "message of Validate(%+v)", p)
}

func TestNormalize(t *testing.T) {
	in := profile.Profile{
		ID:            " x1 ",
		Name:          "  Lyon  Mobility ",
		Kind:          "Company",
		Country:       "el",
		Region:        "el30",
		Language:      "",
		Sectors:       []string{"27.20", "C2720", "c27.2", " c ", "", "C99"},
		Categories:    []string{"Automotive", "automotive"},
		Technologies:  []string{" Lidar  sensors", "lidar SENSORS", "", "5G"},
		TargetMarkets: []string{"us", "UK", "gb", "zz"},
		Label:         " GOLD",
		Partnerships:  []string{"P1", "p1", "P1"},
		Offers:        []string{"", "  "},
		Needs:         []string{},
	}
	want := profile.Profile{
		ID:            "x1",
		Name:          "Lyon  Mobility", // free text is trimmed, not collapsed
		Kind:          "company",
		Country:       "GR",
		Region:        "EL30",
		Language:      "en",
		Sectors:       []string{"C27.20", "C27.2", "C", "C99"},
		Categories:    []string{"automotive"},
		Technologies:  []string{"Lidar sensors", "5G"},
		TargetMarkets: []string{"US", "GB", "ZZ"},
		Label:         "gold",
		Partnerships:  []string{"P1", "p1"}, // ids are case-sensitive
	}
	got := in.Clone()
	got.Normalize()
	assert.Equal(t, want, got, "Normalize(%+v)", in)
}

// randomProfile builds a messy profile from pieces that exercise every
// normalisation: case, white space, EU codes, NACE spellings, duplicates.
func randomProfile(r *rand.Rand) profile.Profile {
	pieces := []string{"", " ", "  x  ", "C27.20", "27.2", "c2720", "C", "A27", "99", "el", "UK", "gb", "de",
		"automotive", "Automotive", "blue-growth", "Lidar", "lidar", "a\tb", "é", "\xff", "Ǆ", "ß", "K", "GOLD",
		"company", "EL30", "uki3", "p:1", "x y", "\u00a0nbsp\u00a0", ";", "1A", "xk"}
	pick := func() string { return pieces[r.IntN(len(pieces))] + pieces[r.IntN(len(pieces))] }
	list := func() []string {
		n := r.IntN(5) - 1
		if n < 0 {
			return nil
		}
		l := make([]string, n)
		for i := range l {
			l[i] = pick()
		}
		return l
	}
	return profile.Profile{
		ID: pick(), Name: pick(), Kind: pick(), Country: pick(), Region: pick(), City: pick(),
		Website: pick(), Language: pick(), Description: pick(),
		Sectors: list(), Categories: list(), Industries: list(), Ecosystems: list(),
		Technologies: list(), Offers: list(), Needs: list(), TargetMarkets: list(),
		Members: r.IntN(20) - 5, SMEs: r.IntN(20) - 5, Founded: r.IntN(3000), Label: pick(),
		Partnerships: list(),
	}
}

func TestNormalizeIdempotent(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2)) // fixed seed: failures reproduce
	for i := range 5000 {
		p := randomProfile(r)
		once := p.Clone()
		once.Normalize()
		twice := once.Clone()
		twice.Normalize()
		require.Equal(t, once, twice, "Normalize not idempotent on case %d: %#v", i, p)

		// Validate checks a normalised copy: the original and its
		// normalised form must get the same verdict.
		assert.Equal(t, fieldNames(p.Validate()), fieldNames(once.Validate()),
			"Validate differs before and after Normalize on case %d: %#v", i, p)
	}
}

func TestClean(t *testing.T) {
	p := validProfile()
	p.Country = "el"
	p.Region = "EL30"
	got, err := profile.Clean(p)
	require.NoError(t, err, "Clean(%+v)", p)
	assert.Equal(t, "GR", got.Country, "Clean(%+v).Country", p)
	assert.Equal(t, "el", p.Country, "Clean must not change its argument")

	p.Name = ""
	got, err = profile.Clean(p)
	assert.ErrorIs(t, err, profile.ErrInvalid, "Clean(profile without name)")
	assert.Equal(t, profile.Profile{}, got, "Clean(profile without name) returns the zero profile")
}

func TestClone(t *testing.T) {
	p := validProfile()
	p.Needs = []string{} // empty, not nil: a copy must keep the distinction
	c := p.Clone()
	assert.Equal(t, p, c, "Clone(%+v)", p)
	assert.NotNil(t, c.Needs, "Clone keeps an empty list non-nil")
	c.Sectors[0] = "changed"
	assert.Equal(t, "C29", p.Sectors[0], "changing the clone's list must not change the original")
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"a", true},
		{"A-b_c.d:9", true},
		{strings.Repeat("z", 128), true},
		{"", false},
		{strings.Repeat("z", 129), false},
		{"a b", false},
		{"a\x7f", false},
		{"ä", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, profile.ValidID(tt.id), "ValidID(%q)", tt.id)
	}
}

func TestCanonicalNACE(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"C27.20", "C27.20", true},
		{"27.20", "C27.20", true},
		{"C2720", "C27.20", true},
		{"c27.2", "C27.2", true},
		{" 27 ", "C27", true},
		{"C", "C", true},
		{"a01", "A01", true},
		{"01.1", "A01.1", true},
		{"", "", false},
		{"99", "U99", true},
		{"04", "", false},  // B starts at 05
		{"C99", "", false}, // 99 is in U
		{"A27", "", false},
		{"Z", "", false},
		{"C2", "", false},
		{"C27.201", "", false},
		{"C27..2", "", false},
		{"C2.72", "", false},
		{"CC27", "", false},
		{"27x", "", false},
	}
	for _, tt := range tests {
		got, err := profile.CanonicalNACE(tt.in)
		if !tt.ok {
			assert.Error(t, err, "CanonicalNACE(%q)", tt.in)
			continue
		}
		if assert.NoError(t, err, "CanonicalNACE(%q)", tt.in) {
			assert.Equal(t, tt.want, got, "CanonicalNACE(%q)", tt.in)
		}
	}
}

func TestNACEHelpers(t *testing.T) {
	assert.Equal(t, []string{"C", "C27", "C27.2", "C27.20"}, profile.NACEPrefixes("C27.20"), "NACEPrefixes(C27.20)")
	assert.Equal(t, []string{"C"}, profile.NACEPrefixes("C"), "NACEPrefixes(C)")
	assert.Equal(t, "C27", profile.NACEDivision("C27.2"), "NACEDivision(C27.2)")
	assert.Equal(t, "", profile.NACEDivision("C"), "NACEDivision(C)")
	p := profile.Profile{Sectors: []string{"C", "C27.20", "C27.1", "J62"}}
	assert.Equal(t, []string{"C27", "J62"}, p.Divisions(), "Divisions(%v)", p.Sectors)
}

func TestErrorMessages(t *testing.T) {
	fe := &profile.FieldError{Field: "members", Value: "abc", Reason: "not an integer"}
	assert.Equal(t, `members "abc": not an integer`, fe.Error(), "FieldError.Error")
	ve := &profile.ValidationError{ID: "x", Fields: []*profile.FieldError{fe}}
	assert.Equal(t, `profile: invalid profile "x": members "abc": not an integer`, ve.Error(), "ValidationError.Error")
	ve.What = "partnership"
	assert.Equal(t, `profile: invalid partnership "x": members "abc": not an integer`, ve.Error(), "ValidationError.Error with What")
	ve.ID = ""
	assert.Equal(t, `profile: invalid partnership: members "abc": not an integer`, ve.Error(), "ValidationError.Error with What, no ID")
}
