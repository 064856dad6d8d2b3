package main

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// A gate bounds the requests served at once. A request that finds it full
// is refused at once rather than queued: a queue without bound would turn
// a burst into unbounded memory and latency for everyone behind it.
type gate chan struct{}

// newGate returns a gate that lets n requests in at once.
func newGate(n int) gate { return make(gate, n) }

// enter takes a place and reports whether there was one; a caller that
// got one must call leave.
func (g gate) enter() bool {
	select {
	case g <- struct{}{}:
		return true
	default:
		return false
	}
}

func (g gate) leave() { <-g }

// A limiter is a token bucket per client: each client may make burst
// requests at once, and one more every 1/rate seconds after that. It is
// safe for concurrent use.
type limiter struct {
	rate  float64 // tokens added per second, > 0
	burst float64 // bucket size, >= 1
	now   func() time.Time

	mu      sync.Mutex
	buckets map[netip.Prefix]*bucket
	swept   time.Time // last time full buckets were dropped
}

// A bucket holds a client's tokens as of a time.
type bucket struct {
	tokens float64
	at     time.Time
}

// newLimiter returns a limiter of rate tokens a second and a burst of
// burst, reading the time from now (nil: time.Now).
func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	if now == nil {
		now = time.Now
	}
	return &limiter{rate: rate, burst: float64(max(burst, 1)), now: now, buckets: map[netip.Prefix]*bucket{}}
}

// refill is how long an empty bucket takes to fill up: a bucket not
// touched for that long is full, the same as no bucket.
func (l *limiter) refill() time.Duration {
	return time.Duration(l.burst / l.rate * float64(time.Second))
}

// allow takes a token of client and reports whether there was one; if not,
// it also returns how long until there will be.
func (l *limiter) allow(client netip.Prefix) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	// Full buckets are dropped, once per refill time, so that the map
	// holds only the clients of the last two refill times however many
	// addresses write to the portal.
	if now.Sub(l.swept) >= l.refill() {
		for k, b := range l.buckets {
			if l.level(b, now) >= l.burst {
				delete(l.buckets, k)
			}
		}
		l.swept = now
	}
	b, ok := l.buckets[client]
	if !ok {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[client] = b
	}
	b.tokens, b.at = l.level(b, now), now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// level returns the tokens of b at time now.
func (l *limiter) level(b *bucket, now time.Time) float64 {
	return min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
}

// clientOf returns the client a request is counted against: the remote IP
// address, or its /64 for IPv6, since one host is usually given a whole
// /64 and could otherwise rotate addresses to escape the limit. Forwarding
// headers (X-Forwarded-For) are ignored: anyone can set them.
func clientOf(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{} // all unparsable addresses share one bucket
	}
	addr = addr.Unmap().WithZone("")
	bits := 32
	if addr.Is6() {
		bits = 64
	}
	p, _ := addr.Prefix(bits)
	return p
}

// retryAfter sets the Retry-After header to d in whole seconds, at least 1.
func retryAfter(w http.ResponseWriter, d time.Duration) {
	s := max(1, int64(math.Ceil(d.Seconds())))
	w.Header().Set("Retry-After", strconv.FormatInt(s, 10))
}
