package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// isTerminal reports whether w is a terminal (a character device), where
// a progress bar redrawn with \r makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// barWidth is the number of cells of the bar.
const barWidth = 30

// redraw is the least time between two drawings of the bar: more often
// costs time and flickers.
const redraw = 100 * time.Millisecond

// A progress draws a one-line progress bar, redrawn in place with \r. The
// zero progress, with no writer, draws nothing. Its methods may be called
// concurrently.
type progress struct {
	w io.Writer // nil: no bar

	mu     sync.Mutex
	last   time.Time // of the last drawing
	width  int       // of the line on screen, to blank it out
	render func() string
}

// status shows a message, such as what is being opened.
func (p *progress) status(msg string) {
	p.show(true, func() string { return msg })
}

// reading shows the bytes of the input read so far, out of size (-1 if
// unknown); final is set for the last call.
func (p *progress) reading(name string, n, size int64, final bool) {
	p.show(final, func() string {
		if size <= 0 {
			return fmt.Sprintf("reading %s  %s", name, mb(n))
		}
		f := float64(n) / float64(size)
		return fmt.Sprintf("reading %s  %s %3.0f%%  %s / %s", name, bar(f), 100*f, mb(n), mb(size))
	})
}

// loading shows the profiles added so far, out of total, the time since
// start and the rate. Between calls, tick keeps the time current.
func (p *progress) loading(n, total int, start time.Time) {
	p.show(n == total, func() string {
		took := time.Since(start)
		f := float64(n) / float64(total)
		return fmt.Sprintf("loading  %s %3.0f%%  %s / %s profiles  %s  %s records/s",
			bar(f), 100*f, thousands(n), thousands(total), took.Round(time.Second), thousands(int(float64(n)/max(took.Seconds(), 1e-3))))
	})
}

// tick redraws the last line, for the times in it, every interval until
// stop is closed.
func (p *progress) tick(interval time.Duration, stop <-chan struct{}) {
	if p.w == nil {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			p.mu.Lock()
			if p.render != nil {
				p.draw(p.render())
			}
			p.mu.Unlock()
		}
	}
}

// show draws the line that render returns over the previous one, at most
// every redraw unless force.
func (p *progress) show(force bool, render func() string) {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.render = render
	if force || time.Since(p.last) >= redraw {
		p.draw(render())
	}
}

func (p *progress) draw(line string) {
	p.last = time.Now()
	pad := max(p.width-len(line), 0)
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", pad))
	p.width = len(line)
}

// done ends the bar's line, so that the next output starts on a new one.
func (p *progress) done() {
	if p.w == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.width > 0 {
		fmt.Fprintln(p.w)
	}
	p.width, p.last, p.render = 0, time.Time{}, nil
}

// bar draws a fraction in [0, 1] as [#####.....].
func bar(f float64) string {
	n := int(min(max(f, 0), 1) * barWidth)
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", barWidth-n) + "]"
}

// mb formats a byte count in megabytes.
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// A countingReader counts the bytes read through it and reports the count
// after each read. It fails with ctx's error once ctx is done, so that an
// interrupt stops reading.
type countingReader struct {
	ctx context.Context
	r   io.Reader
	n   int64
	fn  func(n int64)
}

func (c *countingReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(b)
	c.n += int64(n)
	c.fn(c.n)
	return n, err
}
