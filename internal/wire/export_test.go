package wire

// ConvertAlways makes the slice codecs convert number by number, as on
// a big-endian machine, until the returned function is called.
func ConvertAlways() (restore func()) {
	old := littleEndian
	littleEndian = false
	return func() { littleEndian = old }
}
