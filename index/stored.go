package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Stored fields are read straight from the segments of a scorch snapshot:
// bleve's Document(id) looks every id up in the id field first, which
// made reading all profiles three times slower.

// A docRef locates one live document of a snapshot.
type docRef struct {
	id  string
	seg int
	num uint64
}

// A snap is a scorch snapshot; close it when done.
type snap struct {
	is *scorch.IndexSnapshot
}

// openSnap returns a snapshot of bi's current state.
func openSnap(bi bleve.Index) (*snap, error) {
	ai, err := bi.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	is, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("a %T, not a scorch index", r)
	}
	return &snap{is: is}, nil
}

func (s *snap) close() error { return s.is.Close() }

// refs returns every live document of s: in ascending order of id if
// sorted is true, else in the order of the store and without ids, which
// the document's stored _id field gives.
func (s *snap) refs(ctx context.Context, sorted bool) ([]docRef, error) {
	n, err := s.is.DocCount()
	if err != nil {
		return nil, err
	}
	out := make([]docRef, 0, n)
	for i, seg := range s.is.Segments() {
		it := seg.DocNumbersLive().Iterator()
		for it.HasNext() {
			if len(out)%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			out = append(out, docRef{seg: i, num: uint64(it.Next())})
		}
	}
	if !sorted {
		return out, nil
	}
	for i := range out {
		id, err := s.is.Segments()[out[i].seg].DocID(out[i].num)
		if err != nil {
			return nil, err
		}
		out[i].id = string(id)
	}
	slices.SortFunc(out, func(a, b docRef) int { return cmp.Compare(a.id, b.id) })
	return out, nil
}

// A fieldVisitor is called with every stored field of a document, as zap
// calls it (segment.StoredFieldValueVisitor); value is only valid during
// the call. It returns whether to go on.
type fieldVisitor = func(field string, typ byte, value []byte, pos []uint64) bool

// visit calls fn with every stored field of the document.
func (s *snap) visit(ref docRef, fn fieldVisitor) error {
	return s.is.Segments()[ref.seg].VisitDocument(ref.num, fn)
}

// visitChecked is visit for a reader that must survive a damaged segment:
// zap decodes stored fields without bounds checks, so damage that got past
// Open's checksums (a file changed since) panics, here in the caller's
// goroutine, where it becomes a CorruptError.
//
// fn may set ref.id (from the _id field) for the error.
func (s *snap) visitChecked(path string, ref *docRef, fn fieldVisitor) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = s.corrupt(path, *ref, fmt.Sprintf("stored profile %q unreadable: %v", ref.id, r))
		}
	}()
	return s.visit(*ref, fn)
}

// corrupt is a CorruptError for the segment holding ref.
func (s *snap) corrupt(path string, ref docRef, reason string) *CorruptError {
	file := storeDir
	if segs := s.is.Segments(); ref.seg < len(segs) {
		file = segmentFile(segs[ref.seg].Segment())
	}
	return &CorruptError{Path: path, File: file, Reason: reason}
}
