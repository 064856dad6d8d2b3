package index

import (
	"context"
	"errors"
	"fmt"
	"iter"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/clustergo/partnermatch/profile"
)

// Get returns the profile with the given id exactly as Upsert stored it
// (normalised), and whether it exists.
func (x *Index) Get(id string) (profile.Profile, bool, error) {
	if err := x.gate.enter(); err != nil {
		return profile.Profile{}, false, err
	}
	defer x.gate.leave()
	d, err := x.bi.Document(id)
	if err != nil {
		return profile.Profile{}, false, translate("get", err)
	}
	if d == nil {
		return profile.Profile{}, false, nil
	}
	var p profile.Profile
	if err := decodeStored(sourceOf(d), id, &p); err != nil {
		return profile.Profile{}, false, &CorruptError{Path: x.path, File: storeDir,
			Reason: fmt.Sprintf("stored profile %q: %v", id, err)}
	}
	return p, true, nil
}

// Count returns the number of profiles in the index.
func (x *Index) Count() (int, error) {
	if err := x.gate.enter(); err != nil {
		return 0, err
	}
	defer x.gate.leave()
	n, err := x.bi.DocCount()
	return int(n), translate("count", err)
}

// IDs returns the ids of all profiles in ascending order, from one
// snapshot of the index taken when the loop starts. A failure ends the
// sequence with a non-nil error. The context is checked between ids.
//
// Close waits for the loop to end: do not call it from the loop's body.
func (x *Index) IDs(ctx context.Context) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		if err := x.gate.enter(); err != nil {
			yield("", err)
			return
		}
		defer x.gate.leave()
		s, err := openSnap(x.bi)
		if err != nil {
			yield("", translate("ids", err))
			return
		}
		refs, err := s.refs(ctx, true)
		s.close() // the ids are copied
		if err != nil {
			yield("", translate("ids", err))
			return
		}
		for i, r := range refs {
			if i%256 == 0 {
				if err := ctx.Err(); err != nil {
					yield("", fmt.Errorf("index: ids: %w", err))
					return
				}
			}
			if !yield(r.id, nil) {
				return
			}
		}
	}
}

// ForEach calls fn with every profile, in ascending order of id, from one
// snapshot of the index taken when it starts, and stops at the first
// error, which it returns. It reads the stored profiles without searching:
// the engine uses it to fit its models.
//
// fn may call other methods of the index, but not Close, which waits for
// ForEach to return.
func (x *Index) ForEach(ctx context.Context, fn func(profile.Profile) error) error {
	if err := x.gate.enter(); err != nil {
		return err
	}
	defer x.gate.leave()
	s, err := openSnap(x.bi)
	if err != nil {
		return translate("foreach", err)
	}
	defer s.close()
	refs, err := s.refs(ctx, true)
	if err != nil {
		return translate("foreach", err)
	}
	for i, r := range refs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("index: foreach: %w", err)
			}
		}
		var p profile.Profile
		derr := errNoSource
		err := s.visitChecked(x.path, &refs[i], func(field string, _ byte, value []byte, _ []uint64) bool {
			if field == fieldSource {
				derr = decodeStored(value, r.id, &p)
			}
			return true
		})
		if err != nil {
			if errors.Is(err, ErrCorrupt) {
				return err
			}
			return translate("foreach", err)
		}
		if derr != nil {
			return s.corrupt(x.path, r, fmt.Sprintf("stored profile %q: %v", r.id, derr))
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// sourceOf returns the stored profile of a bleve document.
func sourceOf(d bindex.Document) []byte {
	var src []byte
	d.VisitFields(func(f bindex.Field) {
		if f.Name() == fieldSource {
			src = f.Value()
		}
	})
	return src
}
