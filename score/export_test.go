package score

// FitWork returns how many text analyses, LSA factorisations, weight
// learnings and readings of the rows' text languages fits have run in
// this process so far.
func FitWork() [4]int64 {
	return [4]int64{work.analyses.Load(), work.factorisations.Load(), work.learnings.Load(), work.languages.Load()}
}
