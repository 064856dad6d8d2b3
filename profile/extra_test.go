package profile_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clustergo/partnermatch/profile"
)

func TestValidateExtra(t *testing.T) {
	many := func(n int) map[string]string {
		m := make(map[string]string, n)
		for i := range n {
			m[fmt.Sprintf("k%d", i)] = "v"
		}
		return m
	}
	tests := []struct {
		name  string
		extra map[string]string
		field string // "" means valid
		value string // the FieldError's value
		limit bool   // the error is over a limit (ErrTooLarge)
	}{
		{name: "nil", extra: nil},
		{name: "empty", extra: map[string]string{}},
		{name: "portal keys", extra: map[string]string{"crm_id": "4711", "portal.url": "https://example.org/x", "a-b": ""}},
		{name: "value kept untrimmed", extra: map[string]string{"note": "  two\nlines  "}},
		{name: "keys at the limit", extra: many(profile.MaxExtraKeys)},
		{name: "key at the limit", extra: map[string]string{strings.Repeat("k", profile.MaxExtraKeyLen): "v"}},
		{name: "value at the limit", extra: map[string]string{"v": strings.Repeat("é", profile.MaxItemLen/2)}},
		{name: "too many keys", extra: many(profile.MaxExtraKeys + 1), field: "extra", limit: true},
		{name: "key over", extra: map[string]string{strings.Repeat("k", profile.MaxExtraKeyLen+1): "v"},
			field: "extra[" + strings.Repeat("k", profile.MaxExtraKeyLen+1) + "]", value: strings.Repeat("k", profile.MaxExtraKeyLen+1), limit: true},
		{name: "value over", extra: map[string]string{"v": strings.Repeat("x", profile.MaxItemLen+1)},
			field: "extra[v]", value: strings.Repeat("x", 128) + "...", limit: true},
		{name: "empty key", extra: map[string]string{"": "v"}, field: "extra[]", value: ""},
		{name: "upper-case key", extra: map[string]string{"CRM": "v"}, field: "extra[CRM]", value: "CRM"},
		{name: "key with space", extra: map[string]string{"crm id": "v"}, field: "extra[crm id]", value: "crm id"},
		{name: "non-ASCII key", extra: map[string]string{"größe": "v"}, field: "extra[größe]", value: "größe"},
		{name: "value not UTF-8", extra: map[string]string{"v": "a\xffb"}, field: "extra[v]", value: "a\xffb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile.Profile{ID: "x", Name: "X", Country: "DE", Extra: tt.extra}
			err := p.Validate()
			if tt.field == "" {
				assert.NoError(t, err, "Validate(extra %v)", tt.extra)
				return
			}
			require.ErrorIs(t, err, profile.ErrInvalid, "Validate(extra %v)", tt.extra)
			var fe *profile.FieldError
			require.ErrorAs(t, err, &fe, "Validate(extra %v)", tt.extra)
			assert.Equal(t, tt.field, fe.Field, "FieldError.Field")
			if tt.field != "extra" {
				assert.Equal(t, tt.value, fe.Value, "FieldError.Value")
			}
			assert.Equal(t, tt.limit, errors.Is(err, profile.ErrTooLarge), "errors.Is(err, ErrTooLarge): %v", err)
			if tt.limit {
				var le *profile.LimitError
				require.ErrorAs(t, err, &le)
				assert.Equal(t, tt.field, le.Field, "LimitError.Field")
			}
		})
	}
}

func TestExtraCloneNormalizeSize(t *testing.T) {
	p := profile.Profile{ID: "x", Name: "X", Country: "DE", Extra: map[string]string{"crm_id": " 4711 "}}
	c := p.Clone()
	assert.Equal(t, p, c, "Clone")
	c.Extra["crm_id"] = "changed"
	assert.Equal(t, " 4711 ", p.Extra["crm_id"], "changing the clone's Extra must not change the original")
	assert.Nil(t, profile.Profile{}.Clone().Extra, "Clone keeps a nil Extra nil")

	c = p.Clone()
	c.Normalize()
	assert.Equal(t, map[string]string{"crm_id": " 4711 "}, c.Extra, "Normalize leaves Extra as given")
	empty := profile.Profile{Extra: map[string]string{}}
	empty.Normalize()
	assert.Nil(t, empty.Extra, "Normalize makes an empty Extra nil")

	assert.Equal(t, len("x")+len("X")+len("DE")+len("crm_id")+len(" 4711 "), p.Size(), "Size counts Extra's keys and values")
}

func TestReadExtra(t *testing.T) {
	const head = `{"id":"x","name":"X","country":"DE","extra":`
	tests := []struct {
		name  string
		in    string
		want  map[string]string // for a good record
		field string            // for a bad one: the first FieldError's field...
		value string            // ...and value
	}{
		{name: "object", in: head + `{"crm_id":"4711","url":"https://example.org/a?b=1&c=2"}}`,
			want: map[string]string{"crm_id": "4711", "url": "https://example.org/a?b=1&c=2"}},
		{name: "null", in: head + `null}`},
		{name: "empty", in: head + `{}}`},
		{name: "escapes", in: head + `{"n\u006fte":"\ud83d\ude00 \"q\""}}`, want: map[string]string{"note": "😀 \"q\""}},
		{name: "not an object", in: head + `["a"]}`, field: "extra", value: `["a"]`},
		{name: "number value", in: head + `{"a":1}}`, field: "extra", value: `{"a":1}`},
		{name: "duplicate key", in: head + `{"a":"1","a":"2"}}`, field: "extra[a]", value: "2"},
		{name: "duplicate extra", in: head + `{"a":"1"},"extra":{}}`, field: "extra", value: "{}"},
		{name: "value not UTF-8", in: head + `{"a":"x` + "\xff" + `"}}`, field: "extra[a]", value: "x\xff"},
		{name: "value lone surrogate", in: head + `{"a":"\ud800"}}`, field: "extra[a]", value: `\ud800`},
		{name: "key not UTF-8", in: head + `{"a` + "\xff" + `":"x"}}`, field: "extra", value: "a\xff"},
		{name: "invalid key", in: head + `{"Crm":"x"}}`, field: "extra[Crm]", value: "Crm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, read := range []struct {
				name string
				fn   func(string) ([]profile.Profile, error)
			}{
				{"ReadJSONL", func(s string) ([]profile.Profile, error) { return profile.ReadJSONL(strings.NewReader(s)) }},
				{"ReadJSON", func(s string) ([]profile.Profile, error) { return profile.ReadJSON(strings.NewReader("[" + s + "]")) }},
			} {
				ps, err := read.fn(tt.in)
				if tt.field == "" {
					require.NoError(t, err, "%s(%s)", read.name, tt.in)
					require.Len(t, ps, 1, "%s(%s)", read.name, tt.in)
					assert.Equal(t, tt.want, ps[0].Extra, "%s(%s) Extra", read.name, tt.in)
					continue
				}
				assert.Empty(t, ps, "%s(%s)", read.name, tt.in)
				var fe *profile.FieldError
				require.ErrorAs(t, err, &fe, "%s(%s)", read.name, tt.in)
				assert.Equal(t, tt.field, fe.Field, "%s(%s) field", read.name, tt.in)
				assert.Equal(t, tt.value, fe.Value, "%s(%s) value", read.name, tt.in)
			}
		})
	}
}

func TestReadCSVExtra(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   []map[string]string // Extra of each profile read
		header string              // if set, the header is bad: the value of its FieldError
	}{
		{name: "columns", in: "id,name,country,extra.crm_id,Extra.portal.url\na,A,DE,4711,https://example.org\nb,B,FR,,x\nc,C,IT,,\n",
			want: []map[string]string{{"crm_id": "4711", "portal.url": "https://example.org"}, {"portal.url": "x"}, nil}},
		{name: "value kept as written", in: "id,name,country,extra.note\na,A,DE,\" two \"\n",
			want: []map[string]string{{"note": " two "}}},
		{name: "key not lower case", in: "id,name,country,extra.CRM\na,A,DE,1\n", header: "extra.CRM"},
		{name: "key not lower case lenient too", in: "id,name,country,extra.a b\na,A,DE,1\n", header: "extra.a b"},
		{name: "duplicate column", in: "id,name,country,extra.a,EXTRA.a\na,A,DE,1,2\n", header: "EXTRA.a"},
		{name: "no key", in: "id,name,country,extra.\na,A,DE,1\n", header: "extra."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := profile.ReadCSVWith(strings.NewReader(tt.in), profile.ReadOptions{Lenient: strings.Contains(tt.name, "lenient")})
			if tt.header != "" {
				assert.Empty(t, ps, "ReadCSV(%q)", tt.in)
				var fe *profile.FieldError
				require.ErrorAs(t, err, &fe, "ReadCSV(%q)", tt.in)
				assert.Equal(t, "header", fe.Field, "ReadCSV(%q) field", tt.in)
				assert.Equal(t, tt.header, fe.Value, "ReadCSV(%q) value", tt.in)
				return
			}
			require.NoError(t, err, "ReadCSV(%q)", tt.in)
			var got []map[string]string
			for _, p := range ps {
				got = append(got, p.Extra)
			}
			assert.Equal(t, tt.want, got, "ReadCSV(%q) Extra", tt.in)
		})
	}
	_, err := profile.ReadCSV(strings.NewReader("id,name,country,extra.a\nx,X,DE,\"\xff\"\n"))
	var fe *profile.FieldError
	require.ErrorAs(t, err, &fe, "a cell of Extra not UTF-8")
	assert.Equal(t, "extra[a]", fe.Field)
}

func TestExtraRoundTrip(t *testing.T) {
	ps := []profile.Profile{
		{ID: "a", Name: "A", Country: "DE", Extra: map[string]string{"crm_id": "4711", "url": "https://example.org/a;b,c"}},
		{ID: "b", Name: "B", Country: "FR"},
		{ID: "c", Name: "C", Country: "IT", Extra: map[string]string{"note": " line one\nline \"two\" ", "zz": "é"}},
	}
	for i := range ps {
		var err error
		ps[i], err = profile.Clean(ps[i])
		require.NoError(t, err, "Clean(%s)", ps[i].ID)
	}
	roundTrip(t, ps)

	var b bytes.Buffer
	require.NoError(t, profile.WriteCSV(&b, ps), "WriteCSV")
	header, _, _ := strings.Cut(b.String(), "\n")
	assert.True(t, strings.HasSuffix(header, ",partnerships,extra.crm_id,extra.note,extra.url,extra.zz"),
		"WriteCSV header ends with the sorted keys of Extra: %s", header)
	back, err := profile.ReadCSV(&b)
	require.NoError(t, err, "ReadCSV(WriteCSV)")
	assert.Equal(t, ps, back, "CSV round trip")

	b.Reset()
	require.NoError(t, profile.WriteCSV(&b, ps[1:2]), "WriteCSV without Extra")
	header, _, _ = strings.Cut(b.String(), "\n")
	assert.Equal(t, strings.Join(profile.Keys(), ","), header, "WriteCSV header without Extra")
}

func TestWriteCSVExtraUnfaithful(t *testing.T) {
	tests := []struct {
		name  string
		extra map[string]string
		field string
	}{
		{"empty value", map[string]string{"a": "1", "b": ""}, "extra[b]"},
		{"CRLF", map[string]string{"a": "x\r\ny"}, "extra[a]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := profile.Profile{ID: "x", Name: "X", Country: "DE", Extra: tt.extra}
			err := profile.WriteCSV(&bytes.Buffer{}, []profile.Profile{p})
			require.ErrorIs(t, err, profile.ErrInvalid, "WriteCSV(extra %v)", tt.extra)
			var fe *profile.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field, "WriteCSV(extra %v) field", tt.extra)
		})
	}
}
