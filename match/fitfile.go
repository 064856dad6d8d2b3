package match

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/clustergo/partnermatch/internal/atomicfile"
	"github.com/clustergo/partnermatch/internal/wire"
	"github.com/clustergo/partnermatch/score"
)

// The engine keeps its latest fit in the index folder, so that Open
// serves at once instead of fitting again (score.Corpus.WriteFit).
//
// The file is a header (magic, format, the index write count and the
// number of profiles the fit was made on, when it was made), length
// first and checksummed, then the corpus's fit, checksummed on its own.
// It is replaced atomically after every fit. It describes the folder
// only while the index's write count is the one it names: a write after
// it (or a crash between an index write and the file's) makes it stale,
// and Open fits again. score.Corpus.UseFit checks every profile against
// the fit besides, so that a file copied to another folder, or a count
// that comes round again (a folder rebuilt by index.Repair), is refused
// too. Whatever is wrong with the file, Open logs it and fits: a file
// never makes Open fail or serve a wrong fit.
const (
	fitMagic  = "partnermatch engine fit"
	fitFormat = 1
)

// FitFile is the name of the file in the index folder where the engine
// keeps its latest fit, for Open to restore. It is derived data: deleting
// it (the engine closed) makes the next Open fit again, and nothing else.
const FitFile = "partnermatch-fit.bin"

// maxFitHeader bounds the header's length, which is tiny.
const maxFitHeader = 1 << 12

// A fitHeader says what a fit file was made on.
type fitHeader struct {
	writes   uint64 // index.Index.Writes when the fitted profiles were current
	profiles int
	at       time.Time
}

// writeFit replaces the folder's fit file with fs's fit.
func (e *Engine) writeFit(fs *fitState) error {
	path := e.idx.Path()
	if path == "" {
		return nil
	}
	var h bytes.Buffer
	hw := wire.NewWriter(&h)
	hw.String(fitMagic)
	hw.Uint32(fitFormat)
	hw.Uint64(fs.writes)
	hw.Int(len(fs.corpus.Profiles))
	hw.Uint64(uint64(fs.at.UnixNano()))
	if err := hw.Close(); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(path, FitFile), func(w io.Writer) error {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(h.Len()))
		if _, err := w.Write(n[:]); err != nil {
			return err
		}
		if _, err := w.Write(h.Bytes()); err != nil {
			return err
		}
		return fs.corpus.WriteFit(w)
	})
}

// errNoFitFile is decodeKept's error when the folder holds no fit file.
var errNoFitFile = errors.New("no fit file")

// A keptFit is the folder's fit file, decoded: what it says it was made
// on, and the fit, or why it cannot be used.
type keptFit struct {
	h   fitHeader
	fit *score.KeptFit
	err error
}

// decodeKept decodes the fit file in the folder dir. It needs no profile,
// so that Open runs it while the index loads; restore then checks it
// against what loaded.
func decodeKept(ctx context.Context, dir string) keptFit {
	f, err := os.Open(filepath.Join(dir, FitFile))
	if errors.Is(err, os.ErrNotExist) {
		return keptFit{err: errNoFitFile}
	}
	if err != nil {
		return keptFit{err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return keptFit{err: err}
	}
	size := st.Size()
	var n [8]byte
	if _, err := f.ReadAt(n[:], 0); err != nil {
		return keptFit{err: fmt.Errorf("header length: %w", err)}
	}
	hn := binary.LittleEndian.Uint64(n[:])
	if hn > maxFitHeader || int64(hn) > size-8 {
		return keptFit{err: fmt.Errorf("header length %d in a file of %d bytes", hn, size)}
	}
	hr := wire.NewReader(ctx, io.NewSectionReader(f, 8, int64(hn)), int64(hn))
	magic := hr.String()
	format := hr.Uint32()
	h := fitHeader{writes: hr.Uint64(), profiles: hr.Int(1 << 40), at: time.Unix(0, int64(hr.Uint64()))}
	if err := hr.Close(); err != nil {
		return keptFit{err: fmt.Errorf("header: %w", err)}
	}
	switch {
	case magic != fitMagic:
		return keptFit{err: fmt.Errorf("not a fit file (magic %q)", magic)}
	case format != fitFormat:
		return keptFit{err: fmt.Errorf("format %d, want %d", format, fitFormat)}
	}
	off := 8 + int64(hn)
	fit, err := score.DecodeFit(ctx, io.NewSectionReader(f, off, size-off), size-off)
	return keptFit{h: h, fit: fit, err: err}
}

// check returns why k, decoded, does not describe the folder as it is
// (index write count writes, n profiles), or nil.
func (k *keptFit) check(writes uint64, n int) error {
	switch {
	case k.h.writes != writes:
		return fmt.Errorf("fitted at index write %d, the index is at %d", k.h.writes, writes)
	case k.h.profiles != n || len(k.fit.IDs()) != n:
		return fmt.Errorf("fitted on %d profiles, the index holds %d", k.h.profiles, n)
	}
	return nil
}
