package index

import (
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// LiveSegments returns the segment files of the newest snapshot of the
// closed index folder path, as Open will load them, for tests that damage
// them (bleve removes the files of older snapshots lazily).
func LiveSegments(path string) ([]string, error) {
	db, err := bolt.Open(filepath.Join(path, storeDir, rootBolt), 0o600, &bolt.Options{ReadOnly: true, Timeout: lockTimeout})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var segs []string
	err = db.View(func(tx *bolt.Tx) error {
		live, _, err := newestSnapshot(tx)
		for _, s := range live {
			segs = append(segs, filepath.Join(path, storeDir, s.name))
		}
		return err
	})
	return segs, err
}
