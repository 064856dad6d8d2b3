package score

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// workers returns how many goroutines fits and scans may use: GOMAXPROCS.
func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// workers returns how many goroutines fits of c use (see Corpus.Workers).
func (c *Corpus) workers() int {
	if w := c.root().Workers; w > 0 {
		return min(w, workers())
	}
	return workers()
}

// parallel calls fn(w, lo, hi) for consecutive chunks of [0, n) on at
// most nw goroutines; w identifies the goroutine (0 <= w < nw).
// Chunks are claimed dynamically, so fn must write only to places owned
// by its indices or by w. It stops early and returns ctx's error when ctx
// is done.
func parallel(ctx context.Context, nw, n, chunk int, fn func(w, lo, hi int)) error {
	if n == 0 {
		return ctx.Err()
	}
	nw = max(1, min(nw, (n+chunk-1)/chunk))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				fn(w, lo, min(n, lo+chunk))
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
