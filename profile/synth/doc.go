// Package synth generates deterministic, clearly labelled synthetic worlds
// of cluster profiles for testing and benchmarking complementary-partner
// matchmaking. All tests, examples and benchmarks of partnermatch run on
// them.
//
// # Value chains
//
// [Chains] models the value chains of the 10 emerging industries, each with
// 4 to 6 [Stage]s from upstream to downstream (mobility technologies:
// battery raw materials → cells → powertrain → charging → mobility
// services). A stage has real NACE Rev.2 codes, industrial ecosystems,
// cluster categories, technologies, offers, and needs towards the
// neighbouring stages. The needs paraphrase what the neighbours offer,
// sharing only some content words, so that keyword similarity finds
// organisations of the same stage more easily than complementary ones,
// while a model that matches needs to offers can connect a chain.
//
// # Worlds
//
// [Generate] draws a [World] from a [Config]: every profile from one stage,
// with a country weighted like Europe's cluster landscape (about 4% from
// countries that ESCP-4i does not admit), a NUTS region for most, a kind,
// members, SMEs, founding year, label, third-country target markets from
// its industry's preferences, and a description of 2 to 5 sentences. About
// 17% of the descriptions are in German, French, Italian, Spanish, Polish
// or Serbian (Cyrillic, and some in Latin script), matching the country.
// With Config.NativeText, some profiles write everything (name, offers,
// needs, technologies, description) in their language, from hand-written
// translations of the vocabulary of the chains that NativeChains lists.
// Names contain "Synthetic" and ids are "synth-NNNNN". Every profile is
// valid, and Normalize leaves it unchanged.
//
// # Ground truth
//
// Planted partnerships have 3 to 6 members, from at least 3 countries, all
// eligible under profile.ESCP4i, sharing one third-country target market
// that every member lists; mostly members of different stages of one
// chain (adjacent stages most likely), some with two members of the same
// stage. About 35% of the profiles belong to one.
//
// They come in two sets. [World.History] holds past partnerships: each
// member lists their ids in Profile.Partnerships, which is the world's
// collaboration history. [World.Partnerships] holds the target
// partnerships, the answers for evaluation: no profile lists them. Some
// target partnerships reunite two members of a past one, so history is a
// signal but not the answer. [World.Stages] gives every profile's stage,
// for measuring complementarity.
//
// # Data
//
// [Default] returns the embedded world of 1,000 profiles,
// Generate(DefaultConfig()), stored in data/. [GenerateDir] streams large
// worlds to disk and the synthgen command wraps it; regenerate data/
// after changing the generator with go generate.
//
//go:generate go run ./cmd/synthgen -seed 6 -n 1000 -out data -q
package synth
