package incident_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tftsr/internal/keys"
	"tftsr/internal/store"
)

func TestZZProbe(t *testing.T) {
	var raw [32]byte
	raw[0] = 1
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: filepath.Join("/tmp/tftsr-benchdb", "bench.db"), Key: keys.NewRawKey(keys.SourceKeyring, raw)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Read().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if cs := os.Getenv("CS"); cs != "" {
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = "+cs); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range strings.Split(os.Getenv("Q"), ";;") {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		rows, err := conn.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b, c int
			var d string
			rows.Scan(&a, &b, &c, &d)
			fmt.Println("   plan:", d)
		}
		rows.Close()
		for i := 0; i < 3; i++ {
			start := time.Now()
			rows, err := conn.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rows.Next() {
				n++
			}
			rows.Close()
			fmt.Printf("%v rows=%d  %s\n", time.Since(start), n, q[:min(len(q), 90)])
		}
	}
}
