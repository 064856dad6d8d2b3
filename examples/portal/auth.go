package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// minTokenLen is the shortest bearer token the portal accepts: 16 random
// characters are far beyond guessing at the write rate limit.
const minTokenLen = 16

// A tokenCheck knows the bearer token of the write routes. It keeps only
// the token's SHA-256, so that comparing takes the same time whatever the
// length of the token offered (subtle.ConstantTimeCompare returns early
// on a length mismatch).
type tokenCheck struct {
	sum [sha256.Size]byte
}

// newTokenCheck returns the check of token.
func newTokenCheck(token string) *tokenCheck {
	return &tokenCheck{sum: sha256.Sum256([]byte(token))}
}

// valid reports, in time independent of where got and the token differ,
// whether got is the token.
func (c *tokenCheck) valid(got string) bool {
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], c.sum[:]) == 1
}

// bearer returns the token of an "Authorization: Bearer <token>" header
// (the scheme is case-insensitive, RFC 7235 section 2.1), or false.
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// write guards a route that changes the engine. With no token configured
// the portal is read-only: 403. Otherwise every attempt, authorised or
// not, takes a token of the client's bucket (429 when empty, which also
// slows down guessing), and then a missing or wrong bearer token gets 401
// with the challenge of RFC 6750.
func (s *server) write(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.token == nil {
			writeError(w, http.StatusForbidden,
				"writes are disabled: this portal is read-only; start it with -token or PARTNERMATCH_TOKEN to allow them")
			return
		}
		if ok, wait := s.writes.allow(clientOf(r)); !ok {
			retryAfter(w, wait)
			writeError(w, http.StatusTooManyRequests, "too many writes from this address: retry later")
			return
		}
		token, ok := bearer(r)
		switch {
		case !ok:
			w.Header().Set("WWW-Authenticate", `Bearer realm="partnermatch"`)
			writeError(w, http.StatusUnauthorized, "writes need an Authorization: Bearer token")
			return
		case !s.token.valid(token):
			w.Header().Set("WWW-Authenticate", `Bearer realm="partnermatch", error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "wrong bearer token")
			return
		}
		h(w, r)
	}
}
