package index

import (
	"github.com/clustergo/partnermatch/profile"
)

// Matcher validates f once and returns a function that reports whether a
// (normalised) profile passes f, with the same meaning as in Search and
// Candidates. Callers that rank every profile themselves, such as an
// engine's exact mode, use it instead of a search.
func (f Filters) Matcher() (func(*profile.Profile) bool, error) {
	s, err := f.compile()
	if err != nil {
		return nil, err
	}
	return s.Matcher(), nil
}
