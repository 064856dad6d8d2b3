package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/upsidedown/store/gtreap"
)

// Errors returned by the index. Match them with errors.Is.
var (
	// ErrClosed is returned by every method called after Close.
	ErrClosed = errors.New("index: closed")
	// ErrNotIndex is returned by Open for a path that holds something other
	// than a partnermatch index: a file, or a non-empty folder without
	// the index's meta file (for example a bleve index of another program).
	ErrNotIndex = errors.New("index: not a partnermatch index")
	// ErrIncompatible is returned by Open for an index written with another
	// mapping version. Rebuild it from the profiles.
	ErrIncompatible = errors.New("index: incompatible mapping version")
	// ErrInvalidQuery is returned for a request that cannot be run: an
	// unknown filter value, a negative size.
	ErrInvalidQuery = errors.New("index: invalid query")
	// ErrBatchTooLarge is returned by Upsert and Delete for a call with more
	// profiles than Options.MaxBatch. Nothing is written.
	ErrBatchTooLarge = errors.New("index: batch too large")
	// ErrDuplicateID is wrapped by the *ProfileError of an Upsert call that
	// holds the same id twice.
	ErrDuplicateID = errors.New("index: duplicate id in one call")
)

// MappingVersion is the version of the index mapping and of the document
// layout written by this package. Open refuses an index of another
// version with ErrIncompatible.
const MappingVersion = 1

// Options tunes an Index. The zero value is ready to use.
type Options struct {
	// MaxBatch caps the profiles (or ids) of one Upsert or Delete call,
	// which is written as one atomic bleve batch held in memory. Zero
	// means DefaultMaxBatch.
	MaxBatch int
}

// DefaultMaxBatch is the default of Options.MaxBatch: 10,000 profiles use
// about 0.5 GB while they are written.
const DefaultMaxBatch = 10000

// An Index is a persistent, multilingual index of profiles. Build one with
// Open.
//
// An Index is safe for concurrent use: any number of goroutines may read
// (Get, Count, IDs, ForEach, Search, Candidates) while one writes (Upsert,
// Delete); writers are serialised internally. Each write call is atomic:
// readers see all of it or none of it.
type Index struct {
	path string
	opts Options
	bi   bleve.Index

	gate gate       // in-flight operations, for Close
	wmu  sync.Mutex // serialises writers
	mem  *memIndex  // the in-memory candidate view; guarded by its own lock
}

// metaFile is the name of the file that marks a folder as a partnermatch
// index, beside bleve's own files.
const metaFile = "partnermatch-index.json"

// metaFormat names the format in metaFile.
const metaFormat = "partnermatch-index"

// versionKey is the bleve internal key holding MappingVersion.
var versionKey = []byte("partnermatch.mapping_version")

type meta struct {
	Format         string `json:"format"`
	MappingVersion int    `json:"mapping_version"`
}

// Open opens the index in folder path, creating it if path does not exist
// or is an empty folder. An empty path opens a new index in memory, which
// is lost on Close.
//
// Open returns ErrNotIndex for a path that holds something else and
// ErrIncompatible for an index of another MappingVersion. An index folder
// can be open in one Index at a time; a second Open of the same folder
// fails after one second.
//
// Open reads the stored fields of every profile of an existing index to
// build the in-memory candidate view (see the package documentation),
// which takes seconds at 100,000 profiles.
func Open(path string, opts Options) (*Index, error) {
	if opts.MaxBatch < 0 {
		return nil, fmt.Errorf("index: open: negative MaxBatch %d", opts.MaxBatch)
	}
	if opts.MaxBatch == 0 {
		opts.MaxBatch = DefaultMaxBatch
	}
	x := &Index{path: path, opts: opts}
	x.gate.init()
	var err error
	switch {
	case path == "":
		x.bi, err = bleve.NewUsing("", newMapping(), scorch.Name, gtreap.Name, nil)
		if err != nil {
			return nil, translate("open", err)
		}
		err = x.bi.SetInternal(versionKey, []byte(strconv.Itoa(MappingVersion)))
	default:
		x.bi, err = openDisk(path)
	}
	if err != nil {
		if x.bi != nil {
			x.bi.Close()
		}
		return nil, err
	}
	x.mem, err = loadMem(context.Background(), x.bi)
	if err != nil {
		x.bi.Close()
		return nil, translate("open", err)
	}
	return x, nil
}

// openDisk opens or creates the bleve index in path.
func openDisk(path string) (bleve.Index, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return create(path)
	case err != nil:
		return nil, fmt.Errorf("index: open: %w", err)
	case !fi.IsDir():
		return nil, fmt.Errorf("index: open %s: a file: %w", path, ErrNotIndex)
	}
	b, err := os.ReadFile(filepath.Join(path, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		entries, derr := os.ReadDir(path)
		if derr != nil {
			return nil, fmt.Errorf("index: open: %w", derr)
		}
		if len(entries) == 0 {
			return create(path)
		}
		return nil, fmt.Errorf("index: open %s: no %s: %w", path, metaFile, ErrNotIndex)
	}
	if err != nil {
		return nil, fmt.Errorf("index: open: %w", err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Format != metaFormat {
		return nil, fmt.Errorf("index: open %s: bad %s: %w", path, metaFile, ErrNotIndex)
	}
	if m.MappingVersion != MappingVersion {
		return nil, fmt.Errorf("index: open %s: mapping version %d, want %d: %w",
			path, m.MappingVersion, MappingVersion, ErrIncompatible)
	}
	// A timeout on bleve's root file lock turns a second Open of the same
	// folder into an error instead of a hang.
	bi, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": "1s"})
	if err != nil {
		return nil, translate("open "+path, err)
	}
	v, err := bi.GetInternal(versionKey)
	if err != nil {
		bi.Close()
		return nil, translate("open "+path, err)
	}
	if string(v) != strconv.Itoa(MappingVersion) {
		bi.Close()
		return nil, fmt.Errorf("index: open %s: stored mapping version %q, want %d: %w",
			path, v, MappingVersion, ErrIncompatible)
	}
	return bi, nil
}

// create makes a new index in path, which is missing or an empty folder.
// The meta file is written last, so that a folder left by a failed create
// is refused by the next Open rather than used.
func create(path string) (bleve.Index, error) {
	bi, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, translate("create "+path, err)
	}
	if err := bi.SetInternal(versionKey, []byte(strconv.Itoa(MappingVersion))); err != nil {
		bi.Close()
		return nil, translate("create "+path, err)
	}
	b, _ := json.Marshal(meta{Format: metaFormat, MappingVersion: MappingVersion})
	tmp := filepath.Join(path, metaFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: create: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(path, metaFile)); err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: create: %w", err)
	}
	return bi, nil
}

// Close waits for running calls to finish and releases the index. Calls
// made after Close has started return ErrClosed. Close is idempotent:
// later calls return nil.
func (x *Index) Close() error {
	if !x.gate.close() {
		return nil
	}
	x.mem.release()
	return translate("close", x.bi.Close())
}

// Path returns the folder given to Open ("" for an index in memory).
func (x *Index) Path() string { return x.path }

// translate turns a bleve error into one of ours (STYLE.md section 7):
// bleve's types are not part of this package's API.
func translate(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, bleve.ErrorIndexClosed):
		return ErrClosed
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("index: %s: %w", op, err)
	default:
		return fmt.Errorf("index: %s: %v", op, err)
	}
}

// A gate counts running operations so that Close can wait for them
// without blocking new operations behind a pending Close (which a
// read-write mutex would do, and which would deadlock a ForEach callback
// that calls back into the index).
type gate struct {
	mu     sync.Mutex
	cond   sync.Cond
	n      int
	closed bool
}

func (g *gate) init() { g.cond.L = &g.mu }

// enter registers an operation; it returns ErrClosed once Close started.
func (g *gate) enter() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return ErrClosed
	}
	g.n++
	return nil
}

// leave ends an operation started with enter.
func (g *gate) leave() {
	g.mu.Lock()
	g.n--
	if g.n == 0 {
		g.cond.Broadcast()
	}
	g.mu.Unlock()
}

// close refuses new operations and waits for running ones. It reports
// whether this call closed the gate.
func (g *gate) close() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.closed = true
	for g.n > 0 {
		g.cond.Wait()
	}
	return true
}
