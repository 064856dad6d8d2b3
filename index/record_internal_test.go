package index

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
	"github.com/clustergo/partnermatch/profile/synth"
)

// recordSamples returns normalised profiles for record tests: synthetic
// ones, one with extra data and one with nothing optional.
func recordSamples(t testing.TB) []profile.Profile {
	t.Helper()
	w, err := synth.Default()
	require.NoError(t, err)
	ps := []profile.Profile{
		{ID: "bare", Name: "B", Country: "DE"},
		{ID: "extra", Name: "Extra – ünïcode", Country: "FR", Offers: []string{"a"},
			Extra: map[string]string{"crm.id": "42", "a": "", "z-z": "\u00e9\n\"x\""}},
	}
	ps = append(ps, w.Profiles[:50]...)
	for i := range ps {
		p, err := profile.Clean(ps[i])
		require.NoError(t, err, ps[i].ID)
		ps[i] = p
	}
	return ps
}

// TestRecordRoundTrip checks that a record decodes to what the JSON the
// package wrote before decodes to, so that a profile reads back the same
// whichever form stores it.
func TestRecordRoundTrip(t *testing.T) {
	for _, p := range recordSamples(t) {
		b, err := json.Marshal(&p)
		require.NoError(t, err)
		var want, fromJSON, got profile.Profile
		require.NoError(t, json.Unmarshal(b, &want))
		require.NoError(t, decodeStored(b, p.ID, &fromJSON), "JSON of %s", p.ID)
		require.NoError(t, decodeStored(appendRecord(nil, &p), p.ID, &got), "record of %s", p.ID)
		assert.Equal(t, want, fromJSON, p.ID)
		assert.Equal(t, want, got, p.ID)
	}
}

// TestRecordCoversProfile fills every field of profile.Profile through
// reflection and checks that the record keeps it: a field added to the
// profile fails here until the record holds it (in a new format).
func TestRecordCoversProfile(t *testing.T) {
	var p profile.Profile
	v := reflect.ValueOf(&p).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch f.Interface().(type) {
		case string:
			f.SetString(name + "-value")
		case int:
			f.SetInt(int64(-1000 - i))
		case []string:
			f.Set(reflect.ValueOf([]string{name + "-1", "", name + "-3"}))
		case map[string]string:
			f.Set(reflect.ValueOf(map[string]string{name + "-k": "v", "": "empty key"}))
		default:
			t.Fatalf("profile.Profile.%s is a %s, which the record does not hold", name, f.Type())
		}
	}
	var got profile.Profile
	require.NoError(t, decodeStored(appendRecord(nil, &p), p.ID, &got))
	assert.Equal(t, p, got)
}

// TestRecordDamage changes every byte of a record, and cuts it at every
// length: each change is an error, never a profile.
func TestRecordDamage(t *testing.T) {
	for _, p := range recordSamples(t)[:3] {
		rec := appendRecord(nil, &p)
		for i := range rec {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				b := append([]byte(nil), rec...)
				b[i] ^= mask
				var got profile.Profile
				assert.Error(t, decodeStored(b, p.ID, &got), "%s: byte %d ^ %#x", p.ID, i, mask)
				assert.Error(t, verifyStored(b), "%s: byte %d ^ %#x", p.ID, i, mask)
			}
		}
		for n := range len(rec) {
			var got profile.Profile
			assert.Error(t, decodeStored(rec[:n], p.ID, &got), "%s cut at %d", p.ID, n)
		}
		var got profile.Profile
		assert.ErrorContains(t, decodeStored(rec, "other", &got), `holds id "`+p.ID+`"`)
	}
}

// TestRecordShared checks that lists decoded from one record do not share
// room: appending to one leaves the next as it was.
func TestRecordShared(t *testing.T) {
	p := profile.Profile{ID: "x", Name: "X", Country: "DE", Technologies: []string{"a"}, Offers: []string{"b", "c"}}
	var got profile.Profile
	require.NoError(t, decodeStored(appendRecord(nil, &p), "x", &got))
	_ = append(got.Technologies, "z")
	assert.Equal(t, []string{"b", "c"}, got.Offers)
}

// FuzzRecord decodes arbitrary stored bytes, and arbitrary payloads
// with a correct checksum (which random changes do not keep): decoding
// never panics, and a payload that decodes is encoded and decoded again
// unchanged.
func FuzzRecord(f *testing.F) {
	for _, p := range recordSamples(f)[:5] {
		rec := appendRecord(nil, &p)
		f.Add(rec)
		f.Add(rec[recordHeader:])
		b, _ := json.Marshal(&p)
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{recordV1})
	f.Add([]byte(strconv.Quote("x")))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p profile.Profile
		_ = decodeStored(data, "x", &p)
		_ = verifyStored(data)
		if err := parseRecord(data, &p); err != nil {
			assert.Equal(t, profile.Profile{}, p, "a failed decode leaves nothing")
			return
		}
		rec := appendRecord(nil, &p)
		var q profile.Profile
		require.NoError(t, decodeStored(rec, p.ID, &q))
		require.Equal(t, p, q)
		require.NoError(t, verifyStored(rec))
	})
}
