package benchmarks

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// Names of the protocols, as in Query.Task.
const (
	TaskPlanted    = "planted"    // a member of a planted partnership asks for partners; its co-members are relevant
	TaskCompletion = "completion" // all members but one ask together; the missing one is relevant
	TaskH2020      = "h2020"      // a Horizon 2020 coordinator asks for partners; its consortium is relevant
)

// A Query is one evaluation query: the profiles that ask and the right
// answers.
type Query struct {
	// ID names the query in reports, for example "synth-target-0007/synth-00042".
	ID string
	// Task is the protocol the query belongs to (TaskPlanted, ...).
	Task string
	// Seeds are the ids of the profiles asking: one for a partner search,
	// several for consortium completion. They are never ranked.
	Seeds []string
	// Relevant are the ids of the right answers, at least one.
	Relevant []string
	// Ignore are ids that are neither right nor wrong, such as partners of
	// a seed in another held-out partnership: they are dropped from a
	// ranking before it is judged.
	Ignore []string
}

// A Fold is one split into training and test: the partnerships that
// supervised models may learn from and the queries that test them. The
// answers of its queries are never in Known.
type Fold struct {
	Known   []profile.Partnership
	Queries []Query
}

// A Dataset is a set of profiles with one or more folds of queries. Every
// fold is evaluated on an engine holding all the profiles, fitted with the
// fold's Known partnerships.
type Dataset struct {
	Name     string
	Profiles []profile.Profile
	Folds    []Fold
	// Note describes how the data set was built, for reports.
	Note string
	// Synthetic marks data sets drawn from a generator, which the
	// synthetic targets of CheckTargets apply to.
	Synthetic bool
	// TextLanguage, when set, gives the language each profile writes its
	// offers and needs in, by id; Evaluate then measures recall over the
	// pairs of a seed and a right answer that write in different
	// languages apart from those that write in one (see
	// MetricCrossRecall). TextLanguages builds it for a world with native
	// text.
	TextLanguage map[string]string
}

// TextLanguages returns the language in which each profile of a world
// with native text (synth.Config.NativeText, themes.Config.NativeText)
// writes its offers and needs, by id: the profile's language where its
// lists differ from those of the same profile in english, the world
// generated with the same configuration but NativeText 0, and "en" where
// they do not. Profiles of one id are paired; an id missing from english
// counts as English.
func TextLanguages(native, english []profile.Profile) map[string]string {
	en := make(map[string]*profile.Profile, len(english))
	for i := range english {
		en[english[i].ID] = &english[i]
	}
	out := make(map[string]string, len(native))
	for i := range native {
		p := &native[i]
		out[p.ID] = "en"
		if b := en[p.ID]; b != nil && !(slices.Equal(p.Offers, b.Offers) && slices.Equal(p.Needs, b.Needs) && slices.Equal(p.Technologies, b.Technologies)) {
			lang, _, _ := strings.Cut(cmp.Or(p.Language, "en"), "-")
			out[p.ID] = strings.ToLower(lang)
		}
	}
	return out
}

// Tasks returns the names of the tasks of d's queries, in order of first
// appearance.
func (d *Dataset) Tasks() []string {
	var out []string
	for _, f := range d.Folds {
		for _, q := range f.Queries {
			if !slices.Contains(out, q.Task) {
				out = append(out, q.Task)
			}
		}
	}
	return out
}

// PlantedConfig selects the planted-partnership protocols of a synthetic
// world.
type PlantedConfig struct {
	// Folds is the number of cross-validation folds of the target
	// partnerships. Zero means 5; 1 means a single fold without training
	// partnerships (supervised models then fall back to their priors).
	Folds int
	// Seed seeds the assignment of partnerships to folds.
	Seed uint64
	// Completion adds the consortium-completion queries (TaskCompletion).
	Completion bool
}

// Planted returns the planted-partnership data set of a synthetic world
// of package synth (the home family).
//
// The profiles are w.Profiles, whose Partnerships fields list the past
// partnerships (w.History): the collaboration history every model and
// baseline may use. The held-out target partnerships (w.Partnerships),
// which no profile lists, are the answers; see PlantedFrom for the
// protocols. w.History is not in Known: its members list it, and the
// history signal would explain it trivially (see score.Corpus). Worlds
// with Config.NativeText (some profiles write all their text in their own
// language) are named "synthetic-native".
func Planted(w *synth.World, cfg PlantedConfig) *Dataset {
	name, note := "synthetic", ""
	if w.Config.NativeText > 0 {
		name, note = "synthetic-native", fmt.Sprintf(", %.0f%% of them asked to write everything in their own language", 100*w.Config.NativeText)
	}
	return PlantedFrom(PlantedWorld{
		Name:     name,
		Profiles: w.Profiles,
		Targets:  w.Partnerships,
		Note: fmt.Sprintf("synthetic world (profile/synth): %d profiles (seed %d)%s, %d past partnerships in the profiles",
			len(w.Profiles), w.Config.Seed, note, len(w.History)),
	}, cfg)
}

// A PlantedWorld is what the planted protocols need of a generated world
// with known answers: profiles and held-out partnerships that no profile
// lists. Any generator's worlds can be judged through it.
type PlantedWorld struct {
	Name     string // the data set's name in reports
	Note     string // how the world was made, for reports
	Profiles []profile.Profile
	Targets  []profile.Partnership // the answers; members are profile ids
}

// PlantedFrom returns the planted-partnership data set of w.
//
// The target partnerships are dealt at random into cfg.Folds folds; fold
// f's queries come from its own partnerships and its Known holds the
// target partnerships of the other folds, so that the supervised models
// (learned, and the learned sector matrix) train on target-like
// partnerships never listed in profiles, and never on the partnerships
// they are tested on.
//
// TaskPlanted: for every member m of a target partnership P, m asks; the
// other members of P are relevant, and m's co-members in other target
// partnerships are ignored. TaskCompletion: for every member m of P, the
// other members ask together and m is relevant.
func PlantedFrom(w PlantedWorld, cfg PlantedConfig) *Dataset {
	k := cfg.Folds
	if k <= 0 {
		k = 5
	}
	k = max(1, min(k, len(w.Targets)))
	partners := map[string]map[string]bool{} // co-members over all target partnerships
	for _, p := range w.Targets {
		for _, a := range p.Members {
			for _, b := range p.Members {
				if a != b {
					if partners[a] == nil {
						partners[a] = map[string]bool{}
					}
					partners[a][b] = true
				}
			}
		}
	}
	order := make([]int, len(w.Targets))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x706c616e746564)) // "planted"
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	fold := make([]int, len(w.Targets))
	for r, i := range order {
		fold[i] = r % k
	}

	d := &Dataset{
		Name:      w.Name,
		Synthetic: true,
		Profiles:  w.Profiles,
		Folds:     make([]Fold, k),
		Note:      fmt.Sprintf("%s; %d held-out target partnerships in %d cross-validation folds", w.Note, len(w.Targets), k),
	}
	for i, p := range w.Targets {
		for f := range d.Folds {
			if f != fold[i] && k > 1 {
				d.Folds[f].Known = append(d.Folds[f].Known, p)
			}
		}
		f := &d.Folds[fold[i]]
		for _, m := range p.Members {
			others := without(p.Members, m)
			var ignore []string
			for b := range partners[m] {
				if !slices.Contains(p.Members, b) {
					ignore = append(ignore, b)
				}
			}
			slices.Sort(ignore)
			f.Queries = append(f.Queries, Query{
				ID: p.ID + "/" + m, Task: TaskPlanted, Seeds: []string{m}, Relevant: others, Ignore: ignore,
			})
		}
		if cfg.Completion && len(p.Members) >= 3 {
			for _, m := range p.Members {
				f.Queries = append(f.Queries, Query{
					ID: p.ID + "/-" + m, Task: TaskCompletion, Seeds: without(p.Members, m), Relevant: []string{m},
				})
			}
		}
	}
	return d
}

// without returns a copy of ids without id.
func without(ids []string, id string) []string {
	out := make([]string, 0, len(ids))
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}
