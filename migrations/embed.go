// Package migrations holds the golang-migrate schema files (NNNNNN_name.up.sql / .down.sql).
// 000001–000011 are the original TFTSR schema, unchanged; our additions start at 000012.
// Never renumber or edit a released migration: add a new one.
package migrations

import (
	"embed"
	"fmt"
	"io/fs"
)

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS

// Latest is the highest migration version embedded in FS: the schema version a freshly opened
// database has.
func Latest() uint {
	entries, _ := fs.ReadDir(FS, ".") // embedded: cannot fail
	var latest uint
	for _, e := range entries {
		var v uint
		if _, err := fmt.Sscanf(e.Name(), "%06d_", &v); err == nil && v > latest {
			latest = v
		}
	}
	return latest
}
