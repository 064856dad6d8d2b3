// Command restart measures what a portal's restart costs: match.Open of
// an engine folder with a kept fit, in a new process, and the first
// Partners call, each run a process of its own. A reopen in the process
// that built the folder (benchmarks/cmd/scale -reopen) reuses heap pages
// the system already handed it; a restarted process touches every page
// of its heap for the first time, which on Linux costs a page fault per
// 4 KB page unless the kernel gives it huge pages.
//
//	go run ./benchmarks/cmd/restart                       # 100,000 profiles, 5 runs
//	go run ./benchmarks/cmd/restart -profiles 20000 -native 0.33 -runs 9
//	go run ./benchmarks/cmd/restart -dir /data/restart -keep   # build the folder once, measure again later
//	go run ./benchmarks/cmd/restart -runs 1 -profile /tmp/prof  # CPU and allocation profiles of the restart
//
// The profiles are SYNTHETIC (package profile/synth, not real
// organisations). The folder is built once (Add in batches of 5,000,
// then Refit, which keeps the fit beside the index) and reused when
// -dir names a folder that holds it. The report gives, per run and as
// medians, the wall time of Open and of Open plus the first Partners,
// the process's CPU time over both (and the part the kernel spent for
// it), its minor page faults, its resident memory after the first call
// and at its peak, and the kernel's transparent huge page setting, on
// which the faults depend.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/clustergo/partnermatch/benchmarks/internal/proc"
	"github.com/clustergo/partnermatch/match"
	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// childEnv, when set, makes the process one measured run: it opens the
// folder the variable names and queries the profile of childQuery, and
// writes profiles to the path prefix childProfile if that is set.
const (
	childEnv     = "PARTNERMATCH_RESTART_DIR"
	childQuery   = "PARTNERMATCH_RESTART_QUERY"
	childProfile = "PARTNERMATCH_RESTART_PROFILE"
)

func main() {
	childMain()
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "restart:", err)
		os.Exit(1)
	}
}

// config holds the flags.
type config struct {
	profiles, runs int
	seed           uint64
	native         float64
	dir, out, prof string
	keep           bool
	args           []string // as given, for the report
}

func parse(args []string, stderr io.Writer) (config, error) {
	c := config{args: args}
	fs := flag.NewFlagSet("restart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.profiles, "profiles", 100000, "synthetic profiles in the folder")
	fs.IntVar(&c.runs, "runs", 5, "restarts measured, each in a new process")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the synthetic world")
	fs.Float64Var(&c.native, "native", 0, "share of profiles writing all their text in their own language (synth.Config.NativeText)")
	fs.StringVar(&c.dir, "dir", "", "engine folder, built if it does not hold one (empty: a temporary folder)")
	fs.BoolVar(&c.keep, "keep", false, "keep a temporary folder after the run")
	fs.StringVar(&c.prof, "profile", "", "write each run's CPU profile (cpu-N.pprof) and allocation profile (allocs-N.pprof, every allocation of the run's process) into this folder (empty: none)")
	fs.StringVar(&c.out, "out", "", "write the Markdown report to this file (empty: standard output)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.profiles < 1:
		return c, fmt.Errorf("-profiles %d: must be positive", c.profiles)
	case c.runs < 1 || c.runs > 1000:
		return c, fmt.Errorf("-runs %d: must be in [1, 1000]", c.runs)
	case !(c.native >= 0 && c.native <= 1):
		return c, fmt.Errorf("-native %v: must be in [0, 1]", c.native)
	}
	return c, nil
}

func run(args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	w, err := synth.Generate(synth.Config{Seed: c.seed, Profiles: c.profiles, NativeText: c.native})
	if err != nil {
		return err
	}
	if c.dir == "" {
		if c.dir, err = os.MkdirTemp("", "partnermatch-restart-"); err != nil {
			return err
		}
		if !c.keep {
			defer os.RemoveAll(c.dir)
		}
		c.dir = filepath.Join(c.dir, "engine")
	}
	built, err := build(c.dir, w.Profiles, stderr)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	query := w.Profiles[len(w.Profiles)/2].ID
	var runs []sample
	for i := range c.runs {
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), childEnv+"="+c.dir, childQuery+"="+query)
		if c.prof != "" {
			if err := os.MkdirAll(c.prof, 0o755); err != nil {
				return err
			}
			cmd.Env = append(cmd.Env, childProfile+"="+filepath.Join(c.prof, fmt.Sprint(i+1)))
		}
		cmd.Stderr = stderr
		b, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		var s sample
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("run %d: %w (output %q)", i+1, err, b)
		}
		if s.Fitted {
			return fmt.Errorf("run %d: Open fitted instead of restoring the kept fit", i+1)
		}
		if s.Profiles != c.profiles {
			return fmt.Errorf("run %d: folder %s holds %d profiles, -profiles says %d", i+1, c.dir, s.Profiles, c.profiles)
		}
		runs = append(runs, s)
		fmt.Fprintf(stderr, "run %d: first query after %v\n", i+1, s.First)
	}
	if c.out == "" {
		return report(stdout, c, built, runs)
	}
	f, err := os.Create(c.out)
	if err != nil {
		return err
	}
	return errors.Join(report(f, c, built, runs), f.Close())
}

// build makes the engine folder in dir unless it holds one, and says
// whether it did.
func build(dir string, ps []profile.Profile, stderr io.Writer) (bool, error) {
	if _, err := os.Stat(filepath.Join(dir, match.FitFile)); err == nil {
		return false, nil
	}
	ctx := context.Background()
	eng, err := match.Open(dir, match.Config{RefitDelay: -1})
	if err != nil {
		return false, err
	}
	for i := 0; i < len(ps); i += 5000 {
		if err := eng.Add(ctx, ps[i:min(i+5000, len(ps))]...); err != nil {
			return false, errors.Join(err, eng.Close())
		}
		fmt.Fprintf(stderr, "added %d\n", min(i+5000, len(ps)))
	}
	if err := eng.Refit(ctx); err != nil {
		return false, errors.Join(err, eng.Close())
	}
	return true, eng.Close()
}

// A sample is one measured restart, as a child reports it.
type sample struct {
	Open, First time.Duration // Open; Open and the first Partners
	CPU, System time.Duration // the process's CPU time over both, and the kernel's part; zero without getrusage
	Faults      int64         // minor page faults over both
	// RSS and Anon are the resident memory after the first Partners and
	// its part that is the process's own (see proc.Status), Peak the most
	// resident memory of the process: a new process's peak is its
	// restart's. Zero off Linux.
	RSS, Anon, Peak uint64
	Fitted          bool // Open fitted rather than restored
	Profiles        int  // the engine's profiles
}

// childMain, in a process started as a measured run (childEnv set),
// makes that run and exits; otherwise it returns. The command's binary
// and its test's are both started so.
func childMain() {
	dir := os.Getenv(childEnv)
	if dir == "" {
		return
	}
	if err := child(os.Stdout, dir, os.Getenv(childQuery), os.Getenv(childProfile)); err != nil {
		fmt.Fprintln(os.Stderr, "restart:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// child is one measured restart of the engine in dir.
// Profiles, if prof is not empty, go to prof's folder, named after its
// last element.
func child(stdout io.Writer, dir, query, prof string) (err error) {
	ctx := context.Background()
	if prof != "" {
		base, n := filepath.Split(prof)
		f, ferr := os.Create(filepath.Join(base, "cpu-"+n+".pprof"))
		if ferr != nil {
			return ferr
		}
		if perr := pprof.StartCPUProfile(f); perr != nil {
			return errors.Join(perr, f.Close())
		}
		defer func() {
			pprof.StopCPUProfile()
			// The profile shows allocations as of the last collection:
			// collect, after the figures are taken, so that it holds all.
			runtime.GC()
			a, aerr := os.Create(filepath.Join(base, "allocs-"+n+".pprof"))
			if aerr == nil {
				aerr = errors.Join(pprof.Lookup("allocs").WriteTo(a, 0), a.Close())
			}
			err = errors.Join(err, f.Close(), aerr)
		}()
	}
	before, _ := proc.ReadUsage()
	fitted := false
	start := time.Now()
	eng, err := match.OpenContext(ctx, dir, match.Config{RefitDelay: -1, Progress: func(p match.Progress) {
		fitted = fitted || p.Stage == match.StageFit
	}})
	if err != nil {
		return err
	}
	defer eng.Close()
	var s sample
	s.Open = time.Since(start)
	if _, err := eng.Partners(ctx, match.Query{ID: query}); err != nil {
		return err
	}
	s.First = time.Since(start)
	after, _ := proc.ReadUsage()
	u := after.Sub(before)
	s.CPU, s.System, s.Faults = u.CPU, u.System, u.MinorFaults
	s.Fitted = fitted
	s.Profiles = eng.Len()
	if st, ok := proc.Memory(); ok {
		s.RSS, s.Anon, s.Peak = st.RSS, st.Anon, st.HWM
	}
	return json.NewEncoder(stdout).Encode(s)
}

// report writes the Markdown report.
func report(w io.Writer, c config, built bool, runs []sample) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# partnermatch: restart of an engine folder of %d SYNTHETIC profiles\n\n", c.profiles)
	fmt.Fprintf(&b, "Profiles of package profile/synth (seed %d, NativeText %g), not real organisations. ", c.seed, c.native)
	if built {
		b.WriteString("The folder was built by this run.\n\n")
	} else {
		b.WriteString("The folder was built by an earlier run.\n\n")
	}
	fmt.Fprintf(&b, "Command: `%s` (from the module root).\n\n", strings.Join(append([]string{"go run ./benchmarks/cmd/restart"}, c.args...), " "))
	fmt.Fprintf(&b, "Machine: %s/%s, %d CPUs (GOMAXPROCS %d), %s, transparent huge pages: %s.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), hugePages())
	b.WriteString("| run | Open s | Open and first Partners s | CPU s | of which system s | minor page faults | RSS MB | anon RSS MB | peak RSS MB |\n|---|---|---|---|---|---|---|---|---|\n")
	row := func(name string, s sample) {
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %.3f | %.3f | %d | %d | %d | %d |\n", name, s.Open.Seconds(), s.First.Seconds(),
			s.CPU.Seconds(), s.System.Seconds(), s.Faults, s.RSS>>20, s.Anon>>20, s.Peak>>20)
	}
	for i, s := range runs {
		row(fmt.Sprint(i+1), s)
	}
	row("median", medians(runs))
	b.WriteString("\nEach run is a new process: Open of the folder (which restores the kept fit), then one Partners call (Limit 10, default model); CPU time, system time and page faults are the process's over both, from getrusage; RSS and anon RSS (VmRSS, RssAnon: the process's own memory, without pages of mapped index files) after the first call, peak RSS (VmHWM) the process's peak, which for a new process is its restart's.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// medians returns the median of each field of runs.
func medians(runs []sample) sample {
	med := func(f func(sample) int64) int64 {
		xs := make([]int64, len(runs))
		for i, s := range runs {
			xs[i] = f(s)
		}
		slices.Sort(xs)
		if n := len(xs); n%2 == 0 {
			return (xs[n/2-1] + xs[n/2]) / 2
		}
		return xs[len(xs)/2]
	}
	return sample{
		Open:   time.Duration(med(func(s sample) int64 { return int64(s.Open) })),
		First:  time.Duration(med(func(s sample) int64 { return int64(s.First) })),
		CPU:    time.Duration(med(func(s sample) int64 { return int64(s.CPU) })),
		System: time.Duration(med(func(s sample) int64 { return int64(s.System) })),
		Faults: med(func(s sample) int64 { return s.Faults }),
		RSS:    uint64(med(func(s sample) int64 { return int64(s.RSS) })),
		Anon:   uint64(med(func(s sample) int64 { return int64(s.Anon) })),
		Peak:   uint64(med(func(s sample) int64 { return int64(s.Peak) })),
	}
}

// hugePages returns the kernel's transparent huge page setting, the
// bracketed word of its sysfs file, or "unknown".
func hugePages() string {
	b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil {
		return "unknown"
	}
	s := string(b)
	i, j := strings.IndexByte(s, '['), strings.IndexByte(s, ']')
	if i < 0 || j < i {
		return strings.TrimSpace(s)
	}
	return s[i+1 : j]
}
