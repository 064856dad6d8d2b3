package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// runUnfitted measures Partners with c.limit on a large profile added
// after the fit: each explanation and text model used to analyse its
// text again.
func runUnfitted(ctx context.Context, c *config, t *table) error {
	e, w, err := openWorld(ctx, c)
	if err != nil {
		return err
	}
	defer e.Close()
	q, err := largeProfile(w)
	if err != nil {
		return err
	}
	if err := e.Add(ctx, q); err != nil {
		return err
	}
	query := match.Query{ID: q.ID, Limit: c.limit, Exact: c.exactPartners}
	form := "a stored profile"
	if c.adhoc {
		adhoc := q.Clone()
		adhoc.ID = ""
		query = match.Query{Profile: &adhoc, Limit: c.limit, Exact: c.exactPartners}
		form = "an ad-hoc profile"
	}
	var ms []match.Match
	cst, err := measure(func() error {
		var err error
		ms, err = e.Partners(ctx, query)
		return err
	})
	if err != nil {
		return err
	}
	how := ""
	if c.exactPartners {
		how = ", Exact"
	}
	t.row("unfitted", fmt.Sprintf("Partners Limit %s%s on %s of %.1f KB of text (%s distinct words) added after the fit",
		thousands(c.limit), how, form, float64(len(q.Text()))/1024, thousands(q.Words())),
		fmt.Sprintf("%s partners", thousands(len(ms))), cst)
	return nil
}

// largeProfile returns a profile of the world's first filled to about
// profile.MaxTextLen with phrases of up to 950 words of the world's
// descriptions and as many counters ("x12"): about 1,900 distinct words,
// under profile.MaxWords, in 50 offers, needs and technologies and a long
// description.
func largeProfile(w *synth.World) (profile.Profile, error) {
	var words []string
	seen := map[string]bool{}
	for _, p := range w.Profiles {
		for _, x := range strings.FieldsFunc(p.Description, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if !seen[x] && len(words) < 950 {
				seen[x] = true
				words = append(words, x)
			}
		}
	}
	if len(words) == 0 {
		return profile.Profile{}, errors.New("the world's descriptions have no words")
	}
	k := 0
	phrase := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			fmt.Fprintf(&b, "%s x%d ", words[k*7919%len(words)], k%len(words))
			k++
		}
		return strings.TrimSpace(b.String())
	}
	q := w.Profiles[0].Clone()
	q.ID = "unfitted-large"
	q.Offers, q.Needs, q.Technologies = nil, nil, nil
	for range 50 {
		q.Offers = append(q.Offers, phrase(60))
		q.Needs = append(q.Needs, phrase(60))
		q.Technologies = append(q.Technologies, phrase(60))
	}
	q.Description = phrase(profile.MaxTextLen - 1024 - len(q.Text()) - 100)
	return q, nil
}
