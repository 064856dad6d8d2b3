package profile

import (
	"maps"
	"slices"
)

// Kinds of organisation. The zero Kind is normalised to KindCluster.
const (
	KindCluster    = "cluster"
	KindNetwork    = "network"
	KindCompany    = "company"
	KindResearch   = "research"
	KindUniversity = "university"
	KindPublic     = "public"
	KindOther      = "other"
)

// Kinds returns the valid values of Profile.Kind.
func Kinds() []string {
	return []string{KindCluster, KindNetwork, KindCompany, KindResearch, KindUniversity, KindPublic, KindOther}
}

// Cluster management excellence labels (European Secretariat for Cluster
// Analysis). The empty label means none.
const (
	LabelBronze = "bronze"
	LabelSilver = "silver"
	LabelGold   = "gold"
)

// A Profile describes one cluster organisation (or business network,
// company, research body...) as the matcher sees it.
//
// The JSON form uses the snake_case keys below. Empty optional fields are
// omitted on output. Use Normalize to bring a profile to canonical form and
// Validate to check it; the index and the engine do both on every write.
type Profile struct {
	ID          string `json:"id"`                    // 1-128 of [A-Za-z0-9._:-], unique
	Name        string `json:"name"`                  // required
	Kind        string `json:"kind,omitempty"`        // one of Kinds(); "" means cluster
	Country     string `json:"country"`               // ISO 3166-1 alpha-2, upper case (GR, GB; not EL, UK)
	Region      string `json:"region,omitempty"`      // NUTS code starting with the country's NUTS prefix
	City        string `json:"city,omitempty"`        // free text
	Website     string `json:"website,omitempty"`     // free text
	Language    string `json:"language,omitempty"`    // ISO 639-1 of the free text; "" means en
	Description string `json:"description,omitempty"` // free text in Language

	Sectors    []string `json:"sectors,omitempty"`    // NACE Rev.2 codes: C, C27, C27.2, C27.20
	Categories []string `json:"categories,omitempty"` // slugs of CategoryTerms
	Industries []string `json:"industries,omitempty"` // slugs of IndustryTerms
	Ecosystems []string `json:"ecosystems,omitempty"` // slugs of EcosystemTerms

	Technologies []string `json:"technologies,omitempty"` // free tags
	Offers       []string `json:"offers,omitempty"`       // what the organisation provides
	Needs        []string `json:"needs,omitempty"`        // what it seeks

	TargetMarkets []string `json:"target_markets,omitempty"` // ISO alpha-2 countries it wants to enter

	Members int    `json:"members,omitempty"` // member organisations, >= 0
	SMEs    int    `json:"smes,omitempty"`    // SME members, 0 <= SMEs <= Members
	Founded int    `json:"founded,omitempty"` // year; 0 means unknown
	Label   string `json:"label,omitempty"`   // "", bronze, silver or gold

	Partnerships []string `json:"partnerships,omitempty"` // ids of earlier partnerships or joint projects

	// Extra holds a portal's own data about the organisation (its
	// internal ids, contact pages...), kept and written back unchanged
	// but never read by matching, scoring or search. Keys are 1 to
	// MaxExtraKeyLen bytes of a-z, 0-9, '_', '.' and '-'; values any
	// valid UTF-8 up to MaxItemLen bytes (see the limits). In CSV each key
	// is a column extra.<key>.
	Extra map[string]string `json:"extra,omitempty"`
}

// Clone returns a deep copy of p, so that the copy's lists and Extra can
// be changed without touching p.
func (p Profile) Clone() Profile {
	c := p
	for _, l := range []*[]string{&c.Sectors, &c.Categories, &c.Industries, &c.Ecosystems,
		&c.Technologies, &c.Offers, &c.Needs, &c.TargetMarkets, &c.Partnerships} {
		*l = slices.Clone(*l) // keeps nil nil and empty empty
	}
	c.Extra = maps.Clone(c.Extra) // keeps nil nil
	return c
}

// Text returns the profile's free text (name, description, technologies,
// offers and needs) joined by newlines, for text models and search.
func (p *Profile) Text() string {
	n := len(p.Name) + len(p.Description)
	for _, l := range [][]string{p.Technologies, p.Offers, p.Needs} {
		for _, s := range l {
			n += len(s) + 1
		}
	}
	b := make([]byte, 0, n+4)
	b = append(b, p.Name...)
	if p.Description != "" {
		b = append(b, '\n')
		b = append(b, p.Description...)
	}
	for _, l := range [][]string{p.Technologies, p.Offers, p.Needs} {
		for _, s := range l {
			b = append(b, '\n')
			b = append(b, s...)
		}
	}
	return string(b)
}

// Divisions returns the distinct NACE divisions (such as C27) of p's
// sectors, in order of first appearance. Section-only codes are skipped.
func (p *Profile) Divisions() []string {
	var out []string
	for _, s := range p.Sectors {
		d := NACEDivision(s)
		if d == "" {
			continue
		}
		dup := false
		for _, o := range out {
			if o == d {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, d)
		}
	}
	return out
}
