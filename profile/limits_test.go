package profile_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func TestLimits(t *testing.T) {
	base := profile.Profile{ID: "lyon", Name: "Lyon cluster", Country: "FR"}
	items := func(n, size int) []string {
		out := make([]string, n)
		for i := range out {
			s := fmt.Sprintf("tag %d ", i)
			out[i] = s + strings.Repeat("x", max(0, size-len(s)))
		}
		return out
	}
	words := func(n int) string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("w%d", i)
		}
		return strings.Join(out, " ")
	}
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("p%07d", i)
		}
		return out
	}
	tests := []struct {
		name     string
		edit     func(p *profile.Profile)
		field    string // "" means valid
		len, max int
	}{
		{"description at the limit", func(p *profile.Profile) { p.Description = strings.Repeat("a", profile.MaxDescriptionLen) }, "", 0, 0},
		{"description over", func(p *profile.Profile) { p.Description = strings.Repeat("a", profile.MaxDescriptionLen+1) },
			"description", profile.MaxDescriptionLen + 1, profile.MaxDescriptionLen},
		{"name over", func(p *profile.Profile) { p.Name = strings.Repeat("n", profile.MaxFieldLen+1) }, "name", profile.MaxFieldLen + 1, profile.MaxFieldLen},
		{"huge id", func(p *profile.Profile) { p.ID = strings.Repeat("i", 16<<20) }, "id", 16 << 20, profile.MaxFieldLen},
		{"offers at the limit", func(p *profile.Profile) { p.Offers = items(profile.MaxListLen, 20) }, "", 0, 0},
		{"offers over", func(p *profile.Profile) { p.Offers = items(profile.MaxListLen+1, 10) }, "offers", profile.MaxListLen + 1, profile.MaxListLen},
		{"needs item over", func(p *profile.Profile) { p.Needs = []string{"ai", strings.Repeat("z", profile.MaxItemLen+1)} },
			"needs[1]", profile.MaxItemLen + 1, profile.MaxItemLen},
		{"sectors over", func(p *profile.Profile) { p.Sectors = items(profile.MaxListLen+1, 1) }, "sectors", profile.MaxListLen + 1, profile.MaxListLen},
		{"million technologies", func(p *profile.Profile) { p.Technologies = items(1_000_000, 1) }, "technologies", 1_000_000, profile.MaxListLen},
		{"partnerships of a very active organisation", func(p *profile.Profile) { p.Partnerships = ids(5000) }, "", 0, 0},
		{"partnerships over", func(p *profile.Profile) { p.Partnerships = ids(profile.MaxPartnerships + 1) },
			"partnerships", profile.MaxPartnerships + 1, profile.MaxPartnerships},
		{"text over", func(p *profile.Profile) {
			p.Description = strings.Repeat("d", profile.MaxDescriptionLen)
			p.Offers = items(20, profile.MaxItemLen)
		}, "text", len(base.Name) + profile.MaxDescriptionLen + 20*(profile.MaxItemLen+1), profile.MaxTextLen},
		// The base name has two words, "Lyon" and "cluster"; a word
		// repeated, or in another case, counts as written.
		{"words at the limit", func(p *profile.Profile) {
			p.Description = words(profile.MaxWords-3) + " Lyon lyon"
		}, "", 0, 0},
		{"words over", func(p *profile.Profile) { p.Description = words(profile.MaxWords - 1) },
			"text", profile.MaxWords + 1, profile.MaxWords},
		{"words over in offers", func(p *profile.Profile) {
			for i := range 40 { // 40 offers of 50 words each, under MaxItemLen
				var ws []string
				for j := range 50 {
					ws = append(ws, fmt.Sprintf("o%db%d", i, j))
				}
				p.Offers = append(p.Offers, strings.Join(ws, " "))
			}
		}, "text", 40*50 + 2, profile.MaxWords},
		{"words in prose", func(p *profile.Profile) { p.Description = strings.Repeat("cells and packs, ", 1500) }, "", 0, 0},
		{"profile over", func(p *profile.Profile) {
			for i := range profile.MaxPartnerships {
				p.Partnerships = append(p.Partnerships, fmt.Sprintf("p%0120d", i))
			}
		}, "profile", 0, profile.MaxSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base.Clone()
			tt.edit(&p)
			err := p.Validate()
			_, cerr := profile.Clean(p)
			if tt.field == "" {
				assert.NoError(t, err, "Validate(%s)", tt.name)
				assert.NoError(t, cerr, "Clean(%s)", tt.name)
				return
			}
			for _, err := range []error{err, cerr} {
				assert.ErrorIs(t, err, profile.ErrTooLarge, "%s: error %v", tt.name, err)
				assert.ErrorIs(t, err, profile.ErrInvalid, "%s: a profile over a limit is invalid", tt.name)
				var ve *profile.ValidationError
				require.ErrorAs(t, err, &ve, "%s: a *ValidationError", tt.name)
				// The field first over its limit; a huge one may take the
				// whole profile over MaxSize too.
				require.NotEmpty(t, ve.Fields, "%s: the problems", tt.name)
				assert.Equal(t, tt.field, ve.Fields[0].Field, "%s: field named", tt.name)
				assert.LessOrEqual(t, len(err.Error()), 600, "%s: the message quotes the start of a value only", tt.name)
				var le *profile.LimitError
				require.ErrorAs(t, err, &le, "%s: a *LimitError inside", tt.name)
				want := tt.len
				if tt.field == "profile" {
					want = p.Size()
				}
				assert.Equal(t, &profile.LimitError{Field: tt.field, Len: want, Max: tt.max}, le, "%s: field, value and limit", tt.name)
			}
		})
	}
}

func TestSize(t *testing.T) {
	p := profile.Profile{ID: "ab", Name: "cde", Offers: []string{"f", "gh"}, Partnerships: []string{"ijkl"}}
	assert.Equal(t, 12, p.Size(), "Size(%+v): the bytes of every string", p)
}
