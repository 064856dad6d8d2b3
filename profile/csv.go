package profile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ListSeparator separates the items of a list in a CSV cell.
const ListSeparator = ";"

// extraColumn starts the name of the CSV column of a key of Extra:
// extra.crm_id holds Extra["crm_id"].
const extraColumn = "extra."

// requiredColumns must be in every CSV header: without them no record
// could be valid.
var requiredColumns = []string{"id", "name", "country"}

// ReadCSV reads profiles from CSV with the strict default options. It is
// ReadCSVWith(r, ReadOptions{}).
func ReadCSV(r io.Reader) ([]Profile, error) {
	return ReadCSVWith(r, ReadOptions{})
}

// ReadCSVWith reads profiles from CSV (RFC 4180, comma-separated). The
// first record is a header naming the columns with the JSON keys of
// Profile (see Keys), in any order, matched after trimming and in any case;
// a leading UTF-8 byte order mark is ignored. A column extra.<key> holds
// the value of that key of Extra, a non-empty cell giving the key; the key
// itself is matched as written and must be valid (see Profile.Extra). The columns id, name and
// country are required, the others optional. An unknown column is an error
// unless opt.Lenient, and then ignored. Header errors are fatal: no profile
// is returned.
//
// List cells hold items separated by ListSeparator (";"); numbers are
// decimal integers, and an empty cell means zero. Records whose cells are
// all empty are skipped, as blank lines are. Cells must be valid UTF-8.
//
// Each record is then handled as by ReadJSONLWith: normalised, validated,
// duplicates dropped, and every bad record reported as a *RecordError with
// the line where the record starts, all joined with errors.Join. A number
// that does not parse is reported as a *FieldError naming the column, inside
// the record's *ValidationError. A record with the wrong number of cells, or
// malformed quoting, is reported as matching ErrSyntax and reading goes on
// with the next record. opt.MaxLineBytes does not apply. ReadCSVWith
// collects what [ReadCSVSeq] yields.
func ReadCSVWith(r io.Reader, opt ReadOptions) ([]Profile, error) {
	var c collector
	if err := scanCSV(r, opt, c.add); err != nil {
		return nil, err
	}
	return c.result(opt)
}

// ReadCSVSeq returns an iterator over the records of r in CSV form, read
// under the rules of [ReadCSVWith] as the loop asks for them, one record
// in memory at a time. Each good profile is yielded with a nil error; each
// bad record as the zero Profile and its *RecordError, and reading goes on
// (with opt.FailFast it stops after the first). A header error is yielded
// alone, as is an error reading r, last. Breaking out of the loop stops
// reading. The iterator reads r itself: range over it once.
func ReadCSVSeq(r io.Reader, opt ReadOptions) iter.Seq2[Profile, error] {
	return func(yield func(Profile, error) bool) {
		if err := scanCSV(r, opt, yield); err != nil {
			yield(Profile{}, err)
		}
	}
}

// scanCSV is the CSV reader: it yields every record of r. A header error
// is returned instead, before anything is yielded, so that ReadCSVWith
// can return it as it is (no profile can follow a bad header).
func scanCSV(r io.Reader, opt ReadOptions, yield func(Profile, error) bool) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, to report and go on
	rd := newReader(opt, yield)

	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return csvError(err, 1)
	}
	line, _ := cr.FieldPos(0)
	cols, err := csvHeader(header, opt.Lenient)
	if err != nil {
		return &RecordError{Line: line, Err: err}
	}

	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				rd.fail(fmt.Errorf("profile: reading CSV: %w", err))
				return nil
			}
			if rd.fail(csvError(err, 0)) {
				return nil
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if allEmpty(rec) {
			continue
		}
		if len(rec) != len(header) {
			err := syntaxf("record has %d fields, header has %d", len(rec), len(header))
			if rd.fail(&RecordError{Line: line, Err: err}) {
				return nil
			}
			continue
		}
		p, derr := decodeProfileCSV(rec, cols)
		if rd.add(p, derr, line, 0) {
			return nil
		}
	}
}

// csvError turns an error of encoding/csv into a *RecordError matching
// ErrSyntax, with csv's message but not its type.
func csvError(err error, line int) *RecordError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line = pe.StartLine
		err = pe.Err
		if pe.Line != pe.StartLine {
			err = fmt.Errorf("%v (on line %d)", err, pe.Line)
		}
	}
	return &RecordError{Line: line, Err: syntaxf("%v", err)}
}

// csvHeader maps each header cell to its column; an ignored column maps to
// the zero column.
func csvHeader(header []string, lenient bool) ([]column, error) {
	cols := make([]column, len(header))
	var fields []*FieldError
	seen := map[string]bool{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		key := strings.ToLower(strings.TrimSpace(h))
		c, ok := lookupColumn(key)
		if t := strings.TrimSpace(h); len(t) > len(extraColumn) && strings.EqualFold(t[:len(extraColumn)], extraColumn) {
			// The key as written, not lower-cased: a key that is not
			// lower case is reported, not silently changed.
			k := t[len(extraColumn):]
			if !validExtraKey(k) {
				fields = append(fields, &FieldError{Field: "header", Value: h,
					Reason: fmt.Sprintf("extra key must be 1-%d of a-z, 0-9, '_', '.' or '-'", MaxExtraKeyLen)})
				continue
			}
			key, c, ok = extraColumn+k, column{key: extraKey + "[" + k + "]", extra: k}, true
		}
		switch {
		case !ok && !lenient:
			fields = append(fields, &FieldError{Field: "header", Value: h, Reason: "unknown column"})
		case !ok:
		case seen[key]:
			fields = append(fields, &FieldError{Field: "header", Value: h, Reason: "duplicate column"})
		default:
			seen[key] = true
			cols[i] = c
		}
	}
	for _, k := range requiredColumns {
		if !seen[k] {
			fields = append(fields, &FieldError{Field: "header", Value: k, Reason: "missing required column"})
		}
	}
	if len(fields) > 0 {
		return nil, &ValidationError{What: "CSV header", Fields: fields}
	}
	return cols, nil
}

func allEmpty(rec []string) bool {
	for _, s := range rec {
		if s != "" {
			return false
		}
	}
	return true
}

// decodeProfileCSV fills a Profile from one CSV record. Cells that cannot
// be decoded come back together as a *ValidationError.
func decodeProfileCSV(rec []string, cols []column) (Profile, error) {
	var p Profile
	var fields []*FieldError
	for i, s := range rec {
		c := cols[i]
		switch {
		case c.key == "":
			continue
		case !utf8.ValidString(s):
			fields = append(fields, &FieldError{Field: c.key, Value: s, Reason: "not valid UTF-8"})
		case c.extra != "":
			// An empty cell is no value: each key has a column for
			// every profile, holding it or not.
			if s != "" {
				if p.Extra == nil {
					p.Extra = map[string]string{}
				}
				p.Extra[c.extra] = s
			}
		case c.str != nil:
			*c.str(&p) = s
		case c.list != nil:
			if s != "" {
				*c.list(&p) = strings.Split(s, ListSeparator)
			}
		default:
			t := strings.TrimSpace(s)
			if t == "" {
				continue
			}
			n, err := strconv.Atoi(t)
			if err != nil {
				fields = append(fields, &FieldError{Field: c.key, Value: t, Reason: "not an integer"})
				continue
			}
			*c.num(&p) = n
		}
	}
	if len(fields) > 0 {
		return p, &ValidationError{ID: strings.TrimSpace(p.ID), Fields: fields}
	}
	return p, nil
}

// WriteCSV writes ps as CSV: a header with every key of Profile in
// canonical order (Keys), then a column extra.<key> for each key of Extra
// that any profile has, in sorted order; then one record per profile,
// lists joined with ListSeparator, zero numbers and absent keys of Extra
// left empty. Reading the output with ReadCSV gives ps back exactly if ps
// are valid and normalised, except that some values cannot be written
// faithfully: a list item containing ";", text containing "\r\n" (which
// CSV readers turn into "\n") and an empty value of Extra (which reads
// back as no value). For those WriteCSV returns a *ValidationError naming
// the profile and the field, and writes nothing more; the records before
// it may have been written.
func WriteCSV(w io.Writer, ps []Profile) error {
	cw := csv.NewWriter(w)
	keySet := map[string]bool{}
	for i := range ps {
		for k := range ps[i].Extra {
			keySet[k] = true
		}
	}
	extra := slices.Sorted(maps.Keys(keySet))
	header := Keys()
	for _, k := range extra {
		header = append(header, extraColumn+k)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("profile: writing CSV: %w", err)
	}
	rec := make([]string, len(header))
	for i := range ps {
		p := &ps[i]
		var fields []*FieldError
		for j, c := range columns {
			switch {
			case c.str != nil:
				s := *c.str(p)
				if strings.Contains(s, "\r\n") {
					fields = append(fields, &FieldError{Field: c.key, Value: s, Reason: `contains "\r\n", which CSV cannot keep`})
				}
				rec[j] = s
			case c.list != nil:
				l := *c.list(p)
				for k, s := range l {
					if strings.Contains(s, ListSeparator) {
						fields = append(fields, &FieldError{Field: fmt.Sprintf("%s[%d]", c.key, k), Value: s,
							Reason: "contains the CSV list separator " + strconv.Quote(ListSeparator)})
					}
				}
				if len(l) == 1 && l[0] == "" {
					// An empty cell reads back as no list; Normalize drops
					// empty items anyway.
					l = nil
				}
				rec[j] = strings.Join(l, ListSeparator)
			default:
				rec[j] = ""
				if n := *c.num(p); n != 0 {
					rec[j] = strconv.Itoa(n)
				}
			}
		}
		for j, k := range extra {
			v, ok := p.Extra[k]
			field := extraKey + "[" + k + "]"
			switch {
			case ok && v == "":
				fields = append(fields, &FieldError{Field: field, Value: v, Reason: "empty, which CSV reads back as no value"})
			case strings.Contains(v, "\r\n"):
				fields = append(fields, &FieldError{Field: field, Value: v, Reason: `contains "\r\n", which CSV cannot keep`})
			}
			rec[len(columns)+j] = v
		}
		if len(fields) > 0 {
			cw.Flush()
			return &ValidationError{What: "profile for CSV", ID: p.ID, Fields: fields}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("profile: writing CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("profile: writing CSV: %w", err)
	}
	return nil
}
