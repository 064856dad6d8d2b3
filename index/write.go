package index

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/clustergo/partnermatch/internal/atomicfile"
	"github.com/clustergo/partnermatch/internal/sentinel"
	"github.com/clustergo/partnermatch/profile"
)

// A ProfileError reports a profile that Upsert refused. When Upsert
// returns one, it wrote nothing.
type ProfileError struct {
	ID  string // the profile's id as given
	Pos int    // its position among the call's profiles
	Err error  // a *profile.ValidationError, or ErrDuplicateID
}

func (e *ProfileError) Error() string {
	// An error of this package (ErrDuplicateID) says what, without its
	// prefix, which this message starts with.
	if s, ok := e.Err.(*sentinel.Error); ok {
		return fmt.Sprintf("index: profile %q (#%d): %s", e.ID, e.Pos, s.What)
	}
	return fmt.Sprintf("index: profile %q (#%d): %v", e.ID, e.Pos, e.Err)
}

// Unwrap returns e.Err, so that errors.As finds a *profile.ValidationError
// and errors.Is matches profile.ErrInvalid or ErrDuplicateID.
func (e *ProfileError) Unwrap() error { return e.Err }

// Upsert adds profiles, replacing those with the same ids, as one atomic
// batch: after it returns, readers see all of them; if it fails, none.
//
// Every profile is normalised and validated first (profile.Clean). If any
// is invalid, or an id occurs twice, Upsert writes nothing and returns a
// *ProfileError for each such profile, joined (errors.Join). A call with
// more than Options.MaxBatch profiles fails with ErrBatchTooLarge; load
// large sets in chunks.
//
// The context is honoured until the batch is handed to bleve; a batch
// that has started is completed.
func (x *Index) Upsert(ctx context.Context, ps ...profile.Profile) error {
	if err := x.gate.enter(); err != nil {
		return err
	}
	defer x.gate.leave()
	if len(ps) == 0 {
		return nil
	}
	if len(ps) > x.opts.MaxBatch {
		return sentinel.Wrapf(ErrBatchTooLarge, "upsert of %d profiles, at most %d", len(ps), x.opts.MaxBatch)
	}
	entries := make([]*entry, len(ps))
	var errs []error
	seen := make(map[string]int, len(ps))
	for i := range ps {
		p, err := profile.Clean(ps[i])
		if err != nil {
			errs = append(errs, &ProfileError{ID: ps[i].ID, Pos: i, Err: err})
			continue
		}
		if _, dup := seen[p.ID]; dup {
			errs = append(errs, &ProfileError{ID: ps[i].ID, Pos: i, Err: ErrDuplicateID})
			continue
		}
		seen[p.ID] = i
		entries[i] = &entry{p: p}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index: upsert: %w", err)
	}
	_ = parallel(len(entries), func(i int) error { entries[i].analyse(); return nil })
	docs, err := mapParallel(ctx, x.bi, entries)
	if err != nil {
		return err
	}

	x.wmu.Lock()
	defer x.wmu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index: upsert: %w", err)
	}
	b := x.bi.NewBatch()
	for _, d := range docs {
		if err := b.IndexAdvanced(d); err != nil {
			return translate("upsert", err)
		}
	}
	if err := x.commit("upsert", b); err != nil {
		return err
	}
	x.mem.apply(entries, nil)
	return nil
}

// Delete removes the profiles with the given ids as one atomic batch.
// Unknown ids are ignored. An empty id is an error matching
// ErrInvalidQuery; more than Options.MaxBatch ids fail with
// ErrBatchTooLarge. Neither writes anything.
func (x *Index) Delete(ctx context.Context, ids ...string) error {
	if err := x.gate.enter(); err != nil {
		return err
	}
	defer x.gate.leave()
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > x.opts.MaxBatch {
		return sentinel.Wrapf(ErrBatchTooLarge, "delete of %d ids, at most %d", len(ids), x.opts.MaxBatch)
	}
	for i, id := range ids {
		if id == "" {
			return sentinel.Wrapf(ErrInvalidQuery, "delete: empty id (#%d)", i)
		}
	}
	x.wmu.Lock()
	defer x.wmu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index: delete: %w", err)
	}
	b := x.bi.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	if err := x.commit("delete", b); err != nil {
		return err
	}
	x.mem.apply(nil, ids)
	return nil
}

// commit writes b as the folder's next write; the caller holds wmu. The
// meta file names the new count (and the one before) before the batch
// carries it to the store, and only the new one after, so that the store
// always holds a count the meta file names, and Open can tell a store
// rolled back (see verifyFolder). The store folder is fsynced after the
// batch, for the segment files it created.
func (x *Index) commit(op string, b *bleve.Batch) error {
	if x.path == "" {
		return translate(op, x.bi.Batch(b))
	}
	next := x.writes + 1
	m := meta{Format: metaFormat, MappingVersion: MappingVersion, Writes: next, Previous: x.writes}
	if err := writeMeta(x.path, m); err != nil {
		return fmt.Errorf("index: %s: %w", op, err)
	}
	b.SetInternal(writesKey, []byte(strconv.FormatUint(next, 10)))
	version := strconv.Itoa(MappingVersion)
	if x.version != version {
		// The batch may hold records, which an older package cannot read.
		b.SetInternal(versionKey, []byte(version))
	}
	if err := x.bi.Batch(b); err != nil {
		return translate(op, err)
	}
	x.writes, x.version = next, version
	if err := atomicfile.SyncDir(filepath.Join(x.path, storeDir)); err != nil {
		return fmt.Errorf("index: %s: %w", op, err)
	}
	// Confirm the write, so that a store rolled back by one write is
	// noticed too. The batch is committed whether or not this succeeds:
	// the meta file still names it, and the next commit rewrites the file.
	m.Previous = next
	_ = writeMeta(x.path, m)
	return nil
}

// parallel calls fn(i) for every i in [0, n) on all CPUs and returns the
// first error.
func parallel(n int, fn func(i int) error) error {
	const chunk = 16
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		next int
		ferr error
	)
	for range min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next += chunk
				stop := ferr != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				for j := i; j < min(i+chunk, n); j++ {
					if err := fn(j); err != nil {
						mu.Lock()
						if ferr == nil {
							ferr = err
						}
						mu.Unlock()
						return
					}
				}
			}
		})
	}
	wg.Wait()
	return ferr
}
