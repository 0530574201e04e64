// Package integrations stores the settings of external systems documents are published to
// (Confluence; later ServiceNow and Azure DevOps) and builds their clients. Settings live in the
// seed's integration_config table, the token in credentials, sealed (AES-256-GCM) under the
// credentials subkey with its SHA-256 beside it; the token never leaves the backend. A
// configuration is stored only after a connection test against the server passed, and every
// change is audited without the token.
package integrations

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"tftsr/internal/apperr"
	"tftsr/internal/audit"
	"tftsr/internal/integrations/confluence"
	"tftsr/internal/keys"
	"tftsr/internal/providers"
	"tftsr/internal/store"
)

// Audit actions and the entity they are recorded against.
const (
	ActionConfigure = "integration.configure"
	ActionClear     = "integration.clear"
	entityType      = "integration"
	serviceConf     = "confluence"
)

// Limits.
const (
	MaxTokenLen    = 4096
	MaxEmailLen    = 320
	MaxSpaceKeyLen = 255
)

// Service manages integration settings.
type Service struct {
	db      *store.DB
	audit   *audit.Log
	now     func() time.Time
	sealKey []byte
	deps    confluence.Deps // defaults for built clients (tests give a client for the fake)
}

// NewService builds the service. master is the database key material the credentials subkey
// is derived from (the same subkey that seals AI provider keys).
func NewService(db *store.DB, log *audit.Log, master []byte, deps confluence.Deps, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	k, err := keys.Derive(master, providers.CredentialsInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("integrations: %w", err)
	}
	return &Service{db: db, audit: log, now: now, sealKey: k, deps: deps}, nil
}

// stored is the row as read, with the token unsealed (backend only).
type stored struct {
	Confluence
	token string
}

func tokenHint(token string) string {
	r := []rune(token)
	if len(r) <= 8 {
		return "" // too short to show any part of it safely
	}
	return string(r[len(r)-4:])
}

// load reads the Confluence configuration (Configured false when there is none).
func (s *Service) load(ctx context.Context) (stored, error) {
	var (
		st                                       stored
		username, spaceKey, deployment, parentID sql.NullString
		sealed                                   sql.NullString
	)
	err := s.db.Read().QueryRowContext(ctx, `SELECT c.base_url, c.username, c.space_key, c.deployment, c.parent_id, c.updated_at,
		k.encrypted_token
		FROM integration_config c LEFT JOIN credentials k ON k.service = c.service
		WHERE c.service = 'confluence'`).Scan(&st.BaseURL, &username, &spaceKey, &deployment, &parentID, &st.UpdatedAt, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return stored{}, nil
	}
	if err != nil {
		return stored{}, fmt.Errorf("integrations: read confluence settings: %w", err)
	}
	st.Configured = true
	st.Email, st.SpaceKey, st.Deployment, st.ParentID = username.String, spaceKey.String, deployment.String, parentID.String
	if sealed.Valid && sealed.String != "" {
		// A token this key cannot open (sealed by another install or the original TFTSR's scheme)
		// counts as not set: the user enters it again instead of facing an error on every read.
		if pt, err := keys.OpenSealed(s.sealKey, sealed.String); err == nil {
			st.token = string(pt)
			st.TokenSet = true
			st.TokenHint = tokenHint(st.token)
		}
	}
	return st, nil
}

// Confluence returns the stored configuration; never the token.
func (s *Service) Confluence(ctx context.Context) (Confluence, error) {
	st, err := s.load(ctx)
	if err != nil {
		return Confluence{}, err
	}
	return st.Confluence, nil
}

func validSpaceKey(k string) bool {
	if k == "" || len(k) > MaxSpaceKeyLen {
		return false
	}
	for i, r := range k {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-', r == '.':
		case r == '~' && i == 0: // personal spaces: ~username
		default:
			return false
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// normalize validates in (each error names the field) and cleans it. The token is trimmed;
// nil or "" means "keep the stored one".
func normalize(in ConfluenceInput) (ConfluenceInput, error) {
	bad := func(format string, a ...any) (ConfluenceInput, error) {
		return ConfluenceInput{}, fmt.Errorf("integrations: confluence: "+format+": %w", append(a, apperr.ErrInvalid)...)
	}
	in.Deployment = strings.ToLower(strings.TrimSpace(in.Deployment))
	in.Email = strings.TrimSpace(in.Email)
	in.SpaceKey = strings.TrimSpace(in.SpaceKey)
	in.ParentID = strings.TrimSpace(in.ParentID)
	if in.Deployment != DeploymentCloud && in.Deployment != DeploymentDataCenter {
		return bad("deployment: must be %q or %q, got %q", DeploymentCloud, DeploymentDataCenter, in.Deployment)
	}
	base, err := confluence.NormalizeBaseURL(in.BaseURL, in.Deployment)
	if err != nil {
		return ConfluenceInput{}, fmt.Errorf("integrations: %w", err)
	}
	in.BaseURL = base
	switch {
	case !validSpaceKey(in.SpaceKey):
		return bad("space key: %q is not a space key (letters and digits, as in ENG or ~jdoe)", in.SpaceKey)
	case in.ParentID != "" && !digits(in.ParentID):
		return bad("parent page: %q is not a page id (the digits in the page's URL)", in.ParentID)
	}
	if in.Deployment == DeploymentCloud {
		if in.Email == "" || !strings.Contains(in.Email, "@") || utf8.RuneCountInString(in.Email) > MaxEmailLen || strings.ContainsAny(in.Email, " \r\n\t:") {
			return bad("email: Confluence Cloud needs the Atlassian account email, got %q", in.Email)
		}
	} else {
		in.Email = "" // Data Center authenticates with the token alone
	}
	if in.Token != nil {
		t := strings.TrimSpace(*in.Token)
		switch {
		case len(t) > MaxTokenLen:
			return bad("token: longer than %d bytes", MaxTokenLen)
		case strings.ContainsAny(t, "\r\n\x00"):
			return bad("token: must be one line")
		case t == "":
			in.Token = nil
		default:
			in.Token = &t
		}
	}
	return in, nil
}

// check runs the connection test: credentials (not the anonymous fallback), space, parent page.
func (s *Service) check(ctx context.Context, cfg confluence.Config) (ConfluenceCheck, error) {
	c, err := confluence.New(cfg, s.deps)
	if err != nil {
		return ConfluenceCheck{}, fmt.Errorf("integrations: %w", err)
	}
	u, err := c.CurrentUser(ctx)
	if err != nil {
		return ConfluenceCheck{}, fmt.Errorf("integrations: test confluence: %w", err)
	}
	sp, err := c.Space(ctx, cfg.SpaceKey)
	if err != nil {
		return ConfluenceCheck{}, fmt.Errorf("integrations: test confluence: %w", err)
	}
	out := ConfluenceCheck{User: u.DisplayName, SpaceName: sp.Name}
	if cfg.ParentID != "" {
		p, err := c.Page(ctx, cfg.ParentID)
		switch {
		case errors.Is(err, apperr.ErrGone):
			return ConfluenceCheck{}, fmt.Errorf("integrations: test confluence: parent page %s not found (or not visible to this user): %w", cfg.ParentID, apperr.ErrNotFound)
		case err != nil:
			return ConfluenceCheck{}, fmt.Errorf("integrations: test confluence: %w", err)
		case p.SpaceKey != "" && p.SpaceKey != cfg.SpaceKey:
			return ConfluenceCheck{}, fmt.Errorf("integrations: confluence: parent page: %s is in space %s, not %s: %w", cfg.ParentID, p.SpaceKey, cfg.SpaceKey, apperr.ErrInvalid)
		}
		out.ParentTitle = p.Title
	}
	return out, nil
}

// SaveConfluence tests in against the server and, only when the test passes, stores it (a nil
// or empty token keeps the stored one). A failing test stores nothing and returns its error.
func (s *Service) SaveConfluence(ctx context.Context, in ConfluenceInput) (ConfluenceCheck, error) {
	in, err := normalize(in)
	if err != nil {
		return ConfluenceCheck{}, err
	}
	cur, err := s.load(ctx)
	if err != nil {
		return ConfluenceCheck{}, err
	}
	token, tokenChanged := cur.token, false
	if in.Token == nil && cur.TokenSet && (origin(cur.BaseURL) != origin(in.BaseURL) || cur.Deployment != in.Deployment) {
		// A stored token goes only to the address (and kind of server) it was saved for: a
		// mistyped or changed base URL must not receive it.
		return ConfluenceCheck{}, fmt.Errorf("integrations: confluence: token: the address or deployment changed (%s → %s): enter the token again for the new one: %w",
			origin(cur.BaseURL), origin(in.BaseURL), apperr.ErrInvalid)
	}
	if in.Token != nil {
		tokenChanged = *in.Token != cur.token
		token = *in.Token
	}
	if token == "" {
		return ConfluenceCheck{}, fmt.Errorf("integrations: confluence: token: an API token (Cloud) or personal access token (Data Center) is required: %w", apperr.ErrInvalid)
	}
	cfg := confluence.Config{BaseURL: in.BaseURL, Deployment: in.Deployment, Email: in.Email, Token: token,
		SpaceKey: in.SpaceKey, ParentID: in.ParentID}
	res, err := s.check(ctx, cfg)
	if err != nil {
		return ConfluenceCheck{}, err
	}

	sum := sha256.Sum256([]byte(token))
	hash := hex.EncodeToString(sum[:])
	var sealed string
	if tokenChanged || !cur.TokenSet {
		if sealed, err = keys.Seal(s.sealKey, []byte(token)); err != nil {
			return ConfluenceCheck{}, fmt.Errorf("integrations: seal token: %w", err)
		}
	}
	now := store.FormatTime(s.now())
	host := ""
	if u, err := url.Parse(in.BaseURL); err == nil {
		host = u.Host
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO integration_config (id, service, base_url, username, space_key, deployment, parent_id, updated_at)
			VALUES (?, 'confluence', ?, ?, ?, ?, ?, ?)
			ON CONFLICT(service) DO UPDATE SET base_url = excluded.base_url, username = excluded.username,
				space_key = excluded.space_key, deployment = excluded.deployment, parent_id = excluded.parent_id,
				updated_at = excluded.updated_at`,
			uuid.NewString(), in.BaseURL, nullable(in.Email), in.SpaceKey, in.Deployment, nullable(in.ParentID), now); err != nil {
			return err
		}
		if sealed != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO credentials (id, service, token_hash, encrypted_token, created_at)
				VALUES (?, 'confluence', ?, ?, ?)
				ON CONFLICT(service) DO UPDATE SET token_hash = excluded.token_hash,
					encrypted_token = excluded.encrypted_token, created_at = excluded.created_at, expires_at = NULL`,
				uuid.NewString(), hash, sealed, now); err != nil {
				return err
			}
		}
		_, err := s.audit.Append(ctx, tx, audit.Event{Action: ActionConfigure, EntityType: entityType, EntityID: serviceConf,
			Details: map[string]any{"service": serviceConf, "host": host, "deployment": in.Deployment, "space": in.SpaceKey,
				"parent": in.ParentID, "tokenChanged": tokenChanged}})
		return err
	})
	if err != nil {
		return ConfluenceCheck{}, fmt.Errorf("integrations: save confluence settings: %w", err)
	}
	if res.Settings, err = s.Confluence(ctx); err != nil {
		return ConfluenceCheck{}, err
	}
	return res, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (st stored) config() confluence.Config {
	return confluence.Config{BaseURL: st.BaseURL, Deployment: st.Deployment, Email: st.Email, Token: st.token,
		SpaceKey: st.SpaceKey, ParentID: st.ParentID}
}

func (s *Service) configured(ctx context.Context) (stored, error) {
	st, err := s.load(ctx)
	if err != nil {
		return stored{}, err
	}
	if !st.Configured || st.token == "" {
		return stored{}, fmt.Errorf("integrations: Confluence is not configured (Settings → Confluence): %w", apperr.ErrInvalid)
	}
	return st, nil
}

// TestConfluence runs the connection test on the stored configuration.
func (s *Service) TestConfluence(ctx context.Context) (ConfluenceCheck, error) {
	st, err := s.configured(ctx)
	if err != nil {
		return ConfluenceCheck{}, err
	}
	res, err := s.check(ctx, st.config())
	if err != nil {
		return ConfluenceCheck{}, err
	}
	res.Settings = st.Confluence
	return res, nil
}

// ClearConfluence removes the configuration and the token.
func (s *Service) ClearConfluence(ctx context.Context) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		r1, err := tx.ExecContext(ctx, `DELETE FROM integration_config WHERE service = 'confluence'`)
		if err != nil {
			return err
		}
		r2, err := tx.ExecContext(ctx, `DELETE FROM credentials WHERE service = 'confluence'`)
		if err != nil {
			return err
		}
		n1, _ := r1.RowsAffected()
		n2, _ := r2.RowsAffected()
		if n1+n2 == 0 {
			return nil // nothing was configured: nothing to audit
		}
		_, err = s.audit.Append(ctx, tx, audit.Event{Action: ActionClear, EntityType: entityType, EntityID: serviceConf,
			Details: map[string]any{"service": serviceConf}})
		return err
	})
	if err != nil {
		return fmt.Errorf("integrations: clear confluence settings: %w", err)
	}
	return nil
}

// ConfluenceClient builds a client from the stored configuration, for publishing. deps apply to
// this client (OnWait, Audit); HTTPClient, Sleep and Now default to the service's.
func (s *Service) ConfluenceClient(ctx context.Context, deps confluence.Deps) (*confluence.Client, Confluence, error) {
	st, err := s.configured(ctx)
	if err != nil {
		return nil, Confluence{}, err
	}
	if deps.HTTPClient == nil {
		deps.HTTPClient = s.deps.HTTPClient
	}
	if deps.Sleep == nil {
		deps.Sleep = s.deps.Sleep
	}
	if deps.Now == nil {
		deps.Now = s.deps.Now
	}
	if deps.OnWait == nil {
		deps.OnWait = s.deps.OnWait
	}
	if deps.Audit == nil {
		deps.Audit = s.deps.Audit
	}
	c, err := confluence.New(st.config(), deps)
	if err != nil {
		return nil, Confluence{}, fmt.Errorf("integrations: stored confluence settings: %w", err)
	}
	return c, st.Confluence, nil
}

// origin is scheme://host[:port] of a base URL ("" when it does not parse).
func origin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}
