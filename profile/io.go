package profile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrDuplicate is matched (with errors.Is) by every *DuplicateError.
var ErrDuplicate = errors.New("profile: duplicate id")

// ErrSyntax is matched (with errors.Is) by errors for input that cannot be
// parsed at all: a malformed JSON value, a CSV record with the wrong number
// of fields, a line longer than the limit.
var ErrSyntax = errors.New("profile: malformed input")

// DefaultMaxLineBytes is the longest JSON line ReadJSONL accepts when
// ReadOptions.MaxLineBytes is zero: 16 MiB.
const DefaultMaxLineBytes = 16 << 20

// A RecordError reports one bad record of an input, and where it is.
//
// Err is a *ValidationError (matching ErrInvalid) for a record that parsed
// but is not a valid profile, including unknown keys and values of the wrong
// type; a *DuplicateError (matching ErrDuplicate); or an error matching
// ErrSyntax.
type RecordError struct {
	// Line is the 1-based line of the input where the record starts.
	Line int
	// Record is the 1-based position of the record in a JSON array (ReadJSON
	// and ReadPartnerships); zero for line-based inputs (JSON Lines, CSV).
	Record int
	// ID is the record's id after normalisation, if it has one.
	ID string
	// Err says what is wrong with the record.
	Err error
}

func (e *RecordError) Error() string {
	// Err is usually an error of this package: say the prefix once, before
	// the position, and Err's reason after it.
	msg := e.Err.Error()
	if r, ok := e.Err.(reasoner); ok {
		msg = r.reason()
	}
	if e.Record > 0 {
		return fmt.Sprintf("profile: line %d, record %d: %s", e.Line, e.Record, msg)
	}
	return fmt.Sprintf("profile: line %d: %s", e.Line, msg)
}

// Unwrap returns Err.
func (e *RecordError) Unwrap() error { return e.Err }

// A DuplicateError reports a second record with the id of an earlier one.
// The readers keep the first record and drop the duplicate.
type DuplicateError struct {
	ID        string
	FirstLine int // line of the record that claimed the id first
	Line      int // line of the duplicate
}

func (e *DuplicateError) Error() string { return "profile: " + e.reason() }

func (e *DuplicateError) reason() string {
	return fmt.Sprintf("duplicate id %q on line %d, first on line %d", e.ID, e.Line, e.FirstLine)
}

// Is makes every DuplicateError match ErrDuplicate.
func (e *DuplicateError) Is(target error) bool { return target == ErrDuplicate }

// A reasoner is an error of this package that can say what is wrong
// without the "profile: " prefix, so that an error holding it (a
// RecordError) says the prefix once.
type reasoner interface{ reason() string }

// A syntaxError is the cause of a record that cannot be parsed at all.
type syntaxError struct{ detail string }

// syntaxf returns an error matching ErrSyntax with the formatted detail.
func syntaxf(format string, args ...any) error {
	return &syntaxError{detail: fmt.Sprintf(format, args...)}
}

func (e *syntaxError) Error() string  { return "profile: " + e.reason() }
func (e *syntaxError) reason() string { return "malformed input: " + e.detail }

// Is makes every syntaxError match ErrSyntax.
func (e *syntaxError) Is(target error) bool { return target == ErrSyntax }

// ReadOptions tunes the readers. The zero value is the strict default used
// by ReadJSONL, ReadJSON and ReadCSV.
type ReadOptions struct {
	// Lenient ignores unknown JSON keys and CSV columns instead of
	// reporting them; they are usually typos, so the default is strict.
	Lenient bool
	// FailFast stops at the first bad record and returns it as a single
	// *RecordError, with the good profiles read before it. By default
	// every bad record is reported and reading goes on.
	FailFast bool
	// MaxLineBytes caps the length of a JSON Lines line. Zero means
	// DefaultMaxLineBytes. A longer line is reported and skipped.
	MaxLineBytes int
}

// ReadJSONL reads profiles in JSON Lines form (one JSON object per line;
// blank lines are skipped) with the strict default options. It is
// ReadJSONLWith(r, ReadOptions{}).
func ReadJSONL(r io.Reader) ([]Profile, error) {
	return ReadJSONLWith(r, ReadOptions{})
}

// ReadJSONLWith reads profiles in JSON Lines form, one JSON object per
// line: it collects what [ReadJSONLSeq] yields. Blank lines are skipped
// and a line may end in \r\n.
//
// Every profile is normalised (Normalize) and validated. Keys are the JSON
// keys of Profile, matched exactly (case-sensitively); unknown keys are an
// error unless opt.Lenient, and a key given twice is always an error, in
// the object of "extra" too. Strings must be valid UTF-8, as CSV cells
// must: one holding other bytes, or an escaped lone surrogate such as
// \ud800 (which encoding/json would turn into U+FFFD), is reported as a
// *FieldError naming the key, list item (offers[2]) or key of Extra
// (extra[crm_id]).
//
// ReadJSONLWith returns the good profiles in input order and, unless every
// record is good, an error joining (errors.Join) one *RecordError per bad
// record, each with its 1-based line: a loader may keep the good profiles
// and report the rest. A record whose id was already used by an earlier
// record (valid or not) is reported with a *DuplicateError and dropped. An
// error reading r ends the input and is returned joined to the others.
// With opt.FailFast the first error is returned alone.
func ReadJSONLWith(r io.Reader, opt ReadOptions) ([]Profile, error) {
	var c collector
	scanJSONL(r, opt, c.add)
	return c.result(opt)
}

// ReadJSONLSeq returns an iterator over the records of r in JSON Lines
// form, read under the rules of [ReadJSONLWith] as the loop asks for
// them: memory stays bounded by opt.MaxLineBytes whatever the input's
// size. Each good profile is yielded with a nil error; each bad record as
// the zero Profile and its *RecordError, and reading goes on (with
// opt.FailFast it stops after the first). An error reading r is yielded
// last. Breaking out of the loop stops reading. The iterator reads r
// itself: range over it once.
func ReadJSONLSeq(r io.Reader, opt ReadOptions) iter.Seq2[Profile, error] {
	return func(yield func(Profile, error) bool) { scanJSONL(r, opt, yield) }
}

// scanJSONL is the JSON Lines reader: it yields every record of r.
func scanJSONL(r io.Reader, opt ReadOptions, yield func(Profile, error) bool) {
	maxLine := opt.MaxLineBytes
	if maxLine <= 0 {
		maxLine = DefaultMaxLineBytes
	}
	br := bufio.NewReaderSize(r, 64<<10)
	rd := newReader(opt, yield)
	for line := 1; ; line++ {
		b, tooLong, err := readLine(br, maxLine)
		if err != nil && err != io.EOF {
			// The line may be cut short: report the error, not the line.
			rd.fail(fmt.Errorf("profile: reading line %d: %w", line, err))
			return
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		switch {
		case tooLong:
			if rd.fail(&RecordError{Line: line, Err: syntaxf("line longer than %d bytes", maxLine)}) {
				return
			}
		case len(bytes.TrimSpace(b)) > 0:
			p, rerr := decodeProfileJSON(b, opt.Lenient)
			if rd.add(p, rerr, line, 0) {
				return
			}
		}
		if err == io.EOF {
			return
		}
	}
}

// readLine returns the next line of br without its line ending. If the line
// is longer than max bytes, it is consumed and tooLong is set. err is
// io.EOF after the last line.
func readLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max+2 { // +2: room for the line ending
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			return nil, true, err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > max {
			return nil, true, err
		}
		return line, false, err
	}
}

// ReadJSON reads a JSON array of profiles with the strict default options.
// It is ReadJSONWith(r, ReadOptions{}).
func ReadJSON(r io.Reader) ([]Profile, error) {
	return ReadJSONWith(r, ReadOptions{})
}

// ReadJSONWith reads a JSON array of profile objects under the rules of
// ReadJSONLWith: it collects what [ReadJSONSeq] yields. Each *RecordError
// gives the line where the element starts and the element's 1-based
// position in the array (RecordError.Record); a *DuplicateError gives
// lines. Empty input (only white space) holds no profiles. A syntax error
// in the array ends reading; the profiles before it are returned. Unlike
// ReadJSONLWith, the whole input is read into memory and opt.MaxLineBytes
// does not apply.
func ReadJSONWith(r io.Reader, opt ReadOptions) ([]Profile, error) {
	var c collector
	scanJSON(r, opt, c.add)
	return c.result(opt)
}

// ReadJSONSeq returns an iterator over the elements of a JSON array of
// profiles, read under the rules of [ReadJSONWith] and yielded as by
// [ReadJSONLSeq]: each good profile with a nil error, each bad element as
// the zero Profile and its *RecordError. A syntax error in the array is
// yielded last. The input is read into memory when the loop starts (a
// JSON array has no line boundaries to stream by; prefer JSON Lines for
// large inputs), but profiles are decoded and validated one at a time,
// as the loop asks for them.
func ReadJSONSeq(r io.Reader, opt ReadOptions) iter.Seq2[Profile, error] {
	return func(yield func(Profile, error) bool) { scanJSON(r, opt, yield) }
}

// scanJSON is the JSON array reader: it yields every element of r.
func scanJSON(r io.Reader, opt ReadOptions, yield func(Profile, error) bool) {
	rd := newReader(opt, yield)
	err := walkArray(r, rd, false, func(raw []byte, line, index int) bool {
		p, rerr := decodeProfileJSON(raw, opt.Lenient)
		return rd.add(p, rerr, line, index)
	})
	if err != nil {
		rd.fail(err)
	}
}

// walkArray reads a JSON array from r, or with inObject the array under the
// key "partnerships" of a JSON object, and calls fn with every element, its
// line and its 1-based index until fn returns true. A fatal problem is
// returned as a *RecordError; other keys of the object are reported through
// rd.
func walkArray(r io.Reader, rd *reader, inObject bool, fn func(raw []byte, line, index int) bool) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("profile: reading input: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	lines := lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	fatal := func(off int64, err error) error {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		// %v: json's and io's errors are not our API.
		return &RecordError{Line: lines.at(skipSeparators(data, off)), Err: syntaxf("%v", err)}
	}
	expect := func(want json.Delim, what string) error {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return fatal(off, err)
		}
		if d, ok := tok.(json.Delim); !ok || d != want {
			return fatal(off, fmt.Errorf("want %s, found %v", what, tokenString(tok)))
		}
		return nil
	}
	walk := func() (stop bool, err error) {
		if err := expect('[', "a JSON array"); err != nil {
			return true, err
		}
		for index := 1; dec.More(); index++ {
			off := dec.InputOffset()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return true, fatal(off, err)
			}
			if fn(raw, lines.at(skipSeparators(data, off)), index) {
				return true, nil
			}
		}
		return false, expect(']', "the end of the array")
	}
	if !inObject {
		if stop, err := walk(); stop || err != nil {
			return err
		}
	} else {
		if err := expect('{', "a JSON object"); err != nil {
			return err
		}
		seen := false
		for dec.More() {
			off := dec.InputOffset()
			tok, err := dec.Token()
			if err != nil {
				return fatal(off, err)
			}
			key, _ := tok.(string)
			line := lines.at(skipSeparators(data, off))
			if key == "partnerships" && !seen {
				seen = true
				if stop, err := walk(); stop || err != nil {
					return err
				}
				continue
			}
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fatal(off, err)
			}
			var fe *FieldError
			switch {
			case key == "partnerships":
				fe = &FieldError{Field: key, Value: rawValue(raw), Reason: "duplicate key"}
			case !rd.opt.Lenient:
				fe = &FieldError{Field: key, Value: rawValue(raw), Reason: "unknown key"}
			}
			if fe != nil && rd.fail(&RecordError{Line: line, Err: fe}) {
				return nil
			}
		}
		if err := expect('}', "the end of the object"); err != nil {
			return err
		}
	}
	off := dec.InputOffset()
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return fatal(off, err)
		}
		return fatal(off, fmt.Errorf("unexpected %v after the end of the input", tokenString(tok)))
	}
	return nil
}

func tokenString(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(t))
	case string:
		return fmt.Sprintf("string %q", t)
	case nil:
		return "null"
	default:
		return fmt.Sprint(t)
	}
}

// skipSeparators returns the offset of the first byte at or after off that
// is neither JSON white space nor a separator (',' or ':').
func skipSeparators(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// lineCounter maps byte offsets of data, asked in increasing order, to
// 1-based line numbers.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	off = min(max(off, 0), int64(len(c.data)))
	if off < c.off {
		c.off, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line + 1
}

// reader holds the state of one read and passes each record on to yield.
type reader struct {
	opt   ReadOptions
	year  int
	lines map[string]int // id -> line of the record that claimed it
	yield func(Profile, error) bool
	// done is set once reading must stop (the loop broke, or FailFast):
	// an iterator must not call yield again after it returned false.
	done bool
}

func newReader(opt ReadOptions, yield func(Profile, error) bool) *reader {
	return &reader{opt: opt, year: time.Now().Year(), lines: map[string]int{}, yield: yield}
}

// fail yields an error, of a bad record or one that ends the input, and
// reports whether reading must stop.
func (rd *reader) fail(err error) bool {
	if !rd.done && (!rd.yield(Profile{}, err) || rd.opt.FailFast) {
		rd.done = true
	}
	return rd.done
}

// add normalises and validates a decoded profile, whose decoding problems
// are in decodeErr, and yields it or why not. It reports whether reading
// must stop.
func (rd *reader) add(p Profile, decodeErr error, line, index int) bool {
	var fields []*FieldError
	var se error
	switch e := decodeErr.(type) {
	case nil:
	case *ValidationError:
		fields = e.Fields
	default:
		se = e
	}
	if se != nil {
		return rd.fail(&RecordError{Line: line, Record: index, Err: se})
	}
	p.Normalize()
	fields = mergeFieldErrors(fields, p.validate(rd.year))
	if ValidID(p.ID) {
		if first, ok := rd.lines[p.ID]; ok {
			return rd.fail(&RecordError{Line: line, Record: index, ID: p.ID,
				Err: &DuplicateError{ID: p.ID, FirstLine: first, Line: line}})
		}
		rd.lines[p.ID] = line
	}
	if len(fields) > 0 {
		return rd.fail(&RecordError{Line: line, Record: index, ID: p.ID, Err: &ValidationError{ID: p.ID, Fields: fields}})
	}
	if !rd.done && !rd.yield(p, nil) {
		rd.done = true
	}
	return rd.done
}

// A collector gathers what a reader yields into the slice forms' results.
type collector struct {
	out  []Profile
	errs []error
}

// add is a yield function that never stops the reader.
func (c *collector) add(p Profile, err error) bool {
	if err != nil {
		c.errs = append(c.errs, err)
	} else {
		c.out = append(c.out, p)
	}
	return true
}

// result returns the good profiles and the errors, joined; with FailFast
// the one error alone, so that errors.As reaches it without a join.
func (c *collector) result(opt ReadOptions) ([]Profile, error) {
	if opt.FailFast && len(c.errs) == 1 {
		return c.out, c.errs[0]
	}
	return c.out, errors.Join(c.errs...)
}

// mergeFieldErrors appends the validation errors of verr to the decoding
// errors in decoded, leaving out fields that failed to decode: their zero
// value would only repeat the problem.
func mergeFieldErrors(decoded []*FieldError, verr error) []*FieldError {
	v, ok := verr.(*ValidationError)
	if !ok {
		return decoded
	}
	bad := map[string]bool{}
	for _, f := range decoded {
		bad[f.Field] = true
	}
	for _, f := range v.Fields {
		base, _, _ := strings.Cut(f.Field, "[")
		if !bad[base] {
			decoded = append(decoded, f)
		}
	}
	return decoded
}

// A column is one key of the JSON and CSV forms of a Profile, with access
// to its field. Exactly one of str, list, num and extra is set.
type column struct {
	key   string
	str   func(*Profile) *string
	list  func(*Profile) *[]string
	num   func(*Profile) *int
	extra string // the key of Extra of a CSV column extra.<key>
}

// columns lists the keys of Profile in canonical order (the order of the
// struct, used for CSV headers).
var columns = []column{
	{key: "id", str: func(p *Profile) *string { return &p.ID }},
	{key: "name", str: func(p *Profile) *string { return &p.Name }},
	{key: "kind", str: func(p *Profile) *string { return &p.Kind }},
	{key: "country", str: func(p *Profile) *string { return &p.Country }},
	{key: "region", str: func(p *Profile) *string { return &p.Region }},
	{key: "city", str: func(p *Profile) *string { return &p.City }},
	{key: "website", str: func(p *Profile) *string { return &p.Website }},
	{key: "language", str: func(p *Profile) *string { return &p.Language }},
	{key: "description", str: func(p *Profile) *string { return &p.Description }},
	{key: "sectors", list: func(p *Profile) *[]string { return &p.Sectors }},
	{key: "categories", list: func(p *Profile) *[]string { return &p.Categories }},
	{key: "industries", list: func(p *Profile) *[]string { return &p.Industries }},
	{key: "ecosystems", list: func(p *Profile) *[]string { return &p.Ecosystems }},
	{key: "technologies", list: func(p *Profile) *[]string { return &p.Technologies }},
	{key: "offers", list: func(p *Profile) *[]string { return &p.Offers }},
	{key: "needs", list: func(p *Profile) *[]string { return &p.Needs }},
	{key: "target_markets", list: func(p *Profile) *[]string { return &p.TargetMarkets }},
	{key: "members", num: func(p *Profile) *int { return &p.Members }},
	{key: "smes", num: func(p *Profile) *int { return &p.SMEs }},
	{key: "founded", num: func(p *Profile) *int { return &p.Founded }},
	{key: "label", str: func(p *Profile) *string { return &p.Label }},
	{key: "partnerships", list: func(p *Profile) *[]string { return &p.Partnerships }},
}

func lookupColumn(key string) (column, bool) {
	for _, c := range columns {
		if c.key == key {
			return c, true
		}
	}
	return column{}, false
}

// Keys returns the JSON keys of Profile in canonical order, which is also
// the column order of WriteCSV, but for "extra": its keys are written as
// columns of their own (see WriteCSV).
func Keys() []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = c.key
	}
	return out
}

// A member is one key and raw value of a JSON object.
type member struct {
	key string
	raw json.RawMessage
}

// decodeObject splits one JSON object into its members, in order. The input
// must hold exactly one object.
//
// It checks the syntax with json.Valid and then walks the members by hand:
// json.Decoder's Token API, which keeps order and repeated keys too, is
// several times slower.
func decodeObject(b []byte) ([]member, error) {
	if !json.Valid(b) {
		var v any
		err := json.Unmarshal(b, &v) // for json's description of the problem
		if err == nil {
			err = errors.New("malformed JSON")
		}
		return nil, syntaxf("%v", err) // %v: json's errors are not our API
	}
	i := skipSpace(b, 0)
	if b[i] != '{' {
		return nil, syntaxf("want a JSON object, found %s", describeJSON(b[i]))
	}
	ms := make([]member, 0, len(columns))
	i = skipSpace(b, i+1)
	for b[i] != '}' {
		end := endOfValue(b, i)
		rawKey := b[i:end]
		var key string
		if bytes.IndexByte(rawKey, '\\') < 0 && utf8.Valid(rawKey) {
			key = string(rawKey[1 : len(rawKey)-1])
		} else if err := json.Unmarshal(rawKey, &key); err != nil {
			return nil, syntaxf("%v", err)
		}
		i = skipSpace(b, skipSpace(b, end)+1) // past the colon
		end = endOfValue(b, i)
		ms = append(ms, member{key: key, raw: b[i:end]})
		i = skipSpace(b, end)
		if b[i] == ',' {
			i = skipSpace(b, i+1)
		}
	}
	return ms, nil
}

// skipSpace returns the index of the first byte of b at or after i that is
// not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// endOfValue returns the index just after the JSON value starting at b[i].
// b must be valid JSON (json.Valid).
func endOfValue(b []byte, i int) int {
	switch b[i] {
	case '"':
		for i++; b[i] != '"'; i++ {
			if b[i] == '\\' {
				i++
			}
		}
		return i + 1
	case '{', '[':
		depth := 0
		for ; ; i++ {
			switch b[i] {
			case '"':
				i = endOfValue(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
	default: // number, true, false, null
		for i < len(b) && strings.IndexByte(",}] \t\r\n", b[i]) < 0 {
			i++
		}
		return i
	}
}

// describeJSON names the kind of JSON value that starts with c.
func describeJSON(c byte) string {
	switch c {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// decodeProfileJSON decodes one JSON object into a Profile. Problems with
// single keys (unknown, duplicate, wrong type) come back together as a
// *ValidationError, with the profile holding the other keys; a malformed
// object gives an error matching ErrSyntax.
func decodeProfileJSON(b []byte, lenient bool) (Profile, error) {
	var p Profile
	ms, err := decodeObject(b)
	if err != nil {
		return p, err
	}
	var fields []*FieldError
	seen := map[string]bool{}
	for _, m := range ms {
		c, ok := lookupColumn(m.key)
		if !ok && m.key == extraKey {
			if seen[m.key] {
				fields = append(fields, &FieldError{Field: m.key, Value: rawValue(m.raw), Reason: "duplicate key"})
				continue
			}
			seen[m.key] = true
			fields = append(fields, decodeExtra(&p, m.raw)...)
			continue
		}
		if !ok {
			if !lenient {
				fields = append(fields, &FieldError{Field: m.key, Value: rawValue(m.raw), Reason: "unknown key"})
			}
			continue
		}
		if seen[m.key] {
			fields = append(fields, &FieldError{Field: m.key, Value: rawValue(m.raw), Reason: "duplicate key"})
			continue
		}
		seen[m.key] = true
		if c.num == nil {
			if fe := checkText(m.key, m.raw); fe != nil {
				fields = append(fields, fe)
				continue
			}
		}
		var err error
		var want string
		switch {
		case c.str != nil:
			err, want = json.Unmarshal(m.raw, c.str(&p)), "a string"
		case c.list != nil:
			err, want = json.Unmarshal(m.raw, c.list(&p)), "a list of strings"
		default:
			err, want = json.Unmarshal(m.raw, c.num(&p)), "an integer"
		}
		if err != nil {
			fields = append(fields, &FieldError{Field: m.key, Value: rawValue(m.raw), Reason: "must be " + want})
		}
	}
	if len(fields) > 0 {
		return p, &ValidationError{ID: strings.TrimSpace(p.ID), Fields: fields}
	}
	return p, nil
}

// extraKey is the JSON key of Profile.Extra. Extra is not in columns:
// its CSV form is a column per key of the map (see WriteCSV).
const extraKey = "extra"

// decodeExtra decodes raw, the JSON value of "extra", into p.Extra and
// returns its problems. As for the other keys, a string that is not valid
// UTF-8 is reported rather than turned into U+FFFD, and a key given twice
// is an error rather than the last one silently winning; both name the
// key (extra[key]).
func decodeExtra(p *Profile, raw json.RawMessage) []*FieldError {
	if err := json.Unmarshal(raw, &p.Extra); err != nil {
		p.Extra = nil
		return []*FieldError{{Field: extraKey, Value: rawValue(raw), Reason: "must be an object of strings"}}
	}
	if raw[0] != '{' { // null
		return nil
	}
	var fields []*FieldError
	seen := map[string]bool{}
	// raw is valid JSON (decodeObject checked it) and an object of
	// strings (Unmarshal succeeded): walk its members as decodeObject does.
	for i := skipSpace(raw, 1); raw[i] != '}'; {
		end := endOfValue(raw, i)
		lit := raw[i:end]
		i = skipSpace(raw, skipSpace(raw, end)+1) // past the colon
		vend := endOfValue(raw, i)
		val := raw[i:vend]
		i = skipSpace(raw, vend)
		if raw[i] == ',' {
			i = skipSpace(raw, i+1)
		}
		if !validJSONString(lit) {
			fields = append(fields, &FieldError{Field: extraKey, Value: excerpt(string(lit[1 : len(lit)-1])), Reason: "key not valid UTF-8"})
			continue
		}
		var k string
		json.Unmarshal(lit, &k) // cannot fail: a valid string literal
		field := extraKey + "[" + excerpt(k) + "]"
		switch {
		case seen[k]:
			fields = append(fields, &FieldError{Field: field, Value: rawValue(val), Reason: "duplicate key"})
		case !validJSONString(val):
			fields = append(fields, &FieldError{Field: field, Value: excerpt(string(val[1 : len(val)-1])), Reason: "not valid UTF-8"})
		}
		seen[k] = true
	}
	if len(fields) > 0 {
		p.Extra = nil // as a list with a bad item is not decoded: no second report
	}
	return fields
}

// checkText returns a *FieldError if raw, a JSON string or array of
// strings (values of other types are left to decoding), holds a string
// that is not valid UTF-8: bytes that are not UTF-8, or an escaped lone
// UTF-16 surrogate (\ud800). encoding/json would silently store U+FFFD
// for either, so the profile would not say what the input said; CSV
// refuses such cells too. The error names the list item (offers[2]) and
// gives the string as written, without its quotes.
func checkText(key string, raw json.RawMessage) *FieldError {
	// Most values are valid UTF-8 without surrogate escapes: one pass.
	if utf8.Valid(raw) && !bytes.Contains(raw, []byte(`\ud`)) && !bytes.Contains(raw, []byte(`\uD`)) {
		return nil
	}
	bad := func(field string, lit []byte) *FieldError {
		return &FieldError{Field: field, Value: excerpt(string(lit[1 : len(lit)-1])), Reason: "not valid UTF-8"}
	}
	switch raw[0] {
	case '"':
		if !validJSONString(raw) {
			return bad(key, raw)
		}
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil // not a list of strings: decoding says so
		}
		for i, it := range items {
			if len(it) > 0 && it[0] == '"' && !validJSONString(it) {
				return bad(fmt.Sprintf("%s[%d]", key, i), it)
			}
		}
	}
	return nil
}

// validJSONString reports whether lit, a valid JSON string literal with
// its quotes, decodes to valid UTF-8: it holds only UTF-8 and its \u
// escapes of surrogates come in high-low pairs.
func validJSONString(lit []byte) bool {
	b := lit[1 : len(lit)-1]
	for i := 0; i < len(b); {
		if b[i] != '\\' {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n <= 1 {
				return false
			}
			i += n
			continue
		}
		if b[i+1] != 'u' {
			i += 2
			continue
		}
		r := hex4(b[i+2 : i+6])
		i += 6
		switch {
		case r >= 0xDC00 && r < 0xE000: // a low surrogate first
			return false
		case r >= 0xD800 && r < 0xDC00: // a high one needs a low one next
			if i+6 > len(b) || b[i] != '\\' || b[i+1] != 'u' {
				return false
			}
			if lo := hex4(b[i+2 : i+6]); lo < 0xDC00 || lo >= 0xE000 {
				return false
			}
			i += 6
		}
	}
	return true
}

// hex4 returns the value of four hexadecimal digits, which json.Valid
// has checked.
func hex4(h []byte) rune {
	var r rune
	for _, c := range h {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// rawValue returns a JSON value for an error message: strings unquoted,
// everything else as written, cut to 64 bytes.
func rawValue(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	const limit = 64
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}

// WriteJSONL writes ps in JSON Lines form, one object per line, with the
// keys of Profile; empty optional fields are omitted. Reading the output
// with ReadJSONL gives ps back exactly if ps are valid and normalised.
func WriteJSONL(w io.Writer, ps []Profile) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range ps {
		if err := enc.Encode(&ps[i]); err != nil {
			return fmt.Errorf("profile: writing %q: %v", ps[i].ID, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("profile: writing: %w", err)
	}
	return nil
}

// partnershipKeys lists the JSON keys of Partnership.
var partnershipKeys = []string{"id", "name", "members", "target_markets"}

// ReadPartnerships reads known partnerships in the file form
//
//	{"partnerships": [{"id": ..., "name": ..., "members": [ids], "target_markets": [...]}, ...]}
//
// Each partnership is normalised (text trimmed, markets canonicalised as by
// CanonicalCountry, empty and repeated members and markets dropped) and
// checked: a valid id (ValidID), at least one member, valid member ids,
// known markets, strings of valid UTF-8 (as for ReadJSONLWith). Unknown keys and a repeated id are errors. As with
// ReadJSON, it returns the good partnerships and an error joining one
// *RecordError per bad one, with its line and position.
func ReadPartnerships(r io.Reader) ([]Partnership, error) {
	var c collector // gathers the errors; the partnerships go to out
	rd := newReader(ReadOptions{}, c.add)
	var out []Partnership
	err := walkArray(r, rd, true, func(raw []byte, line, index int) bool {
		pa, err := decodePartnership(raw)
		if errors.Is(err, ErrSyntax) {
			return rd.fail(&RecordError{Line: line, Record: index, Err: err})
		}
		// As for profiles, a bad record with a valid id claims it.
		if ValidID(pa.ID) {
			if first, ok := rd.lines[pa.ID]; ok {
				return rd.fail(&RecordError{Line: line, Record: index, ID: pa.ID,
					Err: &DuplicateError{ID: pa.ID, FirstLine: first, Line: line}})
			}
			rd.lines[pa.ID] = line
		}
		if err != nil {
			return rd.fail(&RecordError{Line: line, Record: index, ID: pa.ID, Err: err})
		}
		out = append(out, pa)
		return false
	})
	if err != nil {
		rd.fail(err)
	}
	_, err = c.result(ReadOptions{})
	return out, err
}

// decodePartnership decodes, normalises and validates one partnership.
func decodePartnership(b []byte) (Partnership, error) {
	var pa Partnership
	ms, err := decodeObject(b)
	if err != nil {
		return pa, err
	}
	var fields []*FieldError
	bad := map[string]bool{}
	seen := map[string]bool{}
	for _, m := range ms {
		var dst any
		want := "a list of strings"
		switch m.key {
		case "id":
			dst, want = &pa.ID, "a string"
		case "name":
			dst, want = &pa.Name, "a string"
		case "members":
			dst = &pa.Members
		case "target_markets":
			dst = &pa.TargetMarkets
		default:
			fields = append(fields, &FieldError{Field: m.key, Value: rawValue(m.raw),
				Reason: "unknown key (want " + strings.Join(partnershipKeys, ", ") + ")"})
			continue
		}
		if seen[m.key] {
			fields = append(fields, &FieldError{Field: m.key, Value: rawValue(m.raw), Reason: "duplicate key"})
			continue
		}
		seen[m.key] = true
		if fe := checkText(m.key, m.raw); fe != nil {
			bad[m.key] = true
			fields = append(fields, fe)
			continue
		}
		if err := json.Unmarshal(m.raw, dst); err != nil {
			bad[m.key] = true
			fields = append(fields, &FieldError{Field: m.key, Value: rawValue(m.raw), Reason: "must be " + want})
		}
	}
	pa.ID = strings.TrimSpace(pa.ID)
	pa.Name = strings.TrimSpace(pa.Name)
	pa.Members = normList(pa.Members, func(s string) string { return s })
	pa.TargetMarkets = normList(pa.TargetMarkets, func(s string) string {
		s = strings.ToUpper(s)
		if c, ok := CanonicalCountry(s); ok {
			return c
		}
		return s
	})
	if !bad["id"] && !ValidID(pa.ID) {
		fields = append(fields, &FieldError{Field: "id", Value: pa.ID, Reason: "must be 1-128 letters, digits, '.', '_', '-' or ':'"})
	}
	if !bad["members"] && len(pa.Members) == 0 {
		fields = append(fields, &FieldError{Field: "members", Value: "", Reason: "needs at least one member id"})
	}
	for i, m := range pa.Members {
		if !ValidID(m) {
			fields = append(fields, &FieldError{Field: fmt.Sprintf("members[%d]", i), Value: m, Reason: "must be 1-128 letters, digits, '.', '_', '-' or ':'"})
		}
	}
	for i, m := range pa.TargetMarkets {
		if c, ok := CanonicalCountry(m); !ok || c != m {
			fields = append(fields, &FieldError{Field: fmt.Sprintf("target_markets[%d]", i), Value: m, Reason: "not an ISO 3166-1 alpha-2 country code"})
		}
	}
	if len(fields) > 0 {
		return pa, &ValidationError{What: "partnership", ID: pa.ID, Fields: fields}
	}
	return pa, nil
}

// WritePartnerships writes ps in the file form read by ReadPartnerships,
// one partnership per line. Reading the output gives ps back exactly if ps
// are valid and normalised (as ReadPartnerships returns them).
func WritePartnerships(w io.Writer, ps []Partnership) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"partnerships": [`)
	for i := range ps {
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(&ps[i]); err != nil {
			return fmt.Errorf("profile: writing partnership %q: %v", ps[i].ID, err)
		}
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n]}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("profile: writing: %w", err)
	}
	return nil
}
