// Package migrations holds the golang-migrate schema files (NNNNNN_name.up.sql / .down.sql).
// 000001–000011 are the original TFTSR schema, unchanged; our additions start at 000012.
// Never renumber or edit a released migration: add a new one.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
