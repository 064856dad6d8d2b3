// Command consortium proposes whole partnerships for one cluster of the
// embedded synthetic data set: alternative consortia that satisfy a
// call's rules for a target market, each with its members' roles, shared
// markets, value-chain coverage and objective.
//
//	go run ./examples/consortium -rules escp4i
//	go run ./examples/consortium -rules escp4i -name "battery" -market JP -n 3 -size 5
//	go run ./examples/consortium -id synth-00042 -market US -json
//
// -rules defaults to match.DefaultRules (open, which restricts nothing),
// as a ConsortiumQuery does: a consortium for a call names the call's
// rules.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp): // -h: flag has printed the usage
	case err != nil:
		fmt.Fprintln(os.Stderr, "consortium:", err)
		os.Exit(1)
	}
}

func run(args []string, out, errOut io.Writer) error {
	fs := flag.NewFlagSet("consortium", flag.ContinueOnError)
	fs.SetOutput(errOut)
	id := fs.String("id", "", "id of the cluster the consortium is built around")
	name := fs.String("name", "", "or a word of its name (the first match by id is used); default: the first eligible cluster")
	market := fs.String("market", "", "target market (ISO alpha-2); default: the cluster's first market the rule set allows (a third country under escp4i)")
	n := fs.Int("n", 3, "number of alternative consortia")
	minSize := fs.Int("min", 0, "least members (default 3)")
	size := fs.Int("size", 5, "most members")
	rules := fs.String("rules", match.DefaultRules, "eligibility rule set: escp4i or open")
	model := fs.String("model", "", "score model for pairwise complementarity (default auto)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ctx := context.Background()
	world, err := synth.Default()
	if err != nil {
		return err
	}
	// The planted target partnerships serve as the known partnerships that
	// learned models fit on: no profile lists them in its history, so the
	// history signal cannot explain them trivially (see score.Corpus).
	eng, err := match.Open("", match.Config{Known: world.Partnerships})
	if err != nil {
		return err
	}
	defer eng.Close()
	if err := eng.Add(ctx, world.Profiles...); err != nil {
		return err
	}
	rs, ok := profile.DefaultRuleSets()[*rules]
	if !ok {
		return fmt.Errorf("unknown rule set %q (have %s)", *rules, strings.Join(eng.RuleSets(), ", "))
	}
	seed, err := pick(world.Profiles, *id, *name, rs)
	if err != nil {
		return err
	}
	if *market == "" {
		for _, m := range seed.TargetMarkets {
			if rs.EligibleMarket(m) {
				*market = m
				break
			}
		}
	}
	q := match.ConsortiumQuery{Seeds: []string{seed.ID}, MinSize: *minSize, MaxSize: *size, Rules: *rules,
		Model: *model, Alternatives: *n}
	if *market != "" {
		q.Markets = []string{*market}
	}
	cs, err := eng.Consortium(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Seed      string             `json:"seed"`
			Market    string             `json:"market,omitempty"`
			Rules     string             `json:"rules"`
			Consortia []match.Consortium `json:"consortia"`
		}{seed.ID, *market, *rules, cs})
	}
	fmt.Fprintf(out, "Consortia around %s (%s, %s) for market %s, rule set %s, among %d SYNTHETIC profiles\n",
		seed.Name, seed.ID, seed.Country, *market, *rules, eng.Len())
	for i, c := range cs {
		o := c.Objective
		fmt.Fprintf(out, "\n#%d objective %.3f = complementarity %.3f + anchor %.3f + coverage %.3f + market %.3f + diversity %.3f - redundancy %.3f - size %.3f\n",
			i+1, o.Value, o.Complementarity, o.Anchor, o.Coverage, o.Market, o.Diversity, o.Redundancy, o.Size)
		fmt.Fprintln(out, c.Summary)
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\tid\tcountry\tname\trole")
		for _, m := range c.Members {
			mark := ""
			if m.Seed {
				mark = "*"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", mark, m.ID, m.Profile.Country, m.Profile.Name, m.Role)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// pick returns the profile named by id, or the first (by id) whose name
// contains name, or the first cluster eligible under rules with a
// market outside the EU and COSME countries (a third country of
// ESCP-4i, which every built-in rule set allows).
func pick(ps []profile.Profile, id, name string, rules profile.RuleSet) (profile.Profile, error) {
	ps = slices.Clone(ps)
	slices.SortFunc(ps, func(a, b profile.Profile) int { return strings.Compare(a.ID, b.ID) })
	esc := profile.ESCP4i()
	for _, p := range ps {
		switch {
		case id != "":
			if p.ID == id {
				return p, nil
			}
		case name != "":
			if strings.Contains(strings.ToLower(p.Name), strings.ToLower(name)) {
				return p, nil
			}
		case p.Kind == profile.KindCluster && rules.EligibleMember(p.Country) &&
			slices.ContainsFunc(p.TargetMarkets, esc.EligibleMarket):
			return p, nil
		}
	}
	return profile.Profile{}, errors.New("no such cluster in the data set")
}
