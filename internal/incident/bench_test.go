package incident_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"tftsr/internal/audit"
	"tftsr/internal/incident"
	"tftsr/internal/keys"
	"tftsr/internal/store"
)

const benchIncidents = 100_000

// benchNow is the fixed "now" of the benchmark data set: incidents are created over the two
// years before it.
var benchNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// The benchmark database is seeded once per `go test` run and shared by all benchmarks; it is
// closed and removed by TestMain.
var bench struct {
	once sync.Once
	dir  string
	db   *store.DB
	svc  *incident.Service
	seed time.Duration
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.db != nil {
		_ = bench.db.Close()
	}
	if bench.dir != "" {
		_ = os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func benchService(b *testing.B) *incident.Service {
	b.Helper()
	if testing.Short() {
		b.Skip("seeding 100,000 incidents is skipped under -short")
	}
	bench.once.Do(func() {
		bench.err = openAndSeed()
	})
	if bench.err != nil {
		b.Fatalf("bench seed: %v", bench.err)
	}
	return bench.svc
}

// openAndSeed opens a fresh database in a temporary directory and seeds it. When the
// environment variable TFTSR_BENCH_DIR is set, the database is kept there (with a fixed test key)
// and reused by later runs, which saves the seeding time while iterating on queries.
func openAndSeed() error {
	var raw [32]byte
	dir := os.Getenv("TFTSR_BENCH_DIR")
	if dir == "" {
		d, err := os.MkdirTemp("", "tftsr-bench-*")
		if err != nil {
			return err
		}
		dir, bench.dir = d, d
		if _, err := rand.Read(raw[:]); err != nil {
			return err
		}
	} else {
		raw[0] = 1 // fixed key: only ever used for this throw-away benchmark data
	}
	ctx := context.Background()
	db, err := store.Open(ctx, store.Options{Path: filepath.Join(dir, "bench.db"), Key: keys.NewRawKey(keys.SourceKeyring, raw)})
	if err != nil {
		return err
	}
	bench.db = db
	var have int
	if err := db.Read().QueryRowContext(ctx, `SELECT count(*) FROM issues`).Scan(&have); err != nil {
		return err
	}
	if have != benchIncidents {
		if have != 0 {
			return fmt.Errorf("%s holds %d incidents, want 0 or %d", dir, have, benchIncidents)
		}
		start := time.Now()
		if err := seed(ctx, db, benchIncidents); err != nil {
			return err
		}
		bench.seed = time.Since(start)
		fmt.Fprintf(os.Stderr, "bench: seeded %d incidents in %v\n", benchIncidents, bench.seed.Round(time.Millisecond))
	}
	clk := func() time.Time { return benchNow }
	bench.svc = incident.NewService(db, audit.New(clk), clk)
	return nil
}

var (
	components = []string{"nginx", "postgres", "kafka", "redis", "ingress", "dns", "ldap", "vpn", "firewall",
		"loadbalancer", "kubelet", "etcd", "elasticsearch", "grafana", "prometheus", "jenkins", "gitlab",
		"vcenter", "esxi", "raid", "switch", "router", "proxy", "mysql", "oracle", "backup", "cron", "sftp",
		"smtp", "exchange", "sharepoint", "citrix", "keycloak", "vault", "consul", "rabbitmq", "memcached"}
	symptoms = []string{"timeout", "outage", "latency spike", "crash loop", "disk full", "memory leak",
		"certificate expired", "connection refused", "high cpu", "packet loss", "authentication failure",
		"replication lag", "deadlock", "slow queries", "5xx errors", "failed deployment", "split brain",
		"config drift", "permission denied", "quota exceeded", "ssl handshake failure", "dns resolution failure"}
	places  = []string{"prod", "staging", "eu-west", "us-east", "datacenter", "edge", "branch office", "dr site"}
	filler  = strings.Fields("the a of on after during while service node cluster users reported alerts fired pager team investigated logs show restart rollback patch upstream downstream request response queue worker pod container host network storage volume database replica primary secondary cache session token error warning retry backoff threshold metric dashboard")
	rare    = []string{"zephyr", "quasar", "obsidian", "marmalade", "fjord", "xylophone", "kumquat", "gazebo"}
	tagPool = []string{"prod", "staging", "customer-impact", "p1", "p2", "db", "network", "k8s", "security", "postmortem", "sla", "vendor", "hw", "change:1234", "team/sre", "team/dba"}
)

func pick[T any](r *mrand.Rand, s []T) T { return s[r.IntN(len(s))] }

// seed bulk-loads n incidents created over the two years before benchNow. The FTS insert trigger
// is dropped for the load and the index rebuilt in one pass afterwards (the trigger path flushes
// FTS5 pending data per statement, ~10x slower); the trigger is recreated from its stored SQL.
func seed(ctx context.Context, db *store.DB, n int) error {
	r := mrand.New(mrand.NewPCG(1, 2))
	span := int64(2 * 365 * 24 * time.Hour / time.Second)
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
			return err
		}
		var trigger string
		if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'issues_fts_ai'`).Scan(&trigger); err != nil {
			return fmt.Errorf("read fts trigger: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER issues_fts_ai`); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO issues
			(id, title, description, severity, status, category, source, created_at, updated_at, resolved_at, assigned_to, tags)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		var sb strings.Builder
		for i := 0; i < n; i++ {
			created := benchNow.Add(-time.Duration(3600+r.Int64N(span)) * time.Second)
			comp, sym := pick(r, components), pick(r, symptoms)
			title := fmt.Sprintf("%s %s in %s", comp, sym, pick(r, places))
			sb.Reset()
			words := 20 + r.IntN(60)
			for w := 0; w < words; w++ {
				switch {
				case w == 3:
					sb.WriteString(comp)
				case w == 7:
					sb.WriteString(sym)
				case r.IntN(2000) == 0:
					sb.WriteString(pick(r, rare))
				default:
					sb.WriteString(pick(r, filler))
				}
				sb.WriteByte(' ')
			}
			sev := incident.Severities[weighted(r, []int{5, 20, 45, 30})]
			status := incident.Statuses[weighted(r, []int{15, 10, 25, 50})]
			var resolved any
			updated := created.Add(time.Duration(1+r.Int64N(3600)) * time.Second)
			if status == incident.StatusResolved || status == incident.StatusClosed {
				rt := created.Add(time.Duration(600+r.Int64N(14*24*3600)) * time.Second)
				if rt.After(benchNow) {
					status = incident.StatusInvestigating // not resolved yet
				} else {
					resolved = store.FormatTime(rt)
					updated = rt
				}
			}
			if updated.After(benchNow) {
				updated = created
			}
			var domain, assignee any
			if r.IntN(10) > 0 {
				domain = pick(r, incident.Domains)
			}
			if r.IntN(3) > 0 {
				assignee = fmt.Sprintf("engineer%02d", r.IntN(40))
			}
			var tags []string
			for t := r.IntN(4); t > 0; t-- {
				if tag := pick(r, tagPool); !slices.Contains(tags, tag) {
					tags = append(tags, tag)
				}
			}
			tagJSON := "[]"
			if len(tags) > 0 {
				tagJSON = `["` + strings.Join(tags, `","`) + `"]`
			}
			id, err := uuid.NewV7()
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, id.String(), title, sb.String(), sev, status, domain,
				pick(r, []string{"gui", "cli"}), store.FormatTime(created), store.FormatTime(updated), resolved,
				assignee, tagJSON); err != nil {
				return err
			}
		}
		// ANALYZE: what store.Close does once a database has this many incidents (refreshStats).
		for _, q := range []string{`INSERT INTO issues_fts(issues_fts) VALUES ('rebuild')`, trigger, `ANALYZE`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%.40s: %w", q, err)
			}
		}
		return nil
	})
}

func weighted(r *mrand.Rand, w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := r.IntN(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

// timed runs fn b.N times and reports p50/p95 latency in milliseconds.
func timed(b *testing.B, fn func(i int) error) {
	b.Helper()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := fn(i); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(q float64) float64 {
		idx := int(q*float64(len(lat))+0.5) - 1
		idx = max(0, min(idx, len(lat)-1))
		return float64(lat[idx].Microseconds()) / 1000
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.95), "p95-ms")
}

func BenchmarkListFirstPage(b *testing.B) {
	svc := benchService(b)
	ctx := context.Background()
	timed(b, func(int) error {
		res, err := svc.List(ctx, incident.ListFilter{Desc: true})
		if err == nil && (len(res.Items) != incident.DefaultListLimit || res.Total != benchIncidents) {
			err = fmt.Errorf("list: %d items, total %d", len(res.Items), res.Total)
		}
		return err
	})
}

func BenchmarkListFiltered(b *testing.B) {
	svc := benchService(b)
	ctx := context.Background()
	filters := []incident.ListFilter{
		{Status: []string{"open", "investigating"}, Desc: true},
		{Severity: []string{"critical"}, Sort: incident.SortCreated, Desc: true},
		{Domain: "Kubernetes", Desc: true},
		{Tag: "prod", Desc: true},
		{Sort: incident.SortSeverity, Desc: true},
		{Sort: incident.SortTitle},
		{Desc: true, Offset: 5000},
	}
	timed(b, func(i int) error {
		_, err := svc.List(ctx, filters[i%len(filters)])
		return err
	})
}

var benchQueries = []string{
	"timeout", "nginx", "disk full", "certificate expired", "postgres replication lag", "kube", "zephyr",
	"memory", "ssl handshake", "quasar fjord", "prod outage", "connection refused redis", "dead", "rollback pod",
	"obsidian", "high cpu kafka", "etcd", "authentication failure ldap", "gaz", "vault token",
}

func BenchmarkSearch(b *testing.B) {
	svc := benchService(b)
	ctx := context.Background()
	timed(b, func(i int) error {
		_, err := svc.Search(ctx, benchQueries[i%len(benchQueries)], 0)
		return err
	})
}

func BenchmarkDashboard(b *testing.B) {
	svc := benchService(b)
	ctx := context.Background()
	timed(b, func(int) error {
		d, err := svc.Dashboard(ctx)
		if err == nil && d.Total != benchIncidents {
			err = fmt.Errorf("dashboard total %d", d.Total)
		}
		return err
	})
}
