package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"slices"

	"github.com/clustergo/partnermatch/profile"
)

// The src field of a document holds its normalised profile as a record: a
// format byte, the CRC-32C of the rest, and the profile's fields in a
// fixed order. A read checks the record with the checksum, which sees any
// changed byte, and decodes it without reflection. Documents written
// before MappingVersion 3 hold the profile as JSON, whose first byte is
// '{'; a read checks those by validating the profile again (checkStored),
// which sees only changes that make it invalid, and which took two thirds
// of Open's time at 100,000 profiles with json.Unmarshal most of the rest.
//
// Layout of a record of format recordV1:
//
//	byte 0     recordV1
//	bytes 1-4  CRC-32C (Castagnoli) of the payload, little-endian
//	payload    id name kind country region city website language
//	           description label: strings (uvarint length, bytes)
//	           uvarint: the number of items of all the lists below
//	           sectors categories industries ecosystems technologies
//	           offers needs target_markets partnerships: lists (uvarint
//	           count, strings)
//	           members smes founded: varints (zig-zag)
//	           extra: uvarint count, then key and value strings, keys
//	           ascending
//
// A change to profile.Profile's fields needs a new format byte, and the
// reader keeps the old one: TestRecordCoversProfile fails until then.
const recordV1 = 0x01

// recordHeader is the size of a record before its payload.
const recordHeader = 1 + 4

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// The fields of a profile in the order of a record. p's own fields are
// pointed to, so that the encoder and the decoder walk one list.
func recordStrings(p *profile.Profile) [10]*string {
	return [...]*string{&p.ID, &p.Name, &p.Kind, &p.Country, &p.Region, &p.City, &p.Website,
		&p.Language, &p.Description, &p.Label}
}

func recordLists(p *profile.Profile) [9]*[]string {
	return [...]*[]string{&p.Sectors, &p.Categories, &p.Industries, &p.Ecosystems,
		&p.Technologies, &p.Offers, &p.Needs, &p.TargetMarkets, &p.Partnerships}
}

func recordInts(p *profile.Profile) [3]*int {
	return [...]*int{&p.Members, &p.SMEs, &p.Founded}
}

// appendRecord appends the record of p to dst.
func appendRecord(dst []byte, p *profile.Profile) []byte {
	dst = append(dst, recordV1, 0, 0, 0, 0)
	start := len(dst)
	for _, s := range recordStrings(p) {
		dst = appendString(dst, *s)
	}
	lists := recordLists(p)
	items := 0
	for _, l := range lists {
		items += len(*l)
	}
	dst = binary.AppendUvarint(dst, uint64(items))
	for _, l := range lists {
		dst = binary.AppendUvarint(dst, uint64(len(*l)))
		for _, s := range *l {
			dst = appendString(dst, s)
		}
	}
	for _, v := range recordInts(p) {
		dst = binary.AppendVarint(dst, int64(*v))
	}
	dst = binary.AppendUvarint(dst, uint64(len(p.Extra)))
	for _, k := range slices.Sorted(maps.Keys(p.Extra)) {
		dst = appendString(appendString(dst, k), p.Extra[k])
	}
	binary.LittleEndian.PutUint32(dst[start-4:start], crc32.Checksum(dst[start:], castagnoli))
	return dst
}

func appendString(dst []byte, s string) []byte {
	return append(binary.AppendUvarint(dst, uint64(len(s))), s...)
}

// errNoSource is the error of a stored document without its profile.
var errNoSource = errors.New("holds no profile")

// decodeStored decodes the stored profile with the given id, a record or
// JSON, into p and checks it. An error means the stored bytes changed.
//
// The strings of a profile decoded from a record share one allocation.
func decodeStored(src []byte, id string, p *profile.Profile) error {
	switch {
	case len(src) == 0:
		return errNoSource
	case src[0] == recordV1:
		if err := decodeRecord(src, p); err != nil {
			return err
		}
	case src[0] == '{':
		if err := json.Unmarshal(src, p); err != nil {
			return err
		}
		if err := checkStored(*p); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown format %#02x", src[0])
	}
	if p.ID != id {
		return fmt.Errorf("holds id %q", p.ID)
	}
	return nil
}

// verifyStored checks the stored profile src without decoding it, where
// that is cheap: the checksum of a record. JSON is checked when decoded.
func verifyStored(src []byte) error {
	switch {
	case len(src) == 0:
		return errNoSource
	case src[0] == recordV1:
		_, err := checkRecord(src)
		return err
	case src[0] == '{':
		return nil
	default:
		return fmt.Errorf("unknown format %#02x", src[0])
	}
}

// checkStored validates a profile read back from the store as JSON: it
// was valid when it was written, so an error means the stored bytes
// changed.
func checkStored(p profile.Profile) error {
	if _, err := profile.Clean(p); err != nil {
		return fmt.Errorf("no longer valid: %w", err)
	}
	return nil
}

// decodeRecord checks the record b and decodes it into p.
func decodeRecord(b []byte, p *profile.Profile) error {
	payload, err := checkRecord(b)
	if err != nil {
		return err
	}
	return parseRecord(payload, p)
}

// checkRecord checks the record b against its checksum and returns its
// payload.
func checkRecord(b []byte) ([]byte, error) {
	if len(b) < recordHeader {
		return nil, fmt.Errorf("record of %d bytes, shorter than its header", len(b))
	}
	payload := b[recordHeader:]
	if got, want := crc32.Checksum(payload, castagnoli), binary.LittleEndian.Uint32(b[1:]); got != want {
		return nil, fmt.Errorf("changed since written: CRC-32C %08x, written %08x", got, want)
	}
	return payload, nil
}

// parseRecord decodes a record's payload into p. It never allocates more
// than a few times len(b), whatever b holds.
func parseRecord(b []byte, p *profile.Profile) error {
	r := recordReader{b: b, s: string(b)}
	*p = profile.Profile{}
	for _, s := range recordStrings(p) {
		*s = r.str()
	}
	total := r.count(1) // every item takes a byte at least
	items := make([]string, 0, total)
	for _, l := range recordLists(p) {
		n := r.count(1)
		if n > total-len(items) {
			r.fail("more list items than the %d announced", total)
		}
		if r.err != nil {
			break
		}
		start := len(items)
		for range n {
			items = append(items, r.str())
		}
		if n > 0 {
			*l = items[start:len(items):len(items)] // an append by the caller copies
		}
	}
	if r.err == nil && len(items) != total {
		r.fail("%d list items, %d announced", len(items), total)
	}
	for _, v := range recordInts(p) {
		*v = r.int()
	}
	if n := r.count(2); n > 0 {
		p.Extra = make(map[string]string, n)
		prev := ""
		for i := range n {
			k, v := r.str(), r.str()
			if i > 0 && k <= prev {
				r.fail("extra key %q after %q", k, prev)
			}
			if r.err != nil {
				break
			}
			p.Extra[k], prev = v, k
		}
	}
	if r.err == nil && r.off != len(b) {
		r.fail("%d bytes after the last field", len(b)-r.off)
	}
	if r.err != nil {
		*p = profile.Profile{}
	}
	return r.err
}

// A recordReader reads a record's payload b, whose copy s the strings
// read share. The first error sticks; reads after it return zero values.
type recordReader struct {
	b   []byte
	s   string
	off int
	err error
}

func (r *recordReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("bad record at byte %d: %s", recordHeader+r.off, fmt.Sprintf(format, args...))
	}
}

// count reads a length or a count of things that take at least size bytes
// each in the rest of the payload.
func (r *recordReader) count(size int) int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.fail("bad uvarint")
		return 0
	}
	r.off += n
	if v > uint64((len(r.b)-r.off)/size) {
		r.off -= n
		r.fail("count %d past the end", v)
		return 0
	}
	return int(v)
}

func (r *recordReader) str() string {
	n := r.count(1)
	if r.err != nil {
		return ""
	}
	s := r.s[r.off : r.off+n]
	r.off += n
	return s
}

func (r *recordReader) int() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 || int64(int(v)) != v {
		r.fail("bad varint")
		return 0
	}
	r.off += n
	return int(v)
}
