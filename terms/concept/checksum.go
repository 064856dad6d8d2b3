package concept

import (
	"hash/crc32"
	"sync"
)

// Checksum identifies the embedded table (Default) by its content: a
// CRC-32C of its compressed bytes. State derived from pivot terms and
// kept across processes (a fit the engine keeps on disk) records it, to
// tell that it was made with another table, as after an upgrade.
func Checksum() uint32 { return checksum() }

var checksum = sync.OnceValue(func() uint32 {
	return crc32.Checksum(embedded, crc32.MakeTable(crc32.Castagnoli))
})
