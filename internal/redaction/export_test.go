package redaction

// SetBulkRows lets tests run the batched path of bulk updates on small logs.
func SetBulkRows(s *Service, n int) { s.bulkRows = n }

// SetRecentValues lets tests bound a scan's cache of recent values, so that repeats are looked
// up in the incident's value table.
func SetRecentValues(s *Service, n int) { s.recentMax = n }

// ForceSlotCollisions gives every (type, value hash) the same slot key in the in-memory value
// table, as if all their value_keys collided, until restore is called. Not for parallel tests.
func ForceSlotCollisions() (restore func()) {
	old := slotKey
	slotKey = func(uint16, *[16]byte) uint64 { return 0x0123456789abcdef }
	return func() { slotKey = old }
}
