// Command synthgen writes a synthetic world of cluster profiles with
// planted partnerships (package synth) to a directory:
//
//	synthgen -seed 6 -n 1000 -out data
//
// writes data/profiles.jsonl, data/partnerships.json (target, held-out
// partnerships), data/history.json (past partnerships) and
// data/stages.csv. Profiles are streamed, so millions are fine.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/clustergo/partnermatch/profile/synth"
)

func main() {
	var cfg synth.Config
	flag.Uint64Var(&cfg.Seed, "seed", synth.DefaultConfig().Seed, "random seed")
	flag.IntVar(&cfg.Profiles, "n", synth.DefaultConfig().Profiles, "number of profiles")
	flag.Float64Var(&cfg.Partnered, "partnered", 0, "share of profiles in a planted partnership (0: default, <0: none)")
	flag.Float64Var(&cfg.Target, "target", 0, "share of partnerships held out as ground truth (0: default, <0: none)")
	flag.Float64Var(&cfg.Reuse, "reuse", 0, "share of target partnerships reuniting two past co-members (0: default, <0: none)")
	flag.Float64Var(&cfg.NonEnglish, "nonenglish", 0, "share of non-English descriptions (0: default, <0: none)")
	out := flag.String("out", "data", "output directory")
	quiet := flag.Bool("q", false, "do not report progress")
	flag.Parse()

	start := time.Now()
	if err := synth.GenerateDir(*out, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "synthgen:", err)
		os.Exit(1)
	}
	if !*quiet {
		fmt.Fprintf(os.Stderr, "synthgen: %d profiles (seed %d) written to %s in %v\n", cfg.Profiles, cfg.Seed, *out, time.Since(start).Round(time.Millisecond))
	}
}
