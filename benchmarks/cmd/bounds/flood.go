package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
)

// floodBatch is the number of profiles of each Add of the flood, a
// portal's batch.
const floodBatch = 50

// runFlood measures the refit after an authorised writer added c.flood
// profiles of random words, and the reads beside it.
func runFlood(ctx context.Context, c *config, t *table) error {
	e, w, err := openWorld(ctx, c)
	if err != nil {
		return err
	}
	defer e.Close()
	cst, err := measure(func() error { return e.Refit(ctx) })
	if err != nil {
		return err
	}
	t.row("flood", fmt.Sprintf("refit of the clean world (%s profiles)", thousands(c.world)), fitted(e), cst)

	bad := floodProfiles(c.flood, c.distinct)
	words := 0
	for i := range bad {
		words = max(words, bad[i].Words())
	}
	kind := "every word random"
	if c.distinct > 0 {
		kind = fmt.Sprintf("drawn from %s random words each", thousands(c.distinct))
	}
	req := fmt.Sprintf("add %d profiles of %.0f KB, %s (at most %s distinct words), in batches of %d",
		len(bad), float64(len(bad[0].Text()))/1024, kind, thousands(words), floodBatch)
	var refused error
	cst, err = measure(func() error {
		for ps := range slices.Chunk(bad, floodBatch) {
			if refused = e.Add(ctx, ps...); refused != nil {
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if refused != nil {
		// The bound holds: nothing is left to refit or read beside.
		t.row("flood", req, "refused: "+cell(refused.Error()), cst)
		return nil
	}
	t.row("flood", req, fmt.Sprintf("added (%s profiles)", thousands(e.Len())), cst)

	cst, err = measure(func() error { return e.Refit(ctx) })
	if err != nil {
		return err
	}
	t.row("flood", fmt.Sprintf("refit after the flood (%s profiles)", thousands(e.Len())), fitted(e), cst)

	var idle, during, share []float64
	cst, err = measure(func() error {
		var err error
		idle, during, err = readsBeside(ctx, e, w.Profiles, c.refits, c.idle)
		return err
	})
	if err != nil {
		return err
	}
	for i := range idle {
		share = append(share, during[i]/max(idle[i], 1))
	}
	t.row("flood", fmt.Sprintf("reads (Partners by id, 2 goroutines) during %d refits, %v idle before each", c.refits, c.idle),
		fmt.Sprintf("%.0f reads/s idle, %.0f during the refits: %.0f%% of idle (median; %.0f-%.0f%%)",
			median(idle), median(during), 100*median(share), 100*slices.Min(share), 100*slices.Max(share)), cst)
	return nil
}

// floodProfiles returns n profiles of about 40 KB of random words (a
// description of 31 KB, 14 offers of 500 bytes), from a fixed seed. With
// distinct > 0 each profile draws its words from its own list of distinct
// random entries, an entry being one or two words.
func floodProfiles(n, distinct int) []profile.Profile {
	r := rand.New(rand.NewPCG(1, 2))
	ps := make([]profile.Profile, n)
	for i := range ps {
		var vocab []string
		if distinct > 0 {
			seen := map[string]bool{}
			for len(vocab) < distinct {
				w := strings.TrimSpace(randomWords(r, 20, nil))
				if !seen[w] {
					seen[w] = true
					vocab = append(vocab, w)
				}
			}
		}
		p := profile.Profile{ID: fmt.Sprintf("flood-%04d", i), Name: "Flood", Country: "FR",
			Description: randomWords(r, 31<<10, vocab)}
		for range 14 {
			p.Offers = append(p.Offers, randomWords(r, 500, vocab))
		}
		ps[i] = p
	}
	return ps
}

// randomWords returns about n bytes of words: entries of vocab, or
// random words of 4 to 10 letters when vocab is nil.
func randomWords(r *rand.Rand, n int, vocab []string) string {
	var b strings.Builder
	for b.Len() < n-12 {
		if vocab != nil {
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteByte(' ')
			continue
		}
		for range 4 + r.IntN(7) {
			b.WriteByte(byte('a' + r.IntN(26)))
		}
		b.WriteByte(' ')
	}
	return b.String()
}

// readsBeside counts Partners calls by id from two goroutines, as
// reads/s, for idle each round and then during a refit, for rounds
// rounds. A failed read stops the rounds and is the error.
func readsBeside(ctx context.Context, e *match.Engine, ps []profile.Profile, rounds int, idle time.Duration) (idleRates, duringRates []float64, err error) {
	rctx, cancel := context.WithCancelCause(ctx)
	var reads atomic.Int64
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for i := 0; rctx.Err() == nil; i++ {
				id := ps[(i*7+g)%len(ps)].ID
				if _, err := e.Partners(rctx, match.Query{ID: id}); err != nil {
					cancel(fmt.Errorf("read %s: %w", id, err))
					return
				}
				reads.Add(1)
			}
		})
	}
	for range rounds {
		reads.Store(0)
		select {
		case <-time.After(idle):
		case <-rctx.Done():
		}
		idleRates = append(idleRates, float64(reads.Load())/idle.Seconds())
		reads.Store(0)
		t0 := time.Now()
		if err := e.Refit(rctx); err != nil {
			cancel(err)
			break
		}
		duringRates = append(duringRates, float64(reads.Load())/time.Since(t0).Seconds())
	}
	// The first cause wins: a failed read, a failed refit or ctx's end.
	cancel(nil)
	wg.Wait()
	if err := context.Cause(rctx); !errors.Is(err, context.Canceled) || ctx.Err() != nil {
		return nil, nil, err
	}
	return idleRates, duringRates, nil
}

// fittedTerms finds the vocabulary sizes in the fit's description of a
// model ("tfidf(profiles=1000, terms=3732)").
var fittedTerms = regexp.MustCompile(`terms=(\d+)`)

// fitted says how many terms the default model's fit holds, the largest
// vocabulary of its parts, as FitInfo describes it.
func fitted(e *match.Engine) string {
	n := -1
	for _, m := range fittedTerms.FindAllStringSubmatch(e.Fit().Models[e.DefaultModel()], -1) {
		v, _ := strconv.Atoi(m[1])
		n = max(n, v)
	}
	if n < 0 {
		return "fitted"
	}
	return thousands(n) + " fitted terms"
}

func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// cell makes s fit in a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
