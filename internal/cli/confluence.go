package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"tftsr/internal/boot"
	"tftsr/internal/integrations"
)

const confluenceUsage = `Usage: tftsr confluence <subcommand> [arguments]

  configure --base-url URL --deployment cloud|datacenter --space KEY [--parent ID] [--email E] [--json]
      test the settings against the server and store them only when the test passes; the
      token (Cloud API token or Data Center personal access token) is read from standard input
  test [--json]
      check the stored settings: credentials, space and parent page
`

const confluenceConfigureUsage = `Usage: tftsr confluence configure --base-url URL --deployment cloud|datacenter --space KEY
                                 [--parent ID] [--email E] [--json]
Reads the token from standard input (one line; empty input keeps the stored token), checks the
credentials, the space and the parent page against the server, and stores the settings only
when the check passes. Cloud needs --email (the Atlassian account) and an API token; Data Center
a personal access token. Example:
  printf '%s' "$TOKEN" | tftsr confluence configure --base-url https://acme.atlassian.net \
      --deployment cloud --email jane@acme.com --space ENG
`

const confluenceTestUsage = `Usage: tftsr confluence test [--json]
Checks the stored settings against the server: the credentials (a Data Center server that
answers a wrong token as the anonymous user is reported as wrong credentials), the space and
the parent page.
`

// maxTokenInput bounds what is read from standard input for the token.
const maxTokenInput = 64 << 10

func runConfluence(e *env, args []string) error {
	if len(args) == 0 {
		return &usageError{msg: "confluence: missing subcommand", usage: confluenceUsage}
	}
	sub, rest := args[0], args[1:]
	switch sub {
	case "configure":
		return confluenceConfigure(e, rest)
	case "test":
		return confluenceTest(e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(e.stdout, confluenceUsage)
		return nil
	}
	return &usageError{msg: fmt.Sprintf("confluence: unknown subcommand %q", sub), usage: confluenceUsage}
}

func confluenceConfigure(e *env, args []string) error {
	fs := newFlags("confluence configure")
	baseURL := fs.String("base-url", "", "Confluence URL (Cloud: https://SITE.atlassian.net)")
	deployment := fs.String("deployment", "", "cloud or datacenter")
	space := fs.String("space", "", "space key pages are published to")
	parent := fs.String("parent", "", "id of the parent page (optional)")
	email := fs.String("email", "", "Atlassian account email (Cloud)")
	fs.Bool("json", false, "print the check result as JSON")
	pos, err := e.parse(fs, confluenceConfigureUsage, args)
	if err != nil {
		return err
	}
	if err := noArgs("confluence configure", pos); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"base-url", *baseURL}, {"deployment", *deployment}, {"space", *space}} {
		if strings.TrimSpace(f.v) == "" {
			return &usageError{msg: fmt.Sprintf("confluence configure: --%s is required", f.name), usage: confluenceConfigureUsage}
		}
	}
	token, err := readToken(e)
	if err != nil {
		return err
	}
	in := integrations.ConfluenceInput{BaseURL: *baseURL, Deployment: *deployment, Email: *email, SpaceKey: *space, ParentID: *parent}
	if token != "" {
		in.Token = &token
	}
	return e.withSystem(func(sys *boot.System) error {
		if sys.Integrations == nil {
			return errors.New("confluence: the integrations service is not available")
		}
		if in.Token == nil {
			cur, err := sys.Integrations.Confluence(e.ctx)
			if err != nil {
				return err
			}
			if !cur.TokenSet {
				return &usageError{msg: "confluence configure: no token on standard input and none stored", usage: confluenceConfigureUsage}
			}
		}
		res, err := sys.Integrations.SaveConfluence(e.ctx, in)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(res)
		}
		return writeConfluenceCheck(e.stdout, "Confluence settings checked and saved.", res)
	})
}

// readToken reads the token from standard input (trimmed; "" when empty). On a terminal it
// says what it waits for, on stderr.
func readToken(e *env) (string, error) {
	if e.stdin == nil {
		return "", nil
	}
	if f, ok := e.stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(e.stderr, "Paste the token, then press Enter and Ctrl-D (nothing: keep the stored token): ")
		}
	}
	b, err := io.ReadAll(io.LimitReader(e.stdin, maxTokenInput+1))
	if err != nil {
		return "", fmt.Errorf("confluence configure: read the token from standard input: %w", err)
	}
	if len(b) > maxTokenInput {
		return "", usagef("confluence configure: standard input is longer than %d KiB: give only the token", maxTokenInput>>10)
	}
	t := strings.TrimSpace(string(b))
	if strings.ContainsAny(t, "\r\n") {
		return "", usagef("confluence configure: standard input has several lines: give only the token")
	}
	return t, nil
}

func confluenceTest(e *env, args []string) error {
	fs := newFlags("confluence test")
	fs.Bool("json", false, "print the check result as JSON")
	pos, err := e.parse(fs, confluenceTestUsage, args)
	if err != nil {
		return err
	}
	if err := noArgs("confluence test", pos); err != nil {
		return err
	}
	return e.withSystem(func(sys *boot.System) error {
		if sys.Integrations == nil {
			return errors.New("confluence: the integrations service is not available")
		}
		res, err := sys.Integrations.TestConfluence(e.ctx)
		if err != nil {
			return err
		}
		if e.json {
			return e.printJSON(res)
		}
		return writeConfluenceCheck(e.stdout, "Confluence connection OK.", res)
	})
}

func writeConfluenceCheck(w io.Writer, headline string, res integrations.ConfluenceCheck) error {
	var b strings.Builder
	st := res.Settings
	fmt.Fprintf(&b, "%s\n", headline)
	fmt.Fprintf(&b, "  user:       %s\n", clean(res.User))
	fmt.Fprintf(&b, "  space:      %s (%s)\n", clean(st.SpaceKey), clean(res.SpaceName))
	if st.ParentID != "" {
		fmt.Fprintf(&b, "  parent:     %s (%s)\n", clean(st.ParentID), clean(res.ParentTitle))
	}
	fmt.Fprintf(&b, "  base URL:   %s\n", clean(st.BaseURL))
	fmt.Fprintf(&b, "  deployment: %s\n", clean(st.Deployment))
	if st.Email != "" {
		fmt.Fprintf(&b, "  email:      %s\n", clean(st.Email))
	}
	tok := "set"
	if st.TokenHint != "" {
		tok += " (ends in " + clean(st.TokenHint) + ")"
	}
	fmt.Fprintf(&b, "  token:      %s\n", tok)
	_, err := io.WriteString(w, b.String())
	return err
}
