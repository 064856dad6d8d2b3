package profile_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/clustergo/partnermatch/profile"
)

func ExampleReadJSONL() {
	in := strings.NewReader(`{"id": "lyon", "name": "Lyon Mobility", "country": "fr", "sectors": ["29.10"]}
{"id": "turin", "name": "Turin Automotive", "country": "IT", "members": "many"}
{"id": "athens", "name": "Athens Logistics", "country": "EL"}
`)
	ps, err := profile.ReadJSONL(in)
	for _, p := range ps {
		fmt.Println(p.ID, p.Country, p.Sectors)
	}
	fmt.Println(err)

	// The error says where and what; a loader can keep the good profiles.
	var fe *profile.FieldError
	if errors.As(err, &fe) {
		fmt.Printf("field %s, value %q\n", fe.Field, fe.Value)
	}
	// Output:
	// lyon FR [C29.10]
	// athens GR []
	// profile: line 2: invalid profile "turin": members "many": must be an integer
	// field members, value "many"
}

func ExampleProfile_Validate() {
	p := profile.Profile{
		ID:      "turin",
		Name:    "Turin Automotive",
		Country: "IT",
		Region:  "FR1",
		Sectors: []string{"29", "C99"},
		Members: 10,
		SMEs:    12,
	}
	err := p.Validate()
	fmt.Println(errors.Is(err, profile.ErrInvalid))
	var ve *profile.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			fmt.Println(f)
		}
	}
	// Output:
	// true
	// region "FR1": NUTS code must start with IT for country IT
	// sectors[1] "C99": NACE division 99 is in section U, not C
	// smes "12": must not exceed members (10)
}

func ExampleRuleSet_CheckConsortium() {
	rules := profile.ESCP4i()
	members := []*profile.Profile{
		{ID: "lyon", Country: "FR"},
		{ID: "paris", Country: "FR"},
		{ID: "basel", Country: "CH"},
	}
	err := rules.CheckConsortium(members, []string{"US", "DE"})
	fmt.Println(errors.Is(err, profile.ErrIneligible))
	fmt.Println(err)
	// Output:
	// true
	// profile: rule set "escp4i": member_country "CH": not a country members may come from (eu, cosme)
	// profile: rule set "escp4i": min_countries "2": needs at least 3 countries
	// profile: rule set "escp4i": market "DE": not a third country for this rule set
}

func ExampleReadJSONLWith() {
	in := `{"id": "lyon", "name": "Lyon Mobility", "country": "FR", "colour": "blue"}`

	_, err := profile.ReadJSONL(strings.NewReader(in))
	fmt.Println(err)

	ps, err := profile.ReadJSONLWith(strings.NewReader(in), profile.ReadOptions{Lenient: true})
	fmt.Println(len(ps), err)
	// Output:
	// profile: line 1: invalid profile "lyon": colour "blue": unknown key
	// 1 <nil>
}

func ExampleReadJSONLSeq() {
	in := strings.NewReader(`{"id": "lyon", "name": "Lyon Mobility", "country": "FR"}
{"id": "turin", "name": "Turin Automotive", "country": "IT", "members": "many"}
{"id": "athens", "name": "Athens Logistics", "country": "EL"}
`)
	// One record in memory at a time: a loader can store profiles in
	// batches and report bad records as they come.
	for p, err := range profile.ReadJSONLSeq(in, profile.ReadOptions{}) {
		if err != nil {
			fmt.Println("skipped:", err)
			continue
		}
		fmt.Println(p.ID, p.Country)
	}
	// Output:
	// lyon FR
	// skipped: profile: line 2: invalid profile "turin": members "many": must be an integer
	// athens GR
}

func ExampleDuplicateError() {
	in := `{"id": "lyon", "name": "Lyon Mobility", "country": "FR"}
{"id": "lyon", "name": "Lyon Again", "country": "FR"}`
	ps, err := profile.ReadJSONL(strings.NewReader(in))
	var dup *profile.DuplicateError
	if errors.As(err, &dup) {
		fmt.Println(ps[0].Name, "kept;", dup.ID, "repeated on line", dup.Line, "after line", dup.FirstLine)
	}
	fmt.Println(errors.Is(err, profile.ErrDuplicate))
	// Output:
	// Lyon Mobility kept; lyon repeated on line 2 after line 1
	// true
}

func ExampleReadCSV() {
	in := `id,name,country,sectors,members
lyon,Lyon Mobility,FR,29.10;C27,120
turin,Turin Automotive,IT,C29,many
`
	ps, err := profile.ReadCSV(strings.NewReader(in))
	for _, p := range ps {
		fmt.Println(p.ID, p.Sectors, p.Members)
	}
	var re *profile.RecordError
	if errors.As(err, &re) {
		fmt.Println("line", re.Line, re.ID, errors.Is(err, profile.ErrInvalid))
	}
	// Output:
	// lyon [C29.10 C27] 120
	// line 3 turin true
}

func ExampleWriteCSV() {
	ps := []profile.Profile{{ID: "lyon", Name: "Lyon Mobility", Kind: "cluster", Country: "FR", Language: "fr",
		Sectors: []string{"C29.10", "C27"}, Members: 120}}
	if err := profile.WriteCSV(os.Stdout, ps); err != nil {
		fmt.Println(err)
	}
	ps[0].Offers = []string{"lidar; radar"}
	fmt.Println(profile.WriteCSV(io.Discard, ps))
	// Output:
	// id,name,kind,country,region,city,website,language,description,sectors,categories,industries,ecosystems,technologies,offers,needs,target_markets,members,smes,founded,label,partnerships
	// lyon,Lyon Mobility,cluster,FR,,,,fr,,C29.10;C27,,,,,,,,120,,,,
	// profile: invalid profile for CSV "lyon": offers[0] "lidar; radar": contains the CSV list separator ";"
}

func ExampleReadPartnerships() {
	in := `{"partnerships": [
{"id": "escp-2018-07", "members": ["lyon", "turin", "basel"], "target_markets": ["us", "JP"]},
{"id": "bad", "members": []}
]}`
	ps, err := profile.ReadPartnerships(strings.NewReader(in))
	fmt.Printf("%+v\n", ps)
	fmt.Println(err)
	// Output:
	// [{ID:escp-2018-07 Name: Members:[lyon turin basel] TargetMarkets:[US JP]}]
	// profile: line 3, record 2: invalid partnership "bad": members "": needs at least one member id
}

func ExampleProfile_extra() {
	in := `{"id":"lyon","name":"Lyon Mobility","country":"FR","extra":{"crm_id":"4711","portal.url":"https://example.org/lyon"}}`
	ps, err := profile.ReadJSONL(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ps[0].Extra["crm_id"])
	// Each key is a column of its own in CSV.
	var b strings.Builder
	if err := profile.WriteCSV(&b, ps); err != nil {
		fmt.Println(err)
	}
	header, _, _ := strings.Cut(b.String(), "\n")
	fmt.Println(header[strings.Index(header, "partnerships"):])
	ps[0].Extra["CRM"] = "x"
	fmt.Println(ps[0].Validate())
	// Output:
	// 4711
	// partnerships,extra.crm_id,extra.portal.url
	// profile: invalid profile "lyon": extra[CRM] "CRM": key must be 1-64 of a-z, 0-9, '_', '.' or '-'
}
