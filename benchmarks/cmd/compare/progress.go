package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// A progress draws a one-line progress bar on a terminal, redrawn in place
// with \r; elsewhere (a log file) it prints one line per stage. Its
// methods may be called concurrently.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time

	mu    sync.Mutex
	last  time.Time
	stage string
	width int
}

func newProgress(w io.Writer) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		st, err := f.Stat()
		tty = err == nil && st.Mode()&os.ModeCharDevice != 0
	}
	return &progress{w: w, tty: tty, start: time.Now()}
}

// update shows the stage and done of total steps.
func (p *progress) update(stage string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	newStage := stage != p.stage
	p.stage = stage
	if !p.tty {
		if newStage {
			fmt.Fprintf(p.w, "%8s  %5.1f%%  %s\n", time.Since(p.start).Round(time.Second), pct(done, total), stage)
		}
		return
	}
	if !newStage && done < total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	const cells = 30
	f := 0.0
	if total > 0 {
		f = float64(done) / float64(total)
	}
	n := int(f * cells)
	line := fmt.Sprintf("[%s%s] %5.1f%%  %d/%d  %s  %s", strings.Repeat("#", n), strings.Repeat(".", cells-n),
		100*f, done, total, time.Since(p.start).Round(time.Second), stage)
	pad := max(0, p.width-len(line))
	p.width = len(line)
	fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
}

// status shows a message as a stage without a count.
func (p *progress) status(msg string) { p.update(msg, 0, 0) }

// done ends the bar's line.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty && p.width > 0 {
		fmt.Fprintln(p.w)
		p.width = 0
	}
}

func pct(done, total int) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(done) / float64(total)
}
