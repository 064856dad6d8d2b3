// Package themes generates a second, independent family of deterministic
// synthetic worlds: cluster profiles with planted ground-truth strategic
// cluster partnerships, for judging ranking models on data that the home
// generator (package synth) did not make. It shares no code or data with
// that generator; only the profile schema is common.
//
// # Assumptions
//
// Partners are complementary, not look-alikes. The world is built from
// these assumptions, which differ on purpose from "similar text means
// partners":
//
//   - Eight value chains (packaging, textiles, agri-food, construction,
//     water, health and medical technology, energy storage, space and
//     geo-data) of 4-5 stages each, upstream to downstream. A stage has its
//     own text ("materials converting"), NACE Rev.2 classes and, where they
//     fit, category, industry and ecosystem slugs of profile/data.
//   - Specialisation themes cut across stages: a technology or application
//     such as smart packaging or solid-state batteries, 3-5 per chain, and
//     bridging themes that join two chains (textiles for construction,
//     earth observation for agriculture, smart packaging joins packaging
//     and agri-food and brings electronics and digital codes). A theme has
//     6-7 specific terms, each with a second wording; they appear in the
//     description, the technologies and many offers and needs. A profile
//     has one theme, about 20% a second one of the same chain.
//   - A target partnership has 3-6 members that share one theme and one
//     third-country market (every member lists it), from at least three
//     countries, all eligible under profile.ESCP4i(). Members mostly sit
//     at different stages of the theme's chains, adjacent stages more
//     often than distant ones, but about 28% of member pairs share a stage:
//     partners are complementary in role and sometimes similar. About 34%
//     of profiles are members, one target per 13 profiles; a profile is in
//     at most one target. Members are mostly cluster organisations and
//     networks.
//   - Offers are capabilities ("pilot line for PLA films"), needs are
//     requests in other words ("partner to scale up polylactic acid
//     sheets"), drawn from per-stage paraphrase lists and the terms' second
//     wordings, so a need shares only some words with the offer it
//     matches. Within a target, each member that states needs asks for
//     what one or two co-members offer; other needs ask for capabilities of
//     the theme's stages at random. About 20% of profiles leave needs or
//     offers (or both) empty.
//   - Distractors: most profiles of a theme are in no partnership with one
//     another, every stage hosts profiles of several themes, and
//     non-members list markets from the same weighted set (US, CN, JP, IN,
//     KR, CA, BR, SG, AE, MX, AU, ZA, MA, VN, CL).
//   - Countries are weighted towards the big EU cluster countries but cover
//     every EU member state and the COSME participants (TR, RS, UA, IS, MK,
//     BA, ME, AL, MD, AM, XK); about 3% of profiles are in NO, CH or GB,
//     which profile/data does not list as EU or COSME countries, so they
//     are never target members. All text is English, unless
//     Config.NativeText makes some profiles of the chains NativeChains
//     lists write everything in their country's language, from
//     hand-written translations (native.txt).
//   - With Config.WithinChain, target themes lie within one chain and
//     members' needs no longer point at co-members' offers: the shared
//     theme and market are what is left to find them by.
//   - With Config.History, one past partnership per 20 profiles (3-5
//     members, mostly of one theme; a fifth reunite two members of a
//     target) is listed in its members' Profile.Partnerships. Without it
//     no profile has Partnerships. Target partnerships are never listed.
//
// # Identifiers
//
// Profiles are "synth-th-NNNNN", numbered from 1 in ID order; targets
// "synth-th-target-NNNN" and past partnerships "synth-th-past-NNNN". The
// numbers are zero-padded to at least 5 (4) digits and to the width of the
// largest, so that string order is numeric order in every world. Names
// contain "Synthetic" and websites end in the reserved .example domain.
//
// # Determinism
//
// Generation uses math/rand/v2 PCG streams keyed by Config.Seed and an
// index: one for the plan (which profiles form which targets), one per
// target, one per profile and one for the history. A profile's stream
// does not depend on its neighbours, so time is linear in the number of
// profiles (BenchmarkGenerate10k; measured figures: benchmarks/RESULTS.md)
// and a world with History differs from the same world without it only in
// Partnerships and World.History.
package themes
