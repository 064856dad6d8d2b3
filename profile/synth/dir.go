package synth

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/clustergo/partnermatch/profile"
)

// Files written by WriteDir and GenerateDir, and embedded in data/.
const (
	ProfilesFile     = "profiles.jsonl"    // one profile per line, JSON
	PartnershipsFile = "partnerships.json" // {"partnerships":[...]}: target (held-out) partnerships
	HistoryFile      = "history.json"      // {"partnerships":[...]}: past partnerships
	StagesFile       = "stages.csv"        // id,stage: each profile's value-chain stage key
)

// WriteDir writes w to directory dir (created if missing) as the four
// files ProfilesFile, PartnershipsFile, HistoryFile and StagesFile. The
// output depends only on w, so equal worlds give equal bytes.
func (w *World) WriteDir(dir string) error {
	return writeDir(dir, w.Partnerships, w.History, func(write func(profiles, stages []byte) error) error {
		var pb, sb bytes.Buffer
		for i := range w.Profiles {
			pb.Reset()
			sb.Reset()
			if err := encodeProfile(&pb, &sb, &w.Profiles[i], w.Stages[w.Profiles[i].ID]); err != nil {
				return err
			}
			if err := write(pb.Bytes(), sb.Bytes()); err != nil {
				return err
			}
		}
		return nil
	})
}

// GenerateDir writes the world that cfg describes to dir, as
// Generate(cfg) followed by WriteDir would, but streams the profiles
// instead of holding them in memory. Use it for worlds of millions of
// profiles.
func GenerateDir(dir string, cfg Config) error {
	g, err := newGenerator(cfg)
	if err != nil {
		return err
	}
	type encoded struct {
		profiles, stages bytes.Buffer
		err              error
	}
	return writeDir(dir, g.target, g.past, func(write func(profiles, stages []byte) error) error {
		var err error
		batches(g, func(_ int, ps []profile.Profile, stages []string) *encoded {
			e := &encoded{}
			for k := range ps {
				if e.err = encodeProfile(&e.profiles, &e.stages, &ps[k], stages[k]); e.err != nil {
					break
				}
			}
			return e
		}, func(e *encoded) {
			if err == nil {
				err = e.err
			}
			if err == nil {
				err = write(e.profiles.Bytes(), e.stages.Bytes())
			}
		})
		return err
	})
}

// encodeProfile appends p as a JSON line to pb and its stages.csv line to sb.
func encodeProfile(pb, sb *bytes.Buffer, p *profile.Profile, stage string) error {
	enc := json.NewEncoder(pb)
	enc.SetEscapeHTML(false)
	sb.WriteString(p.ID)
	sb.WriteByte(',')
	sb.WriteString(stage)
	sb.WriteByte('\n')
	return enc.Encode(p)
}

// writeDir writes the four files; profiles calls write with the encoded
// profiles and stages lines, in order.
func writeDir(dir string, target, past []profile.Partnership, profiles func(write func(profiles, stages []byte) error) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: %v", err)
	}
	err := writeFile(filepath.Join(dir, ProfilesFile), func(pw *bufio.Writer) error {
		return writeFile(filepath.Join(dir, StagesFile), func(sw *bufio.Writer) error {
			if _, err := sw.WriteString("id,stage\n"); err != nil {
				return err
			}
			return profiles(func(p, s []byte) error {
				if _, err := pw.Write(p); err != nil {
					return err
				}
				_, err := sw.Write(s)
				return err
			})
		})
	})
	if err == nil {
		err = writeFile(filepath.Join(dir, PartnershipsFile), func(bw *bufio.Writer) error { return writePartnerships(bw, target) })
	}
	if err == nil {
		err = writeFile(filepath.Join(dir, HistoryFile), func(bw *bufio.Writer) error { return writePartnerships(bw, past) })
	}
	if err != nil {
		return fmt.Errorf("synth: %v", err)
	}
	return nil
}

// writeFile creates name and writes it through a buffer with fn.
func writeFile(name string, fn func(*bufio.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// writePartnerships writes {"partnerships":[...]} with one partnership a
// line, so that changes show up as small diffs.
func writePartnerships(w io.Writer, ps []profile.Partnership) error {
	var b bytes.Buffer
	b.WriteString(`{"partnerships":[`)
	for i, p := range ps {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		enc, err := json.Marshal(p)
		if err != nil {
			return err
		}
		b.Write(enc)
	}
	b.WriteString("\n]}\n")
	_, err := w.Write(b.Bytes())
	return err
}

//go:embed data/profiles.jsonl data/partnerships.json data/history.json data/stages.csv
var dataFS embed.FS

// Default returns the embedded default world: Generate(DefaultConfig()),
// stored in data/ (see data/README.md) and read back at each call, so the
// caller may change it. Tests check that the two never drift apart.
func Default() (*World, error) {
	w, err := ReadDir(dataFS, "data")
	if err != nil {
		return nil, err
	}
	w.Config, _ = DefaultConfig().withDefaults()
	return w, nil
}

// ReadDir reads a world written by WriteDir from directory dir of fsys
// (os.DirFS for a directory on disk). The returned World's Config is the
// zero Config: the files do not record it.
func ReadDir(fsys fs.FS, dir string) (*World, error) {
	read := func(name string) ([]byte, error) {
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("synth: %v", err)
		}
		return b, nil
	}
	w := &World{Stages: map[string]string{}}
	b, err := read(ProfilesFile)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var p profile.Profile
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, fmt.Errorf("synth: %s: %v", ProfilesFile, err)
		}
		w.Profiles = append(w.Profiles, p)
	}
	for _, f := range []struct {
		name string
		dst  *[]profile.Partnership
	}{{PartnershipsFile, &w.Partnerships}, {HistoryFile, &w.History}} {
		b, err := read(f.name)
		if err != nil {
			return nil, err
		}
		var doc struct {
			Partnerships []profile.Partnership `json:"partnerships"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("synth: %s: %v", f.name, err)
		}
		*f.dst = doc.Partnerships
	}
	b, err = read(StagesFile)
	if err != nil {
		return nil, err
	}
	for n, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")[1:] {
		id, stage, ok := strings.Cut(line, ",")
		if !ok {
			return nil, fmt.Errorf("synth: %s: line %d: want id,stage", StagesFile, n+2)
		}
		w.Stages[id] = stage
	}
	return w, nil
}
