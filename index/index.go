package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/upsidedown/store/gtreap"

	"github.com/clustergo/partnermatch/internal/atomicfile"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
)

// Errors returned by the index. Match them with errors.Is; the error
// returned adds the operation and says "index: " once:
//
//	index: open /srv/idx: folder in use by another index
var (
	// ErrClosed is returned by every method called after Close. The
	// engine's match.ErrClosed is an alias: errors.Is treats the two as
	// one.
	ErrClosed = sentinel.New("index", "closed")
	// ErrNotIndex is returned by Open for a path that holds something other
	// than a partnermatch index: a file, or a non-empty folder without
	// the index's meta file (for example a bleve index of another program).
	ErrNotIndex = sentinel.New("index", "not a partnermatch index")
	// ErrIncompatible is returned by Open for an index written with another
	// mapping version. Rebuild it from the profiles.
	ErrIncompatible = sentinel.New("index", "incompatible mapping version")
	// ErrInvalidQuery is returned for a request that cannot be run: an
	// unknown filter value (a *FilterError), a negative size (a
	// *profile.FieldError), a request over a limit (a
	// *profile.LimitError). The engine's match.ErrInvalidQuery is an
	// alias: errors.Is treats the two as one.
	ErrInvalidQuery = sentinel.New("index", "invalid query")
	// ErrBatchTooLarge is returned by Upsert and Delete for a call with more
	// profiles than Options.MaxBatch. Nothing is written.
	ErrBatchTooLarge = sentinel.New("index", "batch too large")
	// ErrDuplicateID is wrapped by the *ProfileError of an Upsert call that
	// holds the same id twice.
	ErrDuplicateID = sentinel.New("index", "duplicate id in one call")
	// ErrCorrupt is matched by the *CorruptError that Open returns for a
	// damaged folder, and that reads return for a stored profile that
	// changed since it was written.
	ErrCorrupt = sentinel.New("index", "damaged")
	// ErrLocked is returned by Open for a folder that another Index, in
	// this process or another, holds open.
	ErrLocked = sentinel.New("index", "folder in use by another index")
)

// MappingVersion is the version of the index mapping and of the document
// layout written by this package. Open refuses an index of another
// version with ErrIncompatible, except an older one that it still reads
// (version 2, whose documents hold profiles as JSON); the first write to
// such a folder marks it with MappingVersion, for it may then hold
// documents that the older package cannot read.
const MappingVersion = 3

// minMappingVersion is the oldest version Open reads.
const minMappingVersion = 2

// readableVersion reports whether Open reads an index of mapping version
// v, as stored in the meta file or the store.
func readableVersion(v string) bool {
	n, err := strconv.Atoi(v)
	return err == nil && n >= minMappingVersion && n <= MappingVersion
}

// Options tunes an Index. The zero value is ready to use.
type Options struct {
	// MaxBatch caps the profiles (or ids) of one Upsert or Delete call,
	// which is written as one atomic bleve batch held in memory. Zero
	// means DefaultMaxBatch.
	MaxBatch int
	// Load, if set, receives every stored profile as Open reads the
	// folder, validated as ForEach validates it, one call at a time and in
	// no particular order, with the number of profiles read so far and the
	// total. A caller that keeps its own copy of the profiles (the engine
	// does) so reads the folder once, and can show how far Open has come.
	// An error from Load ends Open, which returns it.
	Load func(p profile.Profile, n, total int) error
}

// DefaultMaxBatch is the default of Options.MaxBatch: the index holds a
// batch several times over while it writes it, so the cap bounds a write's
// memory (what 10,000 profiles took: benchmarks/RESULTS.md, "Package
// benchmarks", index).
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

	gate   gate       // in-flight operations, for Close
	wmu    sync.Mutex // serialises writers
	writes uint64     // writes committed to the folder; guarded by wmu
	// version is the store's mapping version, which the next write sets
	// to MappingVersion if it is older; guarded by wmu.
	version string
	mem     *memIndex // the in-memory candidate view; guarded by its own lock
}

// metaFile is the name of the file that marks a folder as a partnermatch
// index, beside bleve's own files.
const metaFile = "partnermatch-index.json"

// metaFormat names the format in metaFile.
const metaFormat = "partnermatch-index"

// createMarker is written before anything else when a folder is created
// and removed when creation is complete, so that Open can tell a folder
// left by an interrupted creation (which holds no data) from a foreign one.
const createMarker = "partnermatch-creating"

// versionKey is the bleve internal key holding MappingVersion.
var versionKey = []byte("partnermatch.mapping_version")

// writesKey is the bleve internal key holding the write count that every
// committed batch carries; metaFile holds it too, written before the
// batch, so that Open sees when the store is older than the last write.
var writesKey = []byte("partnermatch.writes")

type meta struct {
	Format         string `json:"format"`
	MappingVersion int    `json:"mapping_version"`
	// Writes is the count of the last write begun; Previous is the one
	// before while that write is under way, Writes once it is committed.
	// The store holds one of them: Previous if the process stopped between
	// writing this file and committing the batch.
	Writes   uint64 `json:"writes"`
	Previous uint64 `json:"previous"`
}

// Open opens the index in folder path, creating it if path does not exist
// or is an empty folder. An empty path opens a new index in memory, which
// is lost on Close.
//
// Open returns ErrNotIndex for a path that holds something else and
// ErrIncompatible for an index of another MappingVersion. An index folder
// can be open in one Index at a time; a second Open of the same folder
// fails after one second with ErrLocked.
//
// Before bleve reads an existing folder, Open verifies it: the store's
// newest snapshot, the CRC-32 of every segment file it names, and the
// write count, which must match the folder's meta file (so that a store
// rolled back to an older state is noticed). A damaged folder gives a
// *CorruptError (errors.Is ErrCorrupt) naming the file, and Open leaves
// every file as it was. Every stored profile's checksum is checked as Open
// reads the folder and again as the profile is read (ForEach, Get,
// Search); see the package documentation for folders of version 2. A folder left by a creation that was interrupted
// before it held any data is created again.
//
// Open reads the stored fields of every profile of an existing index to
// build the in-memory candidate view (see the package documentation),
// which takes about two CPU seconds at 100,000 profiles (Load included),
// spread over the CPUs; a folder of version 2 takes several times more,
// for its profiles stored as JSON are validated again.
func Open(path string, opts Options) (*Index, error) {
	return OpenContext(context.Background(), path, opts)
}

// OpenContext is Open, ending soon after ctx does: reading a large folder
// takes a second or more. It then returns an error matching ctx's, and the folder
// holds what it held.
func OpenContext(ctx context.Context, path string, opts Options) (*Index, error) {
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
		x.version = strconv.Itoa(MappingVersion)
	default:
		x.bi, x.writes, x.version, err = openDisk(path)
	}
	if err != nil {
		if x.bi != nil {
			x.bi.Close()
		}
		return nil, err
	}
	x.mem, err = loadMem(ctx, x.bi, path, opts.Load)
	if err != nil {
		x.bi.Close()
		var ce *CorruptError
		if errors.As(err, &ce) || errors.As(err, new(*loadError)) {
			return nil, err
		}
		return nil, translate("open", err)
	}
	return x, nil
}

// openDisk opens or creates the bleve index in path and returns it with
// the write count and the mapping version its store holds.
func openDisk(path string) (bleve.Index, uint64, string, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		bi, err := create(path)
		return bi, 0, strconv.Itoa(MappingVersion), err
	case err != nil:
		return nil, 0, "", fmt.Errorf("index: open: %w", err)
	case !fi.IsDir():
		return nil, 0, "", sentinel.Wrapf(ErrNotIndex, "open %s: a file", path)
	}
	b, err := os.ReadFile(filepath.Join(path, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		entries, derr := os.ReadDir(path)
		if derr != nil {
			return nil, 0, "", fmt.Errorf("index: open: %w", derr)
		}
		if len(entries) == 0 {
			bi, err := create(path)
			return bi, 0, strconv.Itoa(MappingVersion), err
		}
		if interrupted(entries) {
			if err := clearCreate(path, entries); err != nil {
				return nil, 0, "", err
			}
			bi, err := create(path)
			return bi, 0, strconv.Itoa(MappingVersion), err
		}
		return nil, 0, "", sentinel.Wrapf(ErrNotIndex, "open %s: no %s", path, metaFile)
	}
	if err != nil {
		return nil, 0, "", fmt.Errorf("index: open: %w", err)
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Format != metaFormat {
		if _, serr := os.Stat(filepath.Join(path, storeDir, rootBolt)); err != nil && serr == nil {
			// Beside a store, an unreadable meta file is ours, damaged.
			return nil, 0, "", &CorruptError{Path: path, File: metaFile, Reason: "not JSON"}
		}
		return nil, 0, "", sentinel.Wrapf(ErrNotIndex, "open %s: bad %s", path, metaFile)
	}
	if !readableVersion(strconv.Itoa(m.MappingVersion)) {
		return nil, 0, "", sentinel.Wrapf(ErrIncompatible, "open %s: mapping version %d, want %d to %d",
			path, m.MappingVersion, minMappingVersion, MappingVersion)
	}
	writes, err := verifyFolder(path, m)
	if err != nil {
		return nil, 0, "", err
	}
	bi, err := openBleve(path)
	if err != nil {
		return nil, 0, "", err
	}
	// Check what bleve loaded too: it reads the store again, and a file
	// can change between the check and the load.
	v, err := bi.GetInternal(versionKey)
	if err != nil || !readableVersion(string(v)) {
		bi.Close()
		return nil, 0, "", &CorruptError{Path: path, File: filepath.Join(storeDir, rootBolt),
			Reason: fmt.Sprintf("loaded mapping version %q (%v)", v, err)}
	}
	w, err := bi.GetInternal(writesKey)
	if err == nil && w == nil && writes == 0 || err == nil && string(w) == strconv.FormatUint(writes, 10) {
		os.Remove(filepath.Join(path, createMarker)) // a creation that stopped after its last step
		return bi, writes, string(v), nil
	}
	bi.Close()
	return nil, 0, "", &CorruptError{Path: path, File: filepath.Join(storeDir, rootBolt),
		Reason: fmt.Sprintf("loaded write %q, verified %d (%v)", w, writes, err)}
}

// openBleve opens a verified folder. bleve reports damage as plain
// errors or, in the worst case, panics; both become a CorruptError.
func openBleve(path string) (bi bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			bi, err = nil, &CorruptError{Path: path, File: storeDir, Reason: fmt.Sprintf("bleve: %v", r)}
		}
	}()
	// A timeout on bleve's root file lock turns a second Open of the same
	// folder into an error instead of a hang.
	bi, err = bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockTimeout.String()})
	switch {
	case err == nil:
		return bi, nil
	case strings.Contains(err.Error(), "timeout"):
		return nil, sentinel.Wrapf(ErrLocked, "open %s", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("index: open %s: %w", path, err)
	default:
		return nil, &CorruptError{Path: path, File: storeDir, Reason: "bleve: " + err.Error()}
	}
}

// interrupted reports whether a folder without a meta file is what an
// interrupted create leaves: the marker and bleve's own files, nothing
// else.
func interrupted(entries []os.DirEntry) bool {
	marker := false
	for _, e := range entries {
		switch e.Name() {
		case createMarker:
			marker = true
		case bleveMeta, bleveMeta + "_temp", storeDir, metaFile + ".tmp":
		default:
			return false
		}
	}
	return marker
}

// clearCreate removes what an interrupted create left, marker last, so
// that a crash here leaves a folder that is still recognised.
func clearCreate(path string, entries []os.DirEntry) error {
	for _, e := range entries {
		if e.Name() == createMarker {
			continue
		}
		if err := os.RemoveAll(filepath.Join(path, e.Name())); err != nil {
			return fmt.Errorf("index: open %s: clear interrupted creation: %w", path, err)
		}
	}
	return nil
}

// create makes a new index in path, which is missing, empty or left by
// an interrupted create. The marker is written first and removed last,
// and the meta file is written only when the store is complete, so that
// a crash at any point leaves either a complete index or a folder that
// the next Open recognises and creates again.
func create(path string) (bleve.Index, error) {
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("index: create: %w", err)
	}
	marker := filepath.Join(path, createMarker)
	if err := atomicfile.Create(marker, nil); err != nil {
		return nil, fmt.Errorf("index: create: %w", err)
	}
	if err := errors.Join(atomicfile.SyncDir(path), atomicfile.SyncDir(filepath.Dir(path))); err != nil {
		return nil, fmt.Errorf("index: create: %w", err)
	}
	bi, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, translate("create "+path, err)
	}
	if err := bi.SetInternal(versionKey, []byte(strconv.Itoa(MappingVersion))); err != nil {
		bi.Close()
		return nil, translate("create "+path, err)
	}
	err = errors.Join(atomicfile.SyncDir(filepath.Join(path, storeDir)), atomicfile.SyncDir(path),
		writeMeta(path, meta{Format: metaFormat, MappingVersion: MappingVersion}))
	if err == nil {
		err = os.Remove(marker)
	}
	if err == nil {
		err = atomicfile.SyncDir(path)
	}
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("index: create: %w", err)
	}
	return bi, nil
}

// writeMeta replaces the folder's meta file atomically: a temporary file,
// fsynced, renamed over the old one, and the folder fsynced.
func writeMeta(path string, m meta) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(path, metaFile), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
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

// Writes returns the number of writes committed to the folder, which
// every Upsert and Delete raises: state derived from the profiles (a
// fitted model's snapshot) records it to tell whether it still describes
// the folder. It is 0 for an index in memory, and a write that failed may
// have raised it.
func (x *Index) Writes() uint64 {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	return x.writes
}

// translate turns a bleve error into one of ours: ErrClosed, a context
// error wrapped with the operation, or a message prefixed "index: op:"
// that wraps nothing of bleve's, whose types are not part of this
// package's API.
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
