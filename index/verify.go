package index

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/clustergo/partnermatch/internal/sentinel"
)

// A CorruptError reports a damaged index folder: a file that is missing,
// truncated or does not match its checksum, a store older than the
// folder's last write, or a stored profile that changed since it was
// written. It
// matches ErrCorrupt. Open returns it before it changes anything: the
// folder is left as it was found, for a backup or Repair.
type CorruptError struct {
	Path   string // the index folder
	File   string // the damaged file, relative to Path
	Reason string // what is wrong with it
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("index: %s: damaged %s: %s", e.Path, e.File, e.Reason)
}

// Is reports whether target is ErrCorrupt.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// Layout of a bleve folder with the scorch store: the files Open checks
// before it lets bleve read them. bleve reacts to a damaged file by
// falling back to an older snapshot and deleting the newer files, or by
// panicking in a goroutine nobody can recover, so damage has to be found
// first.
const (
	bleveMeta = "index_meta.json"
	storeDir  = "store"
	rootBolt  = "root.bolt"
)

// Keys of scorch's root.bolt (bleve util/keys.go).
var (
	boltSnapshots = []byte{'s'}
	boltPath      = []byte{'p'}
	boltDeleted   = []byte{'d'}
	boltInternal  = []byte{'i'}
	boltMeta      = []byte{'m'}
	boltStats     = []byte("stats")
	boltUpdated   = []byte("fields")
	boltType      = []byte("type")
	boltVersion   = []byte("version")
	boltMapping   = []byte("_mapping")
)

// epochMin is the first byte of every snapshot key (scorch's ascending
// uvarint encoding); smaller keys of the snapshots bucket hold other data.
const epochMin = 136

// lockTimeout bounds the wait for a folder that another Index holds.
const lockTimeout = time.Second

// verifyFolder checks the index folder at path against its meta file m
// before bleve opens it: the store's newest snapshot and every segment
// file it names (present, CRC-32 of zap's footer), and the write count
// the snapshot holds, which must be the meta file's or the one before
// (a crash between the two writes of a commit). It returns ErrLocked
// when another process holds the folder and the write count it found.
func verifyFolder(path string, m meta) (writes uint64, err error) {
	corrupt := func(file, format string, args ...any) error {
		return &CorruptError{Path: path, File: file, Reason: fmt.Sprintf(format, args...)}
	}
	if b, err := os.ReadFile(filepath.Join(path, bleveMeta)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return 0, corrupt(bleveMeta, "missing")
		}
		return 0, fmt.Errorf("index: open %s: %w", path, err)
	} else if !json.Valid(b) {
		return 0, corrupt(bleveMeta, "not JSON")
	}
	segs, writes, err := readRoot(path)
	if err != nil {
		return 0, err
	}
	if writes != m.Writes && writes != m.Previous {
		return 0, corrupt(filepath.Join(storeDir, rootBolt), "holds write %d, the folder's last write is %d (%s)", writes, m.Writes, metaFile)
	}
	for _, seg := range segs {
		if err := checkSegment(filepath.Join(path, storeDir, seg.name)); err != nil {
			return 0, corrupt(filepath.Join(storeDir, seg.name), "%v", err)
		}
	}
	return writes, nil
}

// A liveSegment is a segment of the newest snapshot: its file and the
// documents deleted from it since it was written (nil for none).
type liveSegment struct {
	name    string
	deleted *roaring.Bitmap
}

// readRoot reads the newest snapshot of the store's root.bolt in folder
// path, read-only; it waits lockTimeout for a folder another Index holds.
func readRoot(path string) (segs []liveSegment, writes uint64, err error) {
	rootName := filepath.Join(storeDir, rootBolt)
	corrupt := func(format string, args ...any) error {
		return &CorruptError{Path: path, File: rootName, Reason: fmt.Sprintf(format, args...)}
	}
	root := filepath.Join(path, rootName)
	fi, err := os.Stat(root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, 0, corrupt("missing")
	case err != nil:
		return nil, 0, fmt.Errorf("index: open %s: %w", path, err)
	case fi.Size() == 0:
		return nil, 0, corrupt("empty")
	}
	defer func() {
		if r := recover(); r != nil {
			err = corrupt("unreadable: %v", r)
		}
	}()
	db, err := bolt.Open(root, 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, 0, sentinel.Wrapf(ErrLocked, "open %s", path)
	}
	if err != nil {
		return nil, 0, corrupt("%v", err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		var err error
		if segs, writes, err = newestSnapshot(tx); err != nil {
			return corrupt("%v", err)
		}
		return nil
	})
	return segs, writes, err
}

// newestSnapshot reads what scorch will load from root.bolt: the newest
// snapshot, its segments and its internal write count. It checks what
// scorch's loadSnapshot checks, so that scorch never falls back to an
// older snapshot (and deletes the newer files) on its own.
func newestSnapshot(tx *bolt.Tx) (segs []liveSegment, writes uint64, err error) {
	snaps := tx.Bucket(boltSnapshots)
	if snaps == nil {
		return nil, 0, errors.New("no snapshots")
	}
	k, _ := snaps.Cursor().Last()
	if k == nil || k[0] < epochMin {
		return nil, 0, errors.New("no snapshots")
	}
	snap := snaps.Bucket(k)
	if snap == nil {
		return nil, 0, fmt.Errorf("snapshot %x is not a bucket", k)
	}
	md := snap.Bucket(boltMeta)
	if md == nil || md.Get(boltType) == nil || len(md.Get(boltVersion)) < 4 {
		return nil, 0, fmt.Errorf("snapshot %x: no segment type and version", k)
	}
	var internal *bolt.Bucket
	c := snap.Cursor()
	for sk, _ := c.First(); sk != nil; sk, _ = c.Next() {
		switch sk[0] {
		case boltMeta[0]:
		case boltInternal[0]:
			internal = snap.Bucket(sk)
		default:
			b := snap.Bucket(sk)
			if b == nil {
				return nil, 0, fmt.Errorf("snapshot %x: segment %x is not a bucket", k, sk)
			}
			seg, err := segmentEntry(b)
			if err != nil {
				return nil, 0, fmt.Errorf("snapshot %x: segment %x: %v", k, sk, err)
			}
			segs = append(segs, seg)
		}
	}
	if internal == nil {
		return nil, 0, fmt.Errorf("snapshot %x: no internal data", k)
	}
	if v := internal.Get(versionKey); !readableVersion(string(v)) {
		return nil, 0, fmt.Errorf("snapshot %x: mapping version %q", k, v)
	}
	if !json.Valid(internal.Get(boltMapping)) {
		return nil, 0, fmt.Errorf("snapshot %x: index mapping is not JSON", k)
	}
	if v := internal.Get(writesKey); v != nil {
		if writes, err = strconv.ParseUint(string(v), 10, 64); err != nil {
			return nil, 0, fmt.Errorf("snapshot %x: write count %q", k, v)
		}
	}
	return segs, writes, nil
}

// segmentEntry checks one segment's entry of a snapshot and returns it.
func segmentEntry(b *bolt.Bucket) (liveSegment, error) {
	seg := liveSegment{name: string(b.Get(boltPath))}
	if seg.name == "" || seg.name != filepath.Base(seg.name) || strings.HasPrefix(seg.name, ".") {
		return seg, fmt.Errorf("bad file name %q", seg.name)
	}
	if d := b.Get(boltDeleted); d != nil {
		seg.deleted = roaring.NewBitmap()
		if _, err := seg.deleted.ReadFrom(bytes.NewReader(d)); err != nil {
			return seg, fmt.Errorf("deleted documents: %v", err)
		}
	}
	for _, key := range [][]byte{boltStats, boltUpdated} {
		if v := b.Get(key); v != nil && !json.Valid(v) {
			return seg, fmt.Errorf("field %q is not JSON", key)
		}
	}
	return seg, nil
}

// zapFooter is the size of the smallest zap footer (zapx v15): doc count,
// three offsets, chunk mode, version and the CRC-32 of everything before
// the CRC.
const zapFooter = 8 + 8 + 8 + 8 + 4 + 4 + 4

// checkSegment checks a zap segment file against the CRC-32 (IEEE) in its
// last four bytes, which covers the rest of the file.
func checkSegment(file string) error {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("missing")
	}
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	n := fi.Size()
	if n < zapFooter {
		return fmt.Errorf("%d bytes, shorter than a segment's footer", n)
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, n-4); err != nil {
		return err
	}
	var want [4]byte
	if _, err := io.ReadFull(f, want[:]); err != nil {
		return err
	}
	if got := h.Sum32(); got != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("checksum %08x, footer says %08x (truncated or overwritten)", got, binary.BigEndian.Uint32(want[:]))
	}
	return nil
}

// segmentFile names the file of a loaded segment for a CorruptError, or
// "store" when the segment type does not say.
func segmentFile(seg any) string {
	if p, ok := seg.(interface{ Path() string }); ok && p.Path() != "" {
		return filepath.Join(storeDir, filepath.Base(p.Path()))
	}
	return storeDir
}
