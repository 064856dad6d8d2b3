package index

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv16 "github.com/blevesearch/zapx/v16"
	zapv17 "github.com/blevesearch/zapx/v17"

	"github.com/clustergo/partnermatch/profile"
)

// A RepairReport says what Repair recovered and what it could not.
type RepairReport struct {
	// Healthy is true when the folder verified and nothing was changed.
	Healthy bool
	// Kept is the number of profiles in the rebuilt index.
	Kept int
	// Dropped lists the profiles and files that could not be recovered.
	Dropped []Dropped
	// Moved is where the damaged folder was moved, beside the original,
	// so that nothing is deleted; empty when Healthy.
	Moved string
	// DeletesUnknown is true when the store's root.bolt was unreadable:
	// Repair then read every segment file, so profiles deleted since their
	// segment was written may be back, and an update may be lost where the
	// segment that held it is damaged.
	DeletesUnknown bool
}

// A Dropped is a profile, or a whole segment file, that Repair could not
// recover.
type Dropped struct {
	ID     string // the profile's id; empty for a whole file
	File   string // the file it was read from, relative to the folder
	Reason string
}

// Repair rebuilds the index folder at path from the stored profiles that
// verify, for a folder that Open reports as damaged (ErrCorrupt). It
// moves the damaged folder aside (to path + ".damaged-" + a UTC time
// stamp), creates a new index at path with every profile it recovered,
// and reports what it dropped. A folder that verifies is left alone
// (RepairReport.Healthy).
//
// Profiles are read from the segments of the store's newest snapshot, with
// its deletions; when root.bolt itself is unreadable, from every segment
// file, the newest holding an id winning (see DeletesUnknown). A segment
// whose checksum fails is dropped whole: zap's stored fields cannot be
// trusted past a damaged byte. Each recovered profile is validated again.
//
// Repair must not run while another Index holds the folder (ErrLocked).
// It honours ctx until it starts writing the new index.
func Repair(ctx context.Context, path string, opts Options) (*RepairReport, error) {
	if path == "" {
		return nil, errors.New("index: repair: an index in memory has nothing to repair")
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = DefaultMaxBatch
	}
	x, err := Open(path, opts)
	if err == nil {
		err = x.ForEach(ctx, func(profile.Profile) error { return nil })
		n, cerr := x.Count()
		x.Close()
		if err == nil && cerr == nil {
			return &RepairReport{Healthy: true, Kept: n}, nil
		}
	}
	if !errors.Is(err, ErrCorrupt) {
		return nil, err // Open's or ForEach's error, which says the folder
	}

	rep := &RepairReport{}
	segs, _, rerr := readRoot(path)
	switch {
	case errors.Is(rerr, ErrLocked):
		return nil, rerr
	case rerr != nil:
		rep.DeletesUnknown = true
		rep.Dropped = append(rep.Dropped, Dropped{File: filepath.Join(storeDir, rootBolt), Reason: rerr.(*CorruptError).Reason})
		segs, err = allSegments(path)
		if err != nil {
			return nil, fmt.Errorf("index: repair: %w", err)
		}
	}
	found := map[string]profile.Profile{}
	for _, seg := range segs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("index: repair: %w", err)
		}
		rel := filepath.Join(storeDir, seg.name)
		ps, dropped, err := readSegment(ctx, filepath.Join(path, rel), seg.deleted)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("index: repair: %w", ctx.Err())
			}
			rep.Dropped = append(rep.Dropped, Dropped{File: rel, Reason: err.Error()})
			continue
		}
		for i := range dropped {
			dropped[i].File = rel
		}
		rep.Dropped = append(rep.Dropped, dropped...)
		for _, p := range ps {
			found[p.ID] = p // segments come oldest first
		}
	}

	rep.Moved = path + ".damaged-" + time.Now().UTC().Format("20060102T150405")
	if err := os.Rename(path, rep.Moved); err != nil {
		return nil, fmt.Errorf("index: repair: move the damaged folder aside: %w", err)
	}
	ids := make([]string, 0, len(found))
	for id := range found {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	y, err := Open(path, opts)
	if err != nil {
		// Open's error says "index: " and the folder; add where the damaged one went.
		return rep, fmt.Errorf("%w (repair moved the damaged folder to %s)", err, rep.Moved)
	}
	for lo := 0; lo < len(ids); lo += opts.MaxBatch {
		batch := make([]profile.Profile, 0, min(opts.MaxBatch, len(ids)-lo))
		for _, id := range ids[lo:min(lo+opts.MaxBatch, len(ids))] {
			batch = append(batch, found[id])
		}
		if err := y.Upsert(context.WithoutCancel(ctx), batch...); err != nil {
			y.Close()
			return rep, fmt.Errorf("%w (repair moved the damaged folder to %s)", err, rep.Moved)
		}
		rep.Kept += len(batch)
	}
	if err := y.Close(); err != nil {
		return rep, fmt.Errorf("%w (repair moved the damaged folder to %s)", err, rep.Moved)
	}
	return rep, nil
}

// allSegments lists the segment files of the store folder, oldest first
// (scorch names them by a growing hexadecimal id).
func allSegments(path string) ([]liveSegment, error) {
	entries, err := os.ReadDir(filepath.Join(path, storeDir))
	if err != nil {
		return nil, err
	}
	var segs []liveSegment
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zap") && !e.IsDir() {
			segs = append(segs, liveSegment{name: e.Name()})
		}
	}
	id := func(s liveSegment) uint64 {
		n, _ := strconv.ParseUint(strings.TrimSuffix(s.name, ".zap"), 16, 64)
		return n
	}
	slices.SortFunc(segs, func(a, b liveSegment) int { return cmp.Compare(id(a), id(b)) })
	return segs, nil
}

// storedFields is the part of a zap segment that Repair reads.
type storedFields interface {
	Count() uint64
	VisitStoredFields(num uint64, visitor segment.StoredFieldValueVisitor) error
	Close() error
}

// readSegment returns the profiles stored in a zap file that passes its
// checksum, less the deleted documents, and the documents it dropped
// because they do not decode or validate.
func readSegment(ctx context.Context, file string, deleted *roaring.Bitmap) (ps []profile.Profile, dropped []Dropped, err error) {
	if err := checkSegment(file); err != nil {
		return nil, nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			ps, dropped, err = nil, nil, fmt.Errorf("unreadable: %v", r)
		}
	}()
	v, err := zapVersion(file)
	if err != nil {
		return nil, nil, err
	}
	var seg segment.Segment
	switch v {
	case zapv17.Version:
		seg, err = (&zapv17.ZapPlugin{}).Open(file)
	case zapv16.Version:
		seg, err = (&zapv16.ZapPlugin{}).Open(file)
	default:
		return nil, nil, fmt.Errorf("zap version %d, can read %d and %d", v, zapv16.Version, zapv17.Version)
	}
	if err != nil {
		return nil, nil, err
	}
	sf, ok := seg.(storedFields)
	if !ok {
		seg.Close()
		return nil, nil, fmt.Errorf("a %T has no stored fields", seg)
	}
	defer sf.Close()
	for num := range sf.Count() {
		if num%256 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if deleted != nil && deleted.Contains(uint32(num)) {
			continue
		}
		var id string
		var src []byte
		err := sf.VisitStoredFields(num, func(field string, _ byte, value []byte, _ []uint64) bool {
			switch field {
			case "_id":
				id = string(value)
			case fieldSource:
				src = append([]byte(nil), value...)
			}
			return true
		})
		var p profile.Profile
		if err == nil {
			err = decodeStored(src, id, &p)
		}
		if err != nil {
			dropped = append(dropped, Dropped{ID: id, Reason: err.Error()})
			continue
		}
		ps = append(ps, p)
	}
	return ps, dropped, nil
}

// zapVersion reads the format version from a zap file's footer, just
// before the checksum.
func zapVersion(file string) (uint32, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	var b [4]byte
	if _, err := f.ReadAt(b[:], fi.Size()-8); err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(b[:]), nil
}
