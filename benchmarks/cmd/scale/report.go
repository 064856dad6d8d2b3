package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/clustergo/partnermatch/benchmarks/internal/proc"
)

// writeMarkdown writes the report: the command and machine, one table row
// per completed checkpoint, and what broke first. It builds the report in
// memory and writes it at once, so that a hard stop racing the end of the
// run cannot interleave two half reports.
func writeMarkdown(w io.Writer, c *config, args []string, rows []row, broke *breakage, hard string, gen, took time.Duration) error {
	var b bytes.Buffer
	largest := c.sizes[len(c.sizes)-1]
	fmt.Fprintf(&b, "# partnermatch: scale run on SYNTHETIC profiles\n\n")
	fmt.Fprintf(&b, "The profiles are synthetic (package profile/synth, seed %d), not real organisations: one world of %s profiles, of which a checkpoint of n holds the first n. Generated in %s (not counted below).\n\n",
		c.seed, thousands(largest), gen.Round(time.Millisecond))
	cmd := "go run ./benchmarks/cmd/scale"
	for _, a := range args {
		if strings.ContainsAny(a, " \"'") || a == "" {
			a = strconv.Quote(a)
		}
		cmd += " " + a
	}
	fmt.Fprintf(&b, "Command: `%s` (from the module root).\n\n", cmd)
	fmt.Fprintf(&b, "Machine: %s/%s, %d CPUs (GOMAXPROCS %d)%s, %s, %s RAM, %s. Took %s.\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel(), runtime.Version(), memTotal(), gcSettings(), took.Round(time.Second))

	rules := c.rules
	if rules == "" {
		rules = "-"
	}
	fmt.Fprintf(&b, "| profiles | add s | profiles/s | profiles/s since previous | index on disk MB | disk KB/profile | Go heap MB | RSS MB | anon RSS MB | peak RSS MB | fit s | p50 ms | p99 ms | %s p50 ms | %s p99 ms | close s | reopen s | load s | restore s | first query ms | fit file MB | RSS reopened MB | anon RSS reopened MB | RSS before reopening MB | peak RSS reopening MB |\n", rules, rules)
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		p50, p99 := rowQuantiles(r.lat)
		q50, q99 := rowQuantiles(r.latRules)
		closeS, openS := "", ""
		var loadS, restoreS, firstS, fileS, rssS, anonS, beforeS, peakS string
		if r.reopened {
			closeS, openS = secs(r.close), secs(r.open)
			loadS, restoreS = secs(r.load), secs(r.restore)
			if !r.restored {
				restoreS += " (fitted)"
			}
			firstS = fmt.Sprintf("%.1f", float64(r.first)/float64(time.Millisecond))
			fileS = fmt.Sprintf("%.1f", mb(uint64(r.fitFile)))
			rssS, anonS = mbOrNA(r.rssReopened), mbOrNA(r.anonReopened)
			beforeS, peakS = mbOrNA(r.rssBeforeOpen), mbOrNA(r.peakReopen)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %.1f | %.2f | %.0f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			thousands(r.profiles), secs(r.add), rate(r.profiles, r.add), rate(r.added, r.interval),
			mb(uint64(r.disk)), float64(r.disk)/1024/float64(r.profiles), mb(r.heap), mbOrNA(r.rss), mbOrNA(r.anon), mbOrNA(r.hwm),
			secs(r.fit), p50, p99, q50, q99, closeS, openS, loadS, restoreS, firstS, fileS, rssS, anonS, beforeS, peakS)
	}
	fmt.Fprintf(&b, "\nadd s: time in Engine.Add (batches of %d), all profiles so far. Index on disk: the engine's folder after the queries. Go heap: live heap after fitting and a GC; RSS, anon RSS and peak RSS: VmRSS, RssAnon (the process's own memory, without the pages of mapped index files that the kernel reclaims under pressure) and VmHWM of the process then (peak includes generating the world and earlier reopens). fit s: Engine.Refit of the default model, which includes writing the fit into the folder. p50/p99: Partners (Limit 10, default model) on %d profiles sampled with the seed, one at a time, after one untimed warm-up query; the %s columns add Rules %q. Reopen (-reopen %s): Close, then Open from disk, which loads every profile (load s) and then restores the fit the engine kept in the folder (restore s; \"fitted\" where there was none to restore and Open fitted), then the first Partners call; fit file: the kept fit's size; RSS and anon RSS reopened: VmRSS and RssAnon after that first call; RSS before reopening: VmRSS after Close, once the closed engine's memory was handed back to the system (what a restart's new process does not hold, less the run's own data), and peak RSS reopening: VmHWM from then to after the first call (the peak is reset by /proc/self/clear_refs).\n\n",
		c.batch, c.queries, rules, c.rules, c.reopen)

	limits := "no memory limit"
	if c.maxRSS > 0 {
		limits = fmt.Sprintf("memory limit %g GB", c.maxRSS)
	}
	if c.timeout > 0 {
		limits += fmt.Sprintf(", timeout %v", c.timeout)
	} else {
		limits += ", no timeout"
	}
	// The table's peak is taken at each checkpoint, before reopening;
	// the process's peak now covers what came after the last reset
	// (before a reopen), the rows' peaks what came before.
	if st, ok := proc.Memory(); ok {
		peak := st.HWM
		for _, r := range rows {
			peak = max(peak, r.hwm, r.peakReopen)
		}
		fmt.Fprintf(&b, "Peak RSS of the whole run, reopening included: %.0f MB.\n\n", mb(peak))
	}
	lastGood := "none"
	if len(rows) > 0 {
		lastGood = thousands(rows[len(rows)-1].profiles) + " profiles"
	}
	switch {
	case broke == nil && hard == "":
		fmt.Fprintf(&b, "**What broke first: nothing** up to %s profiles (%s).\n", thousands(largest), limits)
	case broke != nil:
		fmt.Fprintf(&b, "**What broke first: %s**, while %s: %v. Last good checkpoint: %s (%s).\n", broke.kind, broke.stage, broke.err, lastGood, limits)
	}
	if hard != "" {
		fmt.Fprintf(&b, "**Hard stop** (the process exited with status 3): %s. Last good checkpoint: %s (%s).\n", hard, lastGood, limits)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func secs(d time.Duration) string {
	if d < 10*time.Second {
		return strconv.FormatFloat(d.Seconds(), 'f', 2, 64)
	}
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64)
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

func rate(n int, d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return thousands(int(float64(n)/d.Seconds() + 0.5))
}

func mb(b uint64) float64 { return float64(b) / (1 << 20) }

func mbOrNA(b uint64) string {
	if b == 0 {
		return "n/a"
	}
	return strconv.FormatFloat(mb(b), 'f', 0, 64)
}

func gb(b uint64) string { return strconv.FormatFloat(float64(b)/(1<<30), 'f', 2, 64) + " GB" }

// memory returns the resident set size and "RSS", or off Linux the memory
// the Go runtime has mapped and not released, and "Go memory": it
// includes the heap but not memory that C code or the kernel's page cache
// hold for the process. runtime/metrics does not stop the world, unlike
// runtime.ReadMemStats, so polling it does not disturb latencies.
func memory() (uint64, string) {
	if st, ok := proc.Memory(); ok {
		return st.RSS, "RSS"
	}
	s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 {
		return 0, "Go memory"
	}
	return s[0].Value.Uint64() - s[1].Value.Uint64(), "Go memory"
}

// dirSize sums the sizes of the regular files under dir. Files that vanish
// during the walk (segments merged away) are skipped.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		} else if err != nil {
			return err
		}
		n += info.Size()
		return nil
	})
	return n, err
}

// cpuModel returns ", <model name>" from /proc/cpuinfo, or "".
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return ", " + strings.TrimSpace(v)
		}
	}
	return ""
}

// memTotal returns MemTotal of /proc/meminfo, or "unknown".
// gcSettings names the garbage collector's settings of the run, which
// decide how far the heap may grow past its live data: the resident
// memory depends on them as much as on the engine.
func gcSettings() string {
	gogc := cmp.Or(os.Getenv("GOGC"), "100")
	limit := "no GOMEMLIMIT"
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		limit = "GOMEMLIMIT " + gb(uint64(l))
	}
	return "GOGC " + gogc + ", " + limit
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			if f := strings.Fields(v); len(f) == 2 {
				if n, err := strconv.ParseUint(f[0], 10, 64); err == nil {
					return gb(n << 10)
				}
			}
		}
	}
	return "unknown"
}

// memNote is the resident memory for the progress lines: what a scale run
// watches.
func memNote() string {
	m, src := memory()
	return src + " " + gb(m)
}
