package app

import "tftsr/internal/pii"

// piiLabels names and classifies every finding type for the UI (Settings switches, review).
var piiLabels = map[string]PIIType{
	"private_key":     {Label: "Private key (PEM)", Class: "secret"},
	"jwt":             {Label: "JSON Web Token", Class: "secret"},
	"aws_access_key":  {Label: "AWS access key ID", Class: "secret"},
	"aws_secret_key":  {Label: "AWS secret key", Class: "secret"},
	"github_token":    {Label: "GitHub token", Class: "secret"},
	"gitlab_token":    {Label: "GitLab token", Class: "secret"},
	"slack_token":     {Label: "Slack token", Class: "secret"},
	"stripe_key":      {Label: "Stripe key", Class: "secret"},
	"google_api_key":  {Label: "Google API key", Class: "secret"},
	"azure_key":       {Label: "Azure storage key / connection string", Class: "secret"},
	"url_credentials": {Label: "Credentials in a URL", Class: "credential"},
	"bearer_token":    {Label: "Bearer token", Class: "credential"},
	"basic_auth":      {Label: "Basic auth credentials", Class: "credential"},
	"password":        {Label: "Password", Class: "credential"},
	"secret":          {Label: "Secret", Class: "credential"},
	"api_key":         {Label: "API key", Class: "credential"},
	"token":           {Label: "Token", Class: "credential"},
	"azure_sas":       {Label: "Azure SAS signature", Class: "credential"},
	"credit_card":     {Label: "Credit card number", Class: "financial"},
	"iban":            {Label: "IBAN", Class: "financial"},
	"ssn":             {Label: "US Social Security number", Class: "personal"},
	"email":           {Label: "Email address", Class: "personal"},
	"phone":           {Label: "Phone number", Class: "personal"},
	"username":        {Label: "Username", Class: "personal"},
	"ipv4":            {Label: "IPv4 address", Class: "network"},
	"ipv6":            {Label: "IPv6 address", Class: "network"},
	"mac":             {Label: "MAC address", Class: "network"},
	"hostname":        {Label: "Hostname", Class: "network"},
}

// PIITypes returns every pii.Types entry, in its order, with its label and class. A type the
// table does not know yet is listed with its name as label (never dropped: its switch must show).
func PIITypes() []PIIType {
	out := []PIIType{}
	for _, t := range pii.Types() {
		p, ok := piiLabels[t]
		if !ok {
			p = PIIType{Label: t, Class: "personal"}
		}
		p.Type = t
		out = append(out, p)
	}
	return out
}
