//go:build !unix

package proc

// ReadUsage returns false: the system offers no getrusage.
func ReadUsage() (Usage, bool) { return Usage{}, false }
