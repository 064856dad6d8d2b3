package synth

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"strconv"

	"github.com/clustergo/partnermatch/profile"
)

// ErrConfig is matched (with errors.Is) by the error Generate and
// GenerateDir return for an unusable Config.
var ErrConfig = errors.New("synth: invalid config")

// Config selects a synthetic world. Equal Configs give equal worlds, byte
// for byte. The zero value is a valid configuration (seed 0, 1,000
// profiles).
type Config struct {
	// Seed seeds every random choice.
	Seed uint64
	// Profiles is the number of profiles. Zero means 1,000.
	Profiles int
	// Partnered is the share of profiles that belong to at least one
	// planted partnership, past or target; the realised share is close to
	// it. Zero means 0.35; negative means no partnerships.
	Partnered float64
	// Target is the share of the planted partnerships that are held out
	// as ground truth (World.Partnerships); the rest are the history
	// (World.History). Zero means 0.5; negative means none (all history).
	Target float64
	// Reuse is the share of target partnerships that reunite two
	// co-members of one past partnership. Zero means 0.4; negative means
	// none.
	Reuse float64
	// NonEnglish is the share of profiles described in a language other
	// than English (de, fr, it, es, pl, sr), all from countries where that
	// language is spoken, so at most about two thirds of the profiles.
	// Zero means 0.17; negative means none.
	NonEnglish float64
	// NativeText is the share of all profiles that write every free-text
	// field (name, offers, needs, technologies, description) in their
	// country's language instead of only the description; their Language
	// says which, and Serbian ones alternate between Cyrillic and Latin
	// script. Only profiles of the chains whose vocabulary is translated
	// (NativeChains) in a country or city with a language other than
	// English can be native, so the realised share is the smaller of
	// NativeText and theirs (about a fifth). Native profiles differ from
	// the same world without NativeText in their text only. Zero means
	// none, giving the same worlds as before the field existed; it must
	// be in [0, 1].
	NativeText float64
}

// DefaultConfig returns the configuration of the embedded world that
// Default returns: 1,000 profiles from seed 6, the seed among 1 to 8 whose
// world comes closest to the configured shares (17.0% non-English, 35.1%
// partnered; seed 1 has only 14% non-English).
func DefaultConfig() Config { return Config{Seed: 6, Profiles: 1000} }

// withDefaults fills in the zero fields and checks the result.
func (c Config) withDefaults() (Config, error) {
	if c.Profiles < 0 {
		return c, fmt.Errorf("%w: Profiles = %d, must be >= 0", ErrConfig, c.Profiles)
	}
	if c.Profiles == 0 {
		c.Profiles = 1000
	}
	if !(c.NativeText >= 0 && c.NativeText <= 1) { // also rejects NaN
		return c, fmt.Errorf("%w: NativeText = %v, must be in [0, 1]", ErrConfig, c.NativeText)
	}
	for _, f := range []struct {
		name string
		v    *float64
		def  float64
	}{{"Partnered", &c.Partnered, 0.35}, {"Target", &c.Target, 0.5}, {"Reuse", &c.Reuse, 0.4}, {"NonEnglish", &c.NonEnglish, 0.17}} {
		switch v := *f.v; {
		case math.IsNaN(v) || v > 1:
			return c, fmt.Errorf("%w: %s = %v, must be at most 1", ErrConfig, f.name, v)
		case v == 0:
			*f.v = f.def
		case v < 0:
			*f.v = -1
		}
	}
	return c, nil
}

// share returns a configured share, with -1 (none) as 0.
func share(v float64) float64 { return max(v, 0) }

// A World is a synthetic set of cluster profiles with planted partnerships.
//
// Partnerships are the ground truth for evaluation: consortia that exist
// in the world but appear in no profile's Partnerships field. History holds
// the past partnerships: each is listed in the Partnerships field of all
// its members, and nothing else is. Some target partnerships reunite two
// members of a past one, so collaboration history carries signal without
// giving the answer away.
type World struct {
	Config       Config                // the configuration, with defaults filled in
	Profiles     []profile.Profile     // valid and normalised, ordered by ID
	Partnerships []profile.Partnership // target (held-out) partnerships, ids synth-target-NNNN
	History      []profile.Partnership // past partnerships, ids synth-past-NNNN
	Stages       map[string]string     // profile ID -> Stage.Key of the stage it was drawn from
}

// Generate builds the world that cfg describes. It returns an error
// matching ErrConfig if cfg is unusable.
//
// Profiles are drawn independently, each from its own random stream
// derived from (Seed, index), so generation takes time linear in
// cfg.Profiles. Worlds of fewer than about 50 profiles have no
// partnerships.
func Generate(cfg Config) (*World, error) {
	g, err := newGenerator(cfg)
	if err != nil {
		return nil, err
	}
	w := &World{
		Config:       g.cfg,
		Profiles:     make([]profile.Profile, g.cfg.Profiles),
		Partnerships: g.target,
		History:      g.past,
		Stages:       make(map[string]string, g.cfg.Profiles),
	}
	type batch struct {
		lo     int
		ps     []profile.Profile
		stages []string
	}
	batches(g, func(lo int, ps []profile.Profile, stages []string) batch {
		return batch{lo, ps, stages}
	}, func(b batch) {
		copy(w.Profiles[b.lo:], b.ps)
		for k, s := range b.stages {
			w.Stages[b.ps[k].ID] = s
		}
	})
	return w, nil
}

// kinds are the kinds of organisation generated, with their shares.
var (
	kinds       = []string{profile.KindCluster, profile.KindNetwork, profile.KindResearch, profile.KindUniversity, profile.KindCompany, profile.KindPublic}
	kindWeights = []float64{72, 9, 7, 4, 5, 3}
)

const (
	kindCluster = iota
	kindNetwork
	kindResearch
	kindUniversity
	kindCompany
	kindPublic
)

// A skeleton is what partnership planting needs to know of a profile; the
// first draws of the profile's random stream decide it.
type skeleton struct {
	industry, stage, country, city, kind uint8
}

type generator struct {
	cfg         Config
	chains      []Chain
	industryCum []float64   // cumulative industry weights
	countryCum  [][]float64 // per industry: cumulative country weights
	localScale  float64     // multiplies country.Local to reach cfg.NonEnglish
	idWidth     int
	eligible    []bool // by country index: ESCP-4i member country
	marketCum   [][]float64

	skel   []skeleton
	native []nativeText // by profile; nil without Config.NativeText
	planOf []int32      // profile -> 1 + index in plans; 0 = none
	plans  []plan
	past   []profile.Partnership
	target []profile.Partnership
}

func newGenerator(cfg Config) (*generator, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	g := &generator{cfg: cfg, chains: chains()}
	g.idWidth = max(5, len(fmt.Sprint(cfg.Profiles)))

	var iw []float64
	for _, c := range g.chains {
		iw = append(iw, industryWeights[c.Industry])
	}
	g.industryCum = cumulative(iw)
	rules := profile.ESCP4i()
	for _, co := range countries {
		g.eligible = append(g.eligible, rules.EligibleMember(co.Code))
	}
	marginal := make([]float64, len(countries)) // country shares over all industries
	iTotal := g.industryCum[len(g.industryCum)-1]
	for ii, c := range g.chains {
		ws := make([]float64, len(countries))
		for ci, co := range countries {
			f, ok := countryAffinity[c.Industry][co.Code]
			if !ok {
				f = 1
			}
			ws[ci] = co.Weight * f
		}
		cum := cumulative(ws)
		g.countryCum = append(g.countryCum, cum)
		for ci := range ws {
			marginal[ci] += ws[ci] / cum[len(cum)-1] * iw[ii] / iTotal
		}
		mw := make([]float64, len(c.Markets))
		for r := range mw {
			mw[r] = 1 / math.Pow(float64(r+1), 0.7) // most favoured markets first
		}
		g.marketCum = append(g.marketCum, cumulative(mw))
	}
	g.localScale = solveLocalScale(marginal, share(cfg.NonEnglish))

	g.skel = make([]skeleton, cfg.Profiles)
	pcg := rand.NewPCG(0, 0)
	r := rand.New(pcg)
	for i := range g.skel {
		pcg.Seed(cfg.Seed, streamOf(i))
		g.skel[i] = g.drawSkeleton(r)
	}
	g.plant()
	g.native = g.chooseNative()
	return g, nil
}

// streamOf returns the second PCG seed of profile i's random stream
// (splitmix64 of i, so that neighbouring profiles get unrelated streams).
func streamOf(i int) uint64 {
	z := uint64(i) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (g *generator) drawSkeleton(r *rand.Rand) skeleton {
	var s skeleton
	s.industry = uint8(pickCum(r, g.industryCum))
	s.stage = uint8(r.IntN(len(g.chains[s.industry].Stages)))
	s.country = uint8(pickCum(r, g.countryCum[s.industry]))
	s.city = uint8(r.IntN(len(countries[s.country].Cities)))
	s.kind = uint8(pickCum(r, kindCum))
	return s
}

var kindCum = cumulative(kindWeights)

// localProb is the chance that an organisation in city c of country co
// writes its description in the local language.
func localProb(co *country, c *city, scale float64) (string, float64) {
	lang, p := co.Lang, co.Local
	if c.Lang != "" { // French-speaking Belgium and Switzerland
		lang = c.Lang
		if p == 0 {
			p = 0.3
		}
	}
	if lang == "" {
		return "", 0
	}
	return lang, min(1, p*scale)
}

// solveLocalScale finds the factor for country.Local that makes the
// expected share of non-English profiles equal want (or as close as the
// countries allow), by bisection.
func solveLocalScale(marginal []float64, want float64) float64 {
	expect := func(scale float64) float64 {
		e := 0.0
		for ci := range countries {
			co := &countries[ci]
			for k := range co.Cities {
				_, p := localProb(co, &co.Cities[k], scale)
				e += marginal[ci] * p / float64(len(co.Cities))
			}
		}
		return e
	}
	lo, hi := 0.0, 100.0
	for range 60 {
		mid := (lo + hi) / 2
		if expect(mid) < want {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

func cumulative(ws []float64) []float64 {
	out := make([]float64, len(ws))
	sum := 0.0
	for i, w := range ws {
		sum += w
		out[i] = sum
	}
	return out
}

// pickCum returns an index drawn with the weights whose running sums are cum.
func pickCum(r *rand.Rand, cum []float64) int {
	x := r.Float64() * cum[len(cum)-1]
	return min(sort.SearchFloat64s(cum, x), len(cum)-1)
}

// batchSize is the number of profiles a worker generates at a time.
const batchSize = 512

// batches generates the profiles in batches of batchSize in parallel:
// work turns profiles lo to hi into a T, which consume receives in order.
// Workers stay a bounded number of batches ahead of consume.
func batches[T any](g *generator, work func(lo int, ps []profile.Profile, stages []string) T, consume func(T)) {
	n := g.cfg.Profiles
	nb := (n + batchSize - 1) / batchSize
	results := make([]chan T, nb)
	for k := range results {
		results[k] = make(chan T, 1)
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan int)
	ahead := make(chan struct{}, 2*workers) // batches generated but not yet consumed
	go func() {
		for k := range nb {
			ahead <- struct{}{}
			jobs <- k
		}
		close(jobs)
	}()
	for range workers {
		go func() {
			pcg := rand.NewPCG(0, 0)
			r := rand.New(pcg)
			for k := range jobs {
				lo, hi := k*batchSize, min(n, (k+1)*batchSize)
				ps := make([]profile.Profile, hi-lo)
				stages := make([]string, hi-lo)
				for i := lo; i < hi; i++ {
					pcg.Seed(g.cfg.Seed, streamOf(i))
					ps[i-lo], stages[i-lo] = g.profile(i, r)
				}
				results[k] <- work(lo, ps, stages)
			}
		}()
	}
	for k := range nb {
		consume(<-results[k])
		<-ahead
	}
}

func (g *generator) id(i int) string {
	b := make([]byte, 0, 6+g.idWidth)
	b = append(b, "synth-"...)
	n := strconv.Itoa(i + 1)
	for range g.idWidth - len(n) {
		b = append(b, '0')
	}
	return string(append(b, n...))
}

// planFor returns profile m's plan, nil if planting left it alone.
func (g *generator) planFor(m int32) *plan {
	if k := g.planOf[m]; k > 0 {
		return &g.plans[k-1]
	}
	return nil
}
