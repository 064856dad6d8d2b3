package main

import (
	"fmt"

	"github.com/clustergo/partnermatch/profile"
)

// maxRawString is the most bytes a JSON string of a valid profile can
// take as written: the longest field, the description, with every byte
// escaped as \u00XX.
const maxRawString = 6 * profile.MaxDescriptionLen

// longField returns the record of the first JSON string of body longer
// than maxRawString bytes as written, naming the key it is the value of,
// or nil if there is none. It reads bytes only, without decoding: an 8 MB
// description was decoded whole, and held several times over, before
// the profile rules refused it.
func longField(body []byte) *recordJSON {
	line, key := 1, ""
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\n': // never inside a JSON string
			line++
		case '"':
			start := i + 1
			for i = start; i < len(body) && body[i] != '"' && i-start <= maxRawString; i++ {
				if body[i] == '\\' {
					i++
				}
			}
			if n := i - start; n > maxRawString {
				reason := fmt.Sprintf("a string of more than %d bytes, longer than any field may be (description: %d bytes)",
					maxRawString, profile.MaxDescriptionLen)
				return &recordJSON{Line: line, Error: fmt.Sprintf("%s: %s", key, reason),
					Fields: []fieldJSON{{Field: key, Reason: reason}}}
			}
			// A string followed by a colon is a key.
			j := i + 1
			for j < len(body) && (body[j] == ' ' || body[j] == '\t' || body[j] == '\r' || body[j] == '\n') {
				j++
			}
			if j < len(body) && body[j] == ':' {
				key = string(body[start:min(i, len(body))])
			}
		}
	}
	return nil
}
