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
// with \r; elsewhere (a log file) it prints a line per stage, and every
// logEvery within a long stage, so that a run of half an hour shows it is
// alive. Its methods may be called concurrently.
type progress struct {
	w     io.Writer
	tty   bool
	start time.Time

	mu     sync.Mutex
	last   time.Time
	stage  string
	width  int
	logged time.Time // last line written off a terminal
}

const logEvery = 30 * time.Second

func newProgress(w io.Writer) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		st, err := f.Stat()
		tty = err == nil && st.Mode()&os.ModeCharDevice != 0
	}
	return &progress{w: w, tty: tty, start: time.Now()}
}

// update shows the stage and done of total steps (0 of 0: no count), with
// the resident memory, which is what a scale run watches.
func (p *progress) update(stage string, done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	newStage := stage != p.stage
	p.stage = stage
	count := ""
	if total > 0 {
		count = fmt.Sprintf("  %d/%d", done, total)
	}
	if !p.tty {
		if newStage || now.Sub(p.logged) >= logEvery {
			p.logged = now
			fmt.Fprintf(p.w, "%8s  %s%s  %s\n", time.Since(p.start).Round(time.Second), stage, count, memNote())
		}
		return
	}
	if !newStage && done < total && now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last = now
	const cells = 30
	f := 0.0
	if total > 0 {
		f = float64(done) / float64(total)
	}
	n := int(f * cells)
	line := fmt.Sprintf("[%s%s] %5.1f%%%s  %s  %s  %s", strings.Repeat("#", n), strings.Repeat(".", cells-n),
		100*f, count, time.Since(p.start).Round(time.Second), memNote(), stage)
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

func memNote() string {
	m, src := memory()
	return src + " " + gb(m)
}
