package score

// FitWork returns how many text analyses, LSA factorisations and weight
// learnings fits have run in this process so far.
func FitWork() [3]int64 {
	return [3]int64{work.analyses.Load(), work.factorisations.Load(), work.learnings.Load()}
}
