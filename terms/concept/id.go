package concept

import "strings"

// An ID names a concept: a scheme, a colon and the scheme's own code, as
// in "eurovoc:1115", "cpv:15332100" (CPV codes without their check digit)
// or "nace:10.39".
type ID string

// Scheme returns the part of id before the first colon ("eurovoc", "cpv",
// "nace"), or "" when id has no colon.
func (id ID) Scheme() string {
	s, _, ok := strings.Cut(string(id), ":")
	if !ok {
		return ""
	}
	return s
}

// Code returns the part of id after the first colon, or "" when id has no
// colon.
func (id ID) Code() string {
	_, c, _ := strings.Cut(string(id), ":")
	return c
}

// validID reports whether s is a scheme, a colon and a code, made of
// printable ASCII without spaces.
func validID(s string) bool {
	scheme, code, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || code == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= 0x7f {
			return false
		}
	}
	return true
}
