package progress

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLogLines(t *testing.T) {
	for _, tc := range []struct {
		name     string
		note     func() string
		logEvery time.Duration
		want     []string // each line's end, after the elapsed time
	}{
		{"a line per stage", nil, 0, []string{"  reading", "  queries  1/4", "  writing"}},
		{"with a note", func() string { return "RSS 1.00 GB" }, 0,
			[]string{"  reading  RSS 1.00 GB", "  queries  1/4  RSS 1.00 GB", "  writing  RSS 1.00 GB"}},
		{"a long stage repeats", nil, time.Nanosecond,
			[]string{"  reading", "  queries  1/4", "  queries  2/4", "  queries  4/4", "  writing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			b := New(&out, tc.note, tc.logEvery)
			b.Status("reading")
			b.Update("queries", 1, 4)
			time.Sleep(time.Millisecond)
			b.Update("queries", 2, 4)
			time.Sleep(time.Millisecond)
			b.Update("queries", 4, 4)
			b.Status("writing")
			b.Done()
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if assert.Len(t, lines, len(tc.want), "output:\n%s", out.String()) {
				for i, l := range lines {
					assert.True(t, strings.HasSuffix(l, tc.want[i]), "line %q ends with %q", l, tc.want[i])
				}
			}
		})
	}
}

func TestTerminalBar(t *testing.T) {
	var out bytes.Buffer
	b := New(&out, nil, 0)
	b.tty = true // a bytes.Buffer is no terminal
	b.Update("queries on 10,000 profiles", 3, 4)
	b.Status("done")
	b.Done()
	s := out.String()
	assert.Regexp(t, `\r\[#{22}\.{8}\]  75\.0%  3/4  \d+s  queries on 10,000 profiles`, s)
	assert.Regexp(t, `\r\[\.{30}\]   0\.0%  \d+s  done`, s, "a status has no count")
	assert.True(t, strings.HasSuffix(s, "\n"), "Done ends the line")
	assert.Equal(t, 2, strings.Count(s, "\r"), "one drawing per update")
}
