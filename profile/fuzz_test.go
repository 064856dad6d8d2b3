package profile_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

// Seeds shared by the fuzzers; testdata/fuzz holds the inputs they found.
var fuzzSeeds = []string{
	"",
	"\n\n",
	good1 + "\n" + good2 + "\n" + good3,
	`{"id":"x","name":"X","country":"DE","members":"abc","colour":1}`,
	`{"id":"x","name":"X","country":"gr","region":"el30","sectors":["2720","c27.2"],"target_markets":["uk"],"offers":["a;b"]}`,
	`{"id":"x","name":"two\r\nlines","country":"DE","description":"\u00a0 x \u2028"}`,
	`[` + good1 + `,` + good2 + `]`,
	`{"partnerships":[{"id":"p1","members":["a","b"],"target_markets":["us"]}]}`,
	csvHeader + "\na,A,cluster,DE,,,,en,,C27;C28,,,,,,,,,,1990,,\n",
	"id,name,country,members\na,A,DE,12\nb,\"B\n\",FR,abc\n",
	"id,name,country\n\"a\"b,A,DE\n",
	"{\n" + good1 + "\n" + good1,
	`{"id":"x","name":"X` + "\xff" + `","country":"DE","offers":["\ud800","\ud83d\ude00"]}`,
	`{"id":"x","name":"X","country":"DE","extra":{"crm_id":" 4711 ","b":"","n\u006fte":"a\nb","x":"\ud800"}}` + "\n" +
		`{"id":"y","name":"Y","country":"DE","extra":{"a":"1","a":"2","B":"` + "\xff" + `"}}`,
	"id,name,country,extra.crm_id,Extra.a.b\na,A,DE,4711,\nb,B,FR,,\" x\r\ny \"\n",
}

func addSeeds(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
}

// roundTrip checks that ps, as read by a reader, survive writing and
// reading back through JSON Lines and, if WriteCSV can write them, CSV.
func roundTrip(t *testing.T, ps []profile.Profile) {
	if len(ps) == 0 {
		return
	}
	var jsonl bytes.Buffer
	require.NoError(t, profile.WriteJSONL(&jsonl, ps), "WriteJSONL(%#v)", ps)
	back, err := profile.ReadJSONL(&jsonl)
	require.NoError(t, err, "ReadJSONL(WriteJSONL(%#v))", ps)
	assert.Equal(t, ps, back, "JSONL round trip")

	var csvOut bytes.Buffer
	if profile.WriteCSV(&csvOut, ps) != nil {
		return // some values cannot be written to CSV; WriteCSV says so
	}
	back, err = profile.ReadCSV(&csvOut)
	require.NoError(t, err, "ReadCSV(WriteCSV(%#v))", ps)
	assert.Equal(t, ps, back, "CSV round trip")
}

func FuzzReadJSONL(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, _ := profile.ReadJSONLWith(bytes.NewReader(data), profile.ReadOptions{MaxLineBytes: 1 << 10})
		roundTrip(t, ps)

		// A line read without error decodes as encoding/json decodes it.
		for _, line := range bytes.Split(data, []byte("\n")) {
			got, err := profile.ReadJSONL(bytes.NewReader(line))
			if err != nil || len(got) != 1 {
				continue
			}
			var want profile.Profile
			require.NoError(t, json.Unmarshal(line, &want), "json.Unmarshal(%q) of a line ReadJSONL accepts", line)
			want.Normalize()
			assert.Equal(t, want, got[0], "ReadJSONL(%q) and json.Unmarshal differ", line)
		}
		// The iterator yields what the slice form returns, in order, and a
		// loop may break anywhere (the runtime panics if it yields on).
		var seq []profile.Profile
		for p, err := range profile.ReadJSONLSeq(bytes.NewReader(data), profile.ReadOptions{MaxLineBytes: 1 << 10}) {
			if err == nil {
				seq = append(seq, p)
			}
		}
		assert.Equal(t, ps, seq, "ReadJSONLSeq and ReadJSONLWith differ")
		for range profile.ReadJSONLSeq(bytes.NewReader(data), profile.ReadOptions{}) {
			break
		}

		lenient, _ := profile.ReadJSONLWith(bytes.NewReader(data), profile.ReadOptions{Lenient: true, MaxLineBytes: 1 << 10})
		assert.GreaterOrEqual(t, len(lenient), len(ps), "lenient reading keeps at least what strict reading keeps")
		roundTrip(t, lenient)
	})
}

func FuzzReadJSON(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, _ := profile.ReadJSON(bytes.NewReader(data))
		roundTrip(t, ps)
	})
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, _ := profile.ReadCSV(bytes.NewReader(data))
		roundTrip(t, ps)
		lenient, _ := profile.ReadCSVWith(bytes.NewReader(data), profile.ReadOptions{Lenient: true})
		roundTrip(t, lenient)
	})
}

func FuzzReadPartnerships(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, _ := profile.ReadPartnerships(bytes.NewReader(data))
		if len(ps) == 0 {
			return
		}
		var b bytes.Buffer
		require.NoError(t, profile.WritePartnerships(&b, ps), "WritePartnerships(%#v)", ps)
		back, err := profile.ReadPartnerships(&b)
		require.NoError(t, err, "ReadPartnerships(WritePartnerships(%#v))", ps)
		assert.Equal(t, ps, back, "partnerships round trip")
	})
}
