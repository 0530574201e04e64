package redaction

import (
	"context"
	"database/sql"
)

// keptValues is which of a log's values are decided keep: one bit per value id. A scan gives a
// log's values consecutive ids, so the bitmap is about (distinct values)/8 bytes: 50 KB for
// 400,000 values.
type keptValues struct {
	lo   int64
	keep []uint64
}

func (s *Service) keptValues(ctx context.Context, q queryer, logID string) (*keptValues, error) {
	var lo, hi sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT min(id), max(id) FROM pii_values WHERE log_file_id = ?`, logID).Scan(&lo, &hi); err != nil {
		return nil, dbErr("read values", err)
	}
	k := &keptValues{lo: lo.Int64}
	if !lo.Valid {
		return k, nil
	}
	k.keep = make([]uint64, (hi.Int64-lo.Int64)/64+1)
	err := eachRow(ctx, q, "read values", func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		i := id - k.lo
		k.keep[i/64] |= 1 << (i % 64)
		return nil
	}, `SELECT id FROM pii_values WHERE log_file_id = ? AND decision = 'keep'`, logID)
	if err != nil {
		return nil, err
	}
	return k, nil
}

// decision returns the decision of value id (redact for an unknown one: never less redaction).
func (k *keptValues) decision(id int64) string {
	i := id - k.lo
	if i >= 0 && i/64 < int64(len(k.keep)) && k.keep[i/64]&(1<<(i%64)) != 0 {
		return Keep
	}
	return Redact
}
