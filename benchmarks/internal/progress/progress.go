// Package progress shows how far a long benchmark command has got: a
// one-line bar redrawn in place on a terminal, and plain lines elsewhere
// (a log file), one per stage.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// A Bar draws the progress of one run. Its methods may be called
// concurrently.
type Bar struct {
	w        io.Writer
	tty      bool
	note     func() string
	logEvery time.Duration
	start    time.Time

	mu     sync.Mutex
	last   time.Time // of the last drawing on a terminal
	logged time.Time // of the last line off a terminal
	stage  string
	width  int // of the line on screen, to blank it out
}

// redraw is the least time between two drawings on a terminal: more often
// costs time and flickers.
const redraw = 100 * time.Millisecond

// New returns a Bar that writes to w. If note is not nil, its words end
// every line (the scale run shows the resident memory). If logEvery is
// positive, off a terminal a long stage repeats its line that often, so
// that a run of half an hour shows it is alive.
func New(w io.Writer, note func() string, logEvery time.Duration) *Bar {
	tty := false
	if f, ok := w.(*os.File); ok {
		st, err := f.Stat()
		tty = err == nil && st.Mode()&os.ModeCharDevice != 0
	}
	return &Bar{w: w, tty: tty, note: note, logEvery: logEvery, start: time.Now()}
}

// Update shows the stage and done of total steps; a total of 0 shows no
// count.
func (b *Bar) Update(stage string, done, total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	newStage := stage != b.stage
	b.stage = stage
	count, note := "", ""
	if total > 0 {
		count = fmt.Sprintf("  %d/%d", done, total)
	}
	elapsed := now.Sub(b.start).Round(time.Second)
	if !b.tty {
		if newStage || b.logEvery > 0 && now.Sub(b.logged) >= b.logEvery {
			b.logged = now
			if b.note != nil {
				note = "  " + b.note()
			}
			fmt.Fprintf(b.w, "%8s  %s%s%s\n", elapsed, stage, count, note)
		}
		return
	}
	if !newStage && done < total && now.Sub(b.last) < redraw {
		return
	}
	b.last = now
	if b.note != nil {
		note = "  " + b.note()
	}
	const cells = 30
	f := 0.0
	if total > 0 {
		f = min(1, float64(done)/float64(total))
	}
	n := int(f * cells)
	line := fmt.Sprintf("[%s%s] %5.1f%%%s  %s%s  %s", strings.Repeat("#", n), strings.Repeat(".", cells-n),
		100*f, count, elapsed, note, stage)
	pad := max(0, b.width-len(line))
	b.width = len(line)
	fmt.Fprintf(b.w, "\r%s%s", line, strings.Repeat(" ", pad))
}

// Status shows a message as a stage without a count.
func (b *Bar) Status(msg string) { b.Update(msg, 0, 0) }

// Done ends the bar's line on a terminal, so that the next output starts
// on a new one.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tty && b.width > 0 {
		fmt.Fprintln(b.w)
		b.width = 0
	}
}
