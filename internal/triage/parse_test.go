package triage_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"tftsr/internal/triage"
)

const logID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		reply   string
		want    triage.Report
		wantOK  bool
		display string // StripReport(reply); "" means do not check
	}{
		{
			name: "protocol block after prose (GPT style)",
			reply: "Thanks for the logs. The disk on db-01 reached 100% at 03:12, right after the nightly export started.\n\n" +
				"```triage\n" +
				`{"why_level": 2, "question": "Why did the disk fill?", "answer": "The nightly export wrote 40 GB to /var/tmp.", "evidence": ["log:` + logID + `#L120", "df output at 03:15"], "root_cause_reached": false, "root_cause": "", "confidence": 0.6, "next_question": "Why does the export write to /var/tmp?"}` +
				"\n```\n",
			wantOK: true,
			want: triage.Report{WhyLevel: 2, Question: "Why did the disk fill?", Answer: "The nightly export wrote 40 GB to /var/tmp.",
				Evidence: []string{"log:" + logID + "#L120", "df output at 03:15"}, EvidenceRefs: []triage.EvidenceRef{{LogID: logID, Line: 120}},
				Confidence: 0.6, NextQuestion: "Why does the export write to /var/tmp?"},
			display: "Thanks for the logs. The disk on db-01 reached 100% at 03:12, right after the nightly export started.",
		},
		{
			name: "Claude style: prose after the block",
			reply: "Let me work through this.\n\n```triage\n{\n  \"why_level\": 1,\n  \"question\": \"Why are users getting 502 errors?\",\n" +
				"  \"answer\": \"The upstream pods are in CrashLoopBackOff.\",\n  \"evidence\": [],\n  \"root_cause_reached\": false,\n" +
				"  \"root_cause\": \"\",\n  \"confidence\": 0.7,\n  \"next_question\": \"Why are the pods crashing?\"\n}\n```\n\n" +
				"Could you share `kubectl describe pod` for one of the crashing pods?",
			wantOK: true,
			want: triage.Report{WhyLevel: 1, Question: "Why are users getting 502 errors?", Answer: "The upstream pods are in CrashLoopBackOff.",
				Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}, Confidence: 0.7, NextQuestion: "Why are the pods crashing?"},
			display: "Let me work through this.\n\nCould you share `kubectl describe pod` for one of the crashing pods?",
		},
		{
			name:  "json fence instead of triage",
			reply: "Here is my analysis.\n```json\n{\"why_level\": 3, \"question\": \"Why was the limit so low?\", \"answer\": \"Copied from a template.\"}\n```",
			want: triage.Report{WhyLevel: 3, Question: "Why was the limit so low?", Answer: "Copied from a template.",
				Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK:  true,
			display: "Here is my analysis.",
		},
		{
			name:  "bare JSON object at the end, no fence",
			reply: "The certificate expired at midnight.\n\n{\"why_level\": 1, \"question\": \"Why did SSO fail?\", \"answer\": \"The SAML signing certificate expired.\", \"root_cause_reached\": false}",
			want: triage.Report{WhyLevel: 1, Question: "Why did SSO fail?", Answer: "The SAML signing certificate expired.",
				Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK:  true,
			display: "The certificate expired at midnight.",
		},
		{
			name:   "numbers and booleans as strings, extra fields, percentage confidence",
			reply:  "```triage\n{\"why_level\": \"2\", \"question\": \"Why?\", \"root_cause_reached\": \"true\", \"root_cause\": \"No retention policy.\", \"confidence\": \"85\", \"model\": \"x\", \"tokens\": 42}\n```",
			want:   triage.Report{WhyLevel: 2, Question: "Why?", RootCauseReached: true, RootCause: "No retention policy.", Confidence: 0.85, Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK: true,
		},
		{
			name:   "camelCase keys",
			reply:  "```triage\n{\"whyLevel\": 4, \"question\": \"Why was it not alerted?\", \"rootCauseReached\": true, \"nextQuestion\": \"\"}\n```",
			want:   triage.Report{WhyLevel: 4, Question: "Why was it not alerted?", RootCauseReached: true, Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK: true,
		},
		{
			name:   "why_level above 5 is clamped to 5",
			reply:  "```triage\n{\"why_level\": 7, \"question\": \"Why was there no review?\"}\n```",
			want:   triage.Report{WhyLevel: 5, Question: "Why was there no review?", Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK: true,
		},
		{
			name:   "why_level 0 is rejected",
			reply:  "```triage\n{\"why_level\": 0, \"question\": \"What is the problem?\"}\n```",
			wantOK: false,
		},
		{
			name:   "negative and fractional levels are rejected",
			reply:  "```triage\n{\"why_level\": -1, \"question\": \"a\"}\n```\n```triage\n{\"why_level\": 2.5, \"question\": \"b\"}\n```",
			wantOK: false,
		},
		{
			name:   "empty question is rejected",
			reply:  "```triage\n{\"why_level\": 2, \"question\": \"  \"}\n```",
			wantOK: false,
		},
		{
			name: "model ignores the protocol (mentions why 2 and root cause in prose)",
			reply: "Why 2: the disk filled because of the export. I think the root cause is the missing retention policy. " +
				"Root cause reached! Why 3 would be about the review process.",
			wantOK:  false,
			display: "Why 2: the disk filled because of the export. I think the root cause is the missing retention policy. Root cause reached! Why 3 would be about the review process.",
		},
		{
			name: "several blocks: the last valid one wins (reply quoting an earlier block)",
			reply: "Earlier I reported:\n```triage\n{\"why_level\": 1, \"question\": \"Why did the API fail?\"}\n```\n" +
				"Now, going one level deeper:\n```triage\n{\"why_level\": 2, \"question\": \"Why did the pool run out?\"}\n```\n",
			want:    triage.Report{WhyLevel: 2, Question: "Why did the pool run out?", Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK:  true,
			display: "Earlier I reported:\n\nNow, going one level deeper:",
		},
		{
			name: "broken JSON then a valid block",
			reply: "```triage\n{\"why_level\": 2, \"question\": \"Why did it \n```\nSorry, that block was cut. Again:\n" +
				"```triage\n{\"why_level\": 2, \"question\": \"Why did the job hang?\", \"answer\": \"A lock was held.\"}\n```",
			want:    triage.Report{WhyLevel: 2, Question: "Why did the job hang?", Answer: "A lock was held.", Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK:  true,
			display: "Sorry, that block was cut. Again:",
		},
		{
			name:   "valid block followed by a broken one: the valid one still counts",
			reply:  "```triage\n{\"why_level\": 3, \"question\": \"Why no alert?\"}\n```\n```triage\n{not json}\n```",
			want:   triage.Report{WhyLevel: 3, Question: "Why no alert?", Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK: true,
		},
		{
			name:   "trailing commas and typographic quotes are repaired",
			reply:  "```triage\n{\u201cwhy_level\u201d: 2, \u201cquestion\u201d: \u201cWhy did DNS fail?\u201d, \"evidence\": [\"a\",],}\n```",
			want:   triage.Report{WhyLevel: 2, Question: "Why did DNS fail?", Evidence: []string{"a"}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK: true,
		},
		{
			name:   "unclosed fence at the end (reply cut off after the object)",
			reply:  "Analysis.\n```triage\n{\"why_level\": 1, \"question\": \"Why is the queue growing?\"}\n",
			want:   triage.Report{WhyLevel: 1, Question: "Why is the queue growing?", Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK: true,
		},
		{
			name:   "tilde fence and evidence as objects and a single string",
			reply:  "~~~triage\n{\"why_level\": 2, \"question\": \"Why?\", \"evidence\": [{\"logId\": \"" + logID + "\", \"line\": 7}, 12]}\n~~~",
			want:   triage.Report{WhyLevel: 2, Question: "Why?", Evidence: []string{"log:" + logID + "#L7", "12"}, EvidenceRefs: []triage.EvidenceRef{{LogID: logID, Line: 7}}},
			wantOK: true,
		},
		{
			name:    "other code blocks are kept and ignored",
			reply:   "Check the config:\n```yaml\nresources:\n  limits: {memory: 256Mi}\n```\nand the output:\n```json\n{\"status\": \"OOMKilled\"}\n```",
			wantOK:  false,
			display: "Check the config:\n```yaml\nresources:\n  limits: {memory: 256Mi}\n```\nand the output:\n```json\n{\"status\": \"OOMKilled\"}\n```",
		},
		{
			name:   "JSON in prose that is not at the end does not count",
			reply:  "The model might answer {\"why_level\": 2, \"question\": \"Why?\"} but it did not. Please share logs.",
			wantOK: false,
		},
		{
			name:   "control characters are removed and the question is cut to the limit",
			reply:  "```triage\n{\"why_level\": 1, \"question\": \"Why\\u0007 " + strings.Repeat("x", 1200) + "?\"}\n```",
			wantOK: true,
			want:   triage.Report{WhyLevel: 1, Question: "Why  " + strings.Repeat("x", triage.MaxQuestionLen-6) + "…", Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
		},
		{
			name:    "one-line fence",
			reply:   "Short answer.\n```triage {\"why_level\": 2, \"question\": \"Why?\"}```",
			want:    triage.Report{WhyLevel: 2, Question: "Why?", Evidence: []string{}, EvidenceRefs: []triage.EvidenceRef{}},
			wantOK:  true,
			display: "Short answer.",
		},
		{
			name:   "empty reply",
			reply:  "",
			wantOK: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := triage.Parse(tt.reply)
			if ok != tt.wantOK {
				t.Fatalf("Parse ok = %v, want %v (report %+v)", ok, tt.wantOK, got)
			}
			if ok {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Parse (-want +got):\n%s", diff)
				}
			}
			if tt.display != "" {
				if diff := cmp.Diff(tt.display, triage.StripReport(tt.reply)); diff != "" {
					t.Errorf("StripReport (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestStripReportRemovesBrokenTriageBlocks(t *testing.T) {
	reply := "Prose.\n```triage\n{\"why_level\": 2, \"question\": \n```\nMore prose."
	if got, want := triage.StripReport(reply), "Prose.\n\nMore prose."; got != want {
		t.Errorf("StripReport = %q, want %q", got, want)
	}
	bare := "Answer text.\n{\"why_level\": 2, \"question\": \"Why?\"}\n"
	if got, want := triage.StripReport(bare), "Answer text."; got != want {
		t.Errorf("StripReport(bare) = %q, want %q", got, want)
	}
}

func TestParseEvidenceRefs(t *testing.T) {
	got := triage.ParseEvidenceRefs([]string{"log:abc-1#L10 and log:abc-1#L10 again", "log:def#L0", "see log:def#L3-L9", "nothing"})
	want := []triage.EvidenceRef{{LogID: "abc-1", Line: 10}, {LogID: "def", Line: 3}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseEvidenceRefs (-want +got):\n%s", diff)
	}
}

// FuzzParse: Parse and StripReport never panic; a parsed report always has a level in 1..5, a
// non-empty question and texts within the limits.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"```triage\n{\"why_level\": 2, \"question\": \"Why?\", \"evidence\": [\"log:a#L1\"], \"root_cause_reached\": \"true\"}\n```",
		"prose {\"why_level\": \"9\", \"question\": \"q\"}",
		"```json\n{\"whyLevel\": 1.0, \"question\": \"q\",}\n```\n~~~\n{\"why_level\": -3}\n~~~",
		"```triage\n{\"why_level\": 1e308, \"question\": \"\\u0000\"}",
		"{\"a\": \"}\\\"{\"}",
		"Why 2: root cause reached",
		"````\n```triage\n{}\n```\n````",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reply string) {
		r, ok := triage.Parse(reply)
		_ = triage.StripReport(reply)
		if !ok {
			return
		}
		if r.WhyLevel < 1 || r.WhyLevel > triage.MaxLevel {
			t.Fatalf("level %d out of range for %q", r.WhyLevel, reply)
		}
		if r.Question == "" || !utf8.ValidString(r.Question) || utf8.RuneCountInString(r.Question) > triage.MaxQuestionLen {
			t.Fatalf("bad question %q for %q", r.Question, reply)
		}
		if utf8.RuneCountInString(r.Answer) > triage.MaxAnswerLen || !utf8.ValidString(r.Answer) {
			t.Fatalf("bad answer for %q", reply)
		}
		if r.Confidence < 0 || r.Confidence > 1 {
			t.Fatalf("confidence %v out of range", r.Confidence)
		}
		if r.Evidence == nil || r.EvidenceRefs == nil {
			t.Fatalf("nil evidence slices")
		}
	})
}
