package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// badText returns the first string of a JSON or JSON Lines body that does
// not hold valid Unicode text, as a bad record naming its field, or nil if
// every string does. Go's decoder would silently turn such a string into
// U+FFFD replacement characters and the portal would store the damage, so
// the raw bytes are checked before decoding: bytes that are not UTF-8, and
// \u escapes of lone UTF-16 surrogates. A body that is not UTF-8 outside
// its strings, or so malformed that no field can be named, is reported by
// byte offset.
func badText(body []byte) *recordJSON {
	valid := utf8.Valid(body)
	if valid && !bytes.Contains(body, []byte(`\ud`)) && !bytes.Contains(body, []byte(`\uD`)) {
		return nil // the common case: no decoding at all
	}
	if rec := walkText(body); rec != nil {
		return rec
	}
	if valid {
		return nil // every \ud... was a correct pair or not an escape
	}
	off := invalidOffset(body)
	return &recordJSON{
		Line:  1 + bytes.Count(body[:off], []byte("\n")),
		Error: fmt.Sprintf("body is not valid UTF-8 at byte %d", off),
	}
}

// A frame is an object or array being read by walkText.
type frame struct {
	obj     bool
	wantKey bool   // obj: the next string is a key
	key     string // obj: the key of the value being read
	n       int    // array: the index of the element being read
}

// walkText reads body token by token and returns the first string whose
// raw bytes are bad text, or nil if there is none or the body does not
// parse before one.
func walkText(body []byte) *recordJSON {
	const bom = "\ufeff"
	base := 0
	if bytes.HasPrefix(body, []byte(bom)) {
		base = len(bom)
	}
	b := body[base:]
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber() // numbers are skipped: no need to convert them
	var (
		stack   []frame
		depth   int // depth of the record objects: 1 in an array, else 0
		started bool
		record  int    // 1-based position of the record in a JSON array
		line    int    // line where the record starts
		id      string // the record's id, if read before the bad field
		prev    int64
	)
	for {
		tok, err := dec.Token()
		if err != nil { // io.EOF, or malformed: left to badText and the profile reader
			return nil
		}
		end := dec.InputOffset()
		raw := b[prev:end]
		start := int(prev) + len(raw) - len(bytes.TrimLeft(raw, " \t\r\n,:"))
		prev = end

		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			valueDone(stack)
			continue
		}
		if !started {
			started = true
			if d, ok := tok.(json.Delim); ok && d == '[' {
				depth = 1
			}
		}
		top := len(stack) - 1
		if len(stack) == depth { // a new record
			line, id = 1+bytes.Count(body[:base+start], []byte("\n")), ""
			if depth == 1 {
				record = stack[0].n + 1
			}
		}
		isKey := top >= 0 && stack[top].obj && stack[top].wantKey
		if s, ok := tok.(string); ok {
			if reason := textProblem(raw); reason != "" {
				field := path(stack[depth:])
				if isKey {
					fr := slices.Clone(stack[depth:])
					fr[len(fr)-1].key = s
					field = path(fr)
					reason = "key " + reason
				}
				return &recordJSON{
					Line: line, Record: record, ID: id,
					Error:  fmt.Sprintf("field %q: %s", field, reason),
					Fields: []fieldJSON{{Field: field, Value: s, Reason: reason}},
				}
			}
			if isKey {
				stack[top].key, stack[top].wantKey = s, false
				continue
			}
			if len(stack) == depth+1 && stack[top].obj && stack[top].key == "id" {
				id = s
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{n: 0})
		default:
			valueDone(stack)
		}
	}
}

// valueDone records that a value of the innermost frame has been read.
func valueDone(stack []frame) {
	if len(stack) == 0 {
		return
	}
	f := &stack[len(stack)-1]
	if f.obj {
		f.wantKey, f.key = true, ""
	} else {
		f.n++
	}
}

// path names the value being read in the frames of one record: name,
// offers[2].
func path(frames []frame) string {
	var sb strings.Builder
	for i, f := range frames {
		switch {
		case f.obj && i > 0:
			sb.WriteString("." + f.key)
		case f.obj:
			sb.WriteString(f.key)
		default:
			sb.WriteString("[" + strconv.Itoa(f.n) + "]")
		}
	}
	return sb.String()
}

// textProblem returns why the raw bytes of a JSON string token (with any
// separators before it) are not Unicode text, or "".
func textProblem(raw []byte) string {
	if !utf8.Valid(raw) {
		return "not valid UTF-8"
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if i+1 < len(raw) && raw[i+1] != 'u' {
			i++ // \\, \" and the like: the next byte is not an escape
			continue
		}
		r := hex4(raw, i+2)
		switch {
		case r >= 0xdc00 && r <= 0xdfff:
			return "lone UTF-16 surrogate escape"
		case r >= 0xd800 && r < 0xdc00:
			if i+7 >= len(raw) || raw[i+6] != '\\' || raw[i+7] != 'u' {
				return "lone UTF-16 surrogate escape"
			}
			if lo := hex4(raw, i+8); lo < 0xdc00 || lo > 0xdfff {
				return "lone UTF-16 surrogate escape"
			}
			i += 11
		default:
			i += 5
		}
	}
	return ""
}

// hex4 returns the value of the 4 hex digits at raw[i:], or -1.
func hex4(raw []byte, i int) int {
	if i+4 > len(raw) {
		return -1
	}
	n, err := strconv.ParseUint(string(raw[i:i+4]), 16, 16)
	if err != nil {
		return -1
	}
	return int(n)
}

// invalidOffset returns the offset of the first byte of b that is not
// part of a UTF-8 encoding, or len(b).
func invalidOffset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
