package score

// A SymmetricModel is a Model that says whether the scorers it fits are
// symmetric: Score(a, b) == Score(b, a) for every two profiles. A caller
// that needs every pair's score both ways, as the consortium search of
// package match does, then scores each pair once instead of averaging
// the two directions. A Model without the method counts as asymmetric.
//
// Every built-in model is symmetric (the table of the package
// documentation), and a combination is symmetric when all its parts are.
type SymmetricModel interface {
	Model
	Symmetric() bool
}

// IsSymmetric reports whether m is a SymmetricModel that says it is
// symmetric.
func IsSymmetric(m Model) bool {
	s, ok := m.(SymmetricModel)
	return ok && s.Symmetric()
}

// allSymmetric reports whether every model of ms is symmetric.
func allSymmetric(ms ...Model) bool {
	for _, m := range ms {
		if !IsSymmetric(m) {
			return false
		}
	}
	return true
}

// Symmetric returns true: the cosine of two TF-IDF vectors.
func (TFIDF) Symmetric() bool { return true }

// Symmetric returns true: the cosine of two latent vectors.
func (LSA) Symmetric() bool { return true }

// Symmetric returns true: the mean of the covers both ways (each cover
// alone is not symmetric).
func (Reciprocal) Symmetric() bool { return true }

// Symmetric returns true: the relatedness matrix is symmetric.
func (Sector) Symmetric() bool { return true }

// Symmetric returns true: M is a symmetric matrix.
func (Relatedness) Symmetric() bool { return true }

// Symmetric returns true: the Ochiai coefficient of the two market sets.
func (Market) Symmetric() bool { return true }

// Symmetric returns true: whether two countries differ.
func (Geo) Symmetric() bool { return true }

// Symmetric returns true: shared partnerships and partners.
func (History) Symmetric() bool { return true }

// Symmetric returns true: the mean of the two activities.
func (Activity) Symmetric() bool { return true }

// Symmetric returns true: the affinity of the two fields' values.
func (Affinity) Symmetric() bool { return true }

// Symmetric reports whether every part is symmetric.
func (h Hybrid) Symmetric() bool {
	for _, p := range h {
		if !IsSymmetric(p.Model) {
			return false
		}
	}
	return true
}

// Symmetric reports whether every part is symmetric.
func (m Learned) Symmetric() bool { return allSymmetric(m.parts()...) }

// Symmetric reports whether every part of the prior and of LearnedOnly
// is symmetric.
func (a Auto) Symmetric() bool { return a.prior().Symmetric() && allSymmetric(a.LearnedOnly...) }
