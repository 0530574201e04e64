package redaction

import (
	"context"
	"database/sql"
)

// defaultBulkRows is the most findings one statement changes (Service.bulkRows). Inside a transaction SQLite keeps a
// statement journal of every page a statement changes (in memory with this driver's
// SQLITE_TEMP_STORE=2); a single UPDATE over ~900k findings failed with "out of memory".
const defaultBulkRows = 20000

// bulk runs verb ("UPDATE <table> SET …" or "DELETE FROM <table>") on the rows of table
// (pii_spans or pii_values) matching cond, at most s.bulkRows per statement, and returns how many
// rows it changed. cond and verb use
// plain ? parameters (verbArgs come first). Small sets run as one statement through the indexes;
// large ones in rowid ranges, so the total work stays linear.
func (s *Service) bulk(ctx context.Context, tx *sql.Tx, table, verb string, verbArgs []any, cond string, condArgs ...any) (int64, error) {
	var (
		n      int64
		lo, hi sql.NullInt64
	)
	if err := tx.QueryRowContext(ctx, `SELECT count(*), min(rowid), max(rowid) FROM `+table+` WHERE `+cond, condArgs...).
		Scan(&n, &lo, &hi); err != nil {
		return 0, dbErr("count rows", err)
	}
	if n == 0 {
		return 0, nil
	}
	step := int64(s.bulkRows)
	if n <= step {
		res, err := tx.ExecContext(ctx, verb+` WHERE `+cond, append(append([]any{}, verbArgs...), condArgs...)...)
		if err != nil {
			return 0, dbErr("update rows", err)
		}
		return res.RowsAffected()
	}
	var total int64
	for from := lo.Int64; from <= hi.Int64; from += step {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		args := append(append(append([]any{}, verbArgs...), from, from+step-1), condArgs...)
		res, err := tx.ExecContext(ctx, verb+` WHERE rowid IN (SELECT rowid FROM `+table+` NOT INDEXED
			WHERE rowid BETWEEN ? AND ? AND (`+cond+`))`, args...)
		if err != nil {
			return 0, dbErr("update rows", err)
		}
		k, _ := res.RowsAffected()
		total += k
	}
	return total, nil
}
