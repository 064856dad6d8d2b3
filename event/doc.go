// Package event runs the matchmaking of a B2B event: who should meet
// whom, the opt-in flow of meeting requests, and the agenda of meetings
// in time slots at tables.
//
// # Concepts
//
// An [Event] is made from a [Spec]: its sessions, tables and
// participants. A [Session] is a block of slots of 15, 20 or 30 minutes;
// a break is a span of time, and a slot that overlaps one holds no
// meeting. A [Table] holds one meeting per slot and seats a number of
// people; a meeting is bilateral, and needs as many seats as its two
// participants bring people. A [Participant] is a profile id of the
// engine, with its availability (spans of time; none means the whole
// event), caps of meetings overall and per session, and a role for the
// event's [RoleRule] (AcrossRoles: buyers meet only sellers).
//
// A [Request] goes from one participant to another and is Requested,
// Accepted or Declined; when both ask, the two are one Mutual request,
// accepted. [Event.Recommend] proposes whom a participant should ask,
// among the other participants the roles allow and that neither asked
// yet, ranked by a [match.Engine] (through match.Query.Among, which
// scores just those profiles). An Event is safe for concurrent use.
//
// # Scheduling
//
// [Event.Schedule] places accepted requests into slots and tables: every
// participant in at most one meeting per slot, within its availability
// and caps, every table with at most one meeting per slot that it seats.
// The objective, in order:
//
//  1. the fairness floor: every participant gets at least min(k, its
//     schedulable accepted requests, what its caps and available slots
//     allow) meetings, k = Config.Fairness, where the search finds a way (the floor is put first because real-valued
//     scores make ties, on which a floor put second would act, rare);
//  2. the value of the meetings placed: the sum of their scores, with
//     Config.MutualBonus added for each mutual one, so mutual requests
//     go first;
//  3. compactness: fewer idle slots between a participant's meetings.
//
// The algorithm is greedy construction and local search. Rounds of
// fairness first place, for each participant under j meetings
// (j = 1..k), its heaviest request that fits; then every request goes
// heaviest first into the slot that adds the fewest gaps. Local search
// then takes each unplaced request in turn: an ejection chain moves the
// meetings in its way (of its participants at a slot, or at a full
// table) to other slots, two levels deep; failing that, a replacement
// puts it in place of lighter meetings when the value rises and no
// participant falls below its floor; a lift does the same for requests
// of participants under their floor, even at a loss of value. Each of
// these tries at most Config.MaxEjections tentative moves for one request
// in one round, and looks only at the slots both participants can
// attend, so a round costs at most a fixed amount per unplaced request.
// Later rounds visit the unplaced requests in an order drawn from
// Config.Seed; they stop when a round gains less than a ten-thousandth
// of the value. A last pass moves meetings to slots with fewer gaps. The
// same event, config and seed give the same [Plan]. If the context ends
// during the local search, Schedule returns the plan as it stands,
// valid, marked Plan.Stopped, with the context's error.
//
// [Event.Reschedule] schedules again after late changes (a participant
// cancelled, a request accepted or declined, a table removed): every
// meeting of the previous plan that still can stay at its slot and table
// stays there, fixed, and the search places the others around them.
// Requests that stay unplaced are listed with a [Reason].
//
// The baseline [FirstFit] places requests in order of arrival in the
// earliest slot both have free: what letting participants pick their
// slots approximates.
//
// # Bounds
//
// Plan.Bound, and [Event.Bound], are an upper bound on the value of any
// schedule, the least of three relaxations that scale. Two are cheap:
// each participant's heaviest requests up to its capacity, what its caps
// and slots allow (halved, as each meeting is in two agendas); and the
// heaviest requests up to what the tables and the available participants
// of each slot allow. The third, usually much the tightest, is a
// Lagrangian relaxation: the participants' capacities are moved into the
// objective with a price λ_p ≥ 0 each, so that a request is worth its
// value less the prices of its two participants, and what is left, the
// best requests up to what the tables of each seat class hold, is solved
// exactly by sorting. Every choice of prices gives a valid bound (the
// proof is in the code); a bounded number of deterministic subgradient
// steps lowers it. The bound ignores the fairness floor and that a
// participant meets once per slot, so part of the distance from a plan
// to it is the bound's slack. [Event.LPBound] is the linear relaxation
// of the integer program, solved by gonum's simplex, for small events:
// it keeps the per-slot constraints that the Lagrangian sums up, so it
// is the tighter of the two where it can run.
//
// # Outputs
//
// A Plan holds ids, slots and tables. [Export] renders it for people and
// their tools: each participant's agenda and the organiser's table plan
// as JSON ([Export.Report], [Export.Agenda]), as CSV, unplaced requests
// with their reasons included, and as one iCalendar file per participant
// ([Export.WriteICS]) whose meetings keep their UID across reschedules,
// so that a calendar replaces a moved meeting instead of adding a second.
// go run ./examples/event runs a synthetic matchmaking day end to end,
// and the example portal drives an event through HTTP routes.
package event
