package incident_test

import (
	"database/sql"
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"tftsr/internal/incident"
)

func TestZZProbe2(t *testing.T) {
	os.Setenv("TFTSR_BENCH_DIR", "/tmp/tftsr-benchdb")
	if err := openAndSeed(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if cs := os.Getenv("CS"); cs != "" {
		var conns []*sql.Conn
		for i := 0; i < 4; i++ {
			c, err := bench.db.Read().Conn(ctx)
			if err != nil { t.Fatal(err) }
			if _, err := c.ExecContext(ctx, "PRAGMA cache_size = "+cs); err != nil { t.Fatal(err) }
			conns = append(conns, c)
		}
		for _, c := range conns { c.Close() }
	}
	for _, q := range benchQueries {
		var ds []time.Duration
		var n int
		for i := 0; i < 3; i++ {
			start := time.Now()
			res, err := bench.svc.Search(ctx, q, 0)
			if err != nil {
				t.Fatal(err)
			}
			n = len(res.Hits)
			ds = append(ds, time.Since(start).Round(100*time.Microsecond))
		}
		fmt.Println(q, n, ds)
	}
	for _, f := range []incident.ListFilter{
		{Desc: true},
		{Status: []string{"open", "investigating"}, Desc: true},
		{Severity: []string{"critical"}, Sort: incident.SortCreated, Desc: true},
		{Domain: "Kubernetes", Desc: true},
		{Tag: "prod", Desc: true},
		{Sort: incident.SortSeverity, Desc: true},
		{Sort: incident.SortTitle},
		{Desc: true, Offset: 5000},
	} {
		var ds []time.Duration
		for i := 0; i < 3; i++ {
			start := time.Now()
			if _, err := bench.svc.List(ctx, f); err != nil {
				t.Fatal(err)
			}
			ds = append(ds, time.Since(start).Round(100*time.Microsecond))
		}
		fmt.Printf("%+v %v\n", f, ds)
	}
	for i := 0; i < 3; i++ {
		start := time.Now()
		bench.svc.Dashboard(ctx)
		fmt.Println("dashboard", time.Since(start))
	}
}
