package main

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/clustergo/partnermatch/benchmarks"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
	"github.com/clustergo/partnermatch/profile/synth/themes"
	"github.com/clustergo/partnermatch/terms"
)

// runWords reports the distinct words per profile and per data set of the
// synthetic worlds and the benchmark data: what real and synthetic
// corpora need of the limits on words.
func runWords(ctx context.Context, c *config, t *table) error {
	type set struct {
		name string
		load func() ([]profile.Profile, error)
	}
	sets := []set{{"synthetic world", func() ([]profile.Profile, error) {
		w, err := world(c.world)
		return profiles(w, err)
	}}}
	if c.native > 0 {
		sets = append(sets, set{"synthetic, all text native (seed 2)", func() ([]profile.Profile, error) {
			return profiles(synth.Generate(synth.Config{Seed: 2, Profiles: c.native, NativeText: 1}))
		}})
	}
	if c.themes > 0 {
		sets = append(sets, set{"second synthetic family, themes (seed 1)", func() ([]profile.Profile, error) {
			w, err := themes.Generate(themes.Config{Seed: 1, Profiles: c.themes})
			if err != nil {
				return nil, err
			}
			return w.Profiles, nil
		}})
	}
	if c.batch > 0 {
		sets = append(sets, set{"synthetic batch, a fifth native (seed 3)", func() ([]profile.Profile, error) {
			return profiles(synth.Generate(synth.Config{Seed: 3, Profiles: c.batch, NativeText: 0.2}))
		}})
	}
	if c.testdata != "" {
		fsys := os.DirFS(c.testdata)
		sets = append(sets, set{"Horizon 2020 participants", func() ([]profile.Profile, error) {
			h, err := benchmarks.ReadH2020(fsys, "h2020")
			if err != nil {
				return nil, err
			}
			d, err := h.Dataset(benchmarks.H2020Config{Cutoff: benchmarks.H2020DataCutoff, MaxQueries: 100, Seed: 1})
			if err != nil {
				return nil, err
			}
			return d.Profiles, nil
		}}, set{"ESCP-4i organisations", func() ([]profile.Profile, error) {
			d, err := benchmarks.ReadESCP4i(fsys, "escp4i")
			if err != nil {
				return nil, err
			}
			return d.Profiles, nil
		}})
	}
	for _, s := range sets {
		if err := ctx.Err(); err != nil {
			return err
		}
		ps, err := s.load()
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		if len(ps) == 0 {
			return fmt.Errorf("%s: no profiles", s.name)
		}
		var outcome string
		cst, err := measure(func() error {
			ws, ts := make([]int, len(ps)), make([]int, len(ps))
			for i := range ps {
				ws[i] = ps[i].Words()
				ts[i] = len(slices.Compact(slices.Sorted(slices.Values(terms.Analyze(ps[i].Language, ps[i].Text())))))
			}
			slices.Sort(ws)
			slices.Sort(ts)
			outcome = fmt.Sprintf("words p50 %d, p99 %d, max %d; analysed terms p50 %d, p99 %d, max %d; the whole set %s words",
				quantile(ws, .5), quantile(ws, .99), ws[len(ws)-1], quantile(ts, .5), quantile(ts, .99), ts[len(ts)-1],
				thousands(profile.Words(ps)))
			return nil
		})
		if err != nil {
			return err
		}
		t.row("words", fmt.Sprintf("distinct words per profile: %s (%s profiles)", s.name, thousands(len(ps))), outcome, cst)
	}
	return nil
}

func profiles(w *synth.World, err error) ([]profile.Profile, error) {
	if err != nil {
		return nil, err
	}
	return w.Profiles, nil
}

// quantile returns the q quantile of the sorted v, the nearest rank below.
func quantile(v []int, q float64) int { return v[int(q*float64(len(v)-1))] }
