package docs

import (
	"fmt"
	"strings"
)

// sectionFunc writes the body of one section (without its heading).
type sectionFunc func(b *strings.Builder, d *incidentData)

type section struct {
	title  string
	render sectionFunc
	free   bool // written by the team (no incident data): never refreshed from the incident
}

type tmpl struct {
	info     TemplateInfo
	titlePre string // the document title is titlePre + the incident's title
	sections []section
}

// notWritten is the one sentence a free-text section without source data gets: it tells the
// author what belongs there. Every template uses it, so the wording is the same everywhere.
func notWritten(what string) sectionFunc {
	return func(b *strings.Builder, _ *incidentData) {
		fmt.Fprintf(b, "_Not written yet: %s._\n", what)
	}
}

// templates lists the templates in picker order. Section lists follow the field's templates
// (reference/APIS.md); where a template has no metrics section, its Timeline carries them.
func templates() []tmpl {
	return []tmpl{
		{
			info: TemplateInfo{ID: TemplateRCA, Name: "Root cause analysis", DocType: TypeRCA,
				Description: "TFTSR's RCA: impact, timeline with response metrics, the five whys with their evidence, root cause, contributing factors, logs analysed and action items."},
			titlePre: "RCA: ",
			sections: []section{
				{"Summary", secSummary, false},
				{"Impact", secImpact, false},
				{"Timeline", secTimeline(false), false},
				{"Detection and response metrics", secMetrics, false},
				{"Five whys", secFiveWhys, false},
				{"Root cause", secRootCause, false},
				{"Contributing factors", secFactors(false), false},
				{"Logs analysed", secLogs, false},
				{"Action items", secActions, false},
				{"Lessons learned", notWritten("what the team learned, and what it will do differently"), true},
			},
		},
		{
			info: TemplateInfo{ID: TemplatePostmortem, Name: "Blameless post-mortem", DocType: TypePostmortem,
				Description: "A blameless post-mortem: what happened and why, in terms of systems and processes, with what went well, what went wrong and where we got lucky."},
			titlePre: "Post-mortem: ",
			sections: []section{
				{"Summary", secSummary, false},
				{"Impact", secImpact, false},
				{"Timeline", secTimeline(true), false},
				{"What happened", secWhatHappened, false},
				{"Contributing factors", secFactors(true), false},
				{"What went well", notWritten("what went well during the response"), true},
				{"What went wrong", notWritten("what went wrong or made the response harder"), true},
				{"Where we got lucky", notWritten("where things went right by chance"), true},
				{"Action items", secActions, false},
				{"Logs analysed", secLogs, false},
			},
		},
		{
			info: TemplateInfo{ID: TemplateGoogleSRE, Name: "Google SRE post-mortem", DocType: TypePostmortem,
				Description: "The section list of the Google SRE book's example post-mortem: root causes, trigger, resolution, detection, action items and lessons learned."},
			titlePre: "Post-mortem: ",
			sections: []section{
				{"Summary", secSummary, false},
				{"Impact", secImpact, false},
				{"Root causes", secRootCauses, false},
				{"Trigger", secTrigger, false},
				{"Resolution", secResolution, false},
				{"Detection", secDetection, false},
				{"Action items", secActions, false},
				{"Lessons learned", secLessonsSRE, true},
				{"Timeline", secTimeline(true), false},
			},
		},
		{
			info: TemplateInfo{ID: TemplatePagerDuty, Name: "PagerDuty post-mortem", DocType: TypePostmortem,
				Description: "The section list of PagerDuty's post-mortem template: overview, what happened, contributing factors, resolution, impact, timeline, responders and action items."},
			titlePre: "Post-mortem: ",
			sections: []section{
				{"Overview", secSummary, false},
				{"What happened", secWhatHappened, false},
				{"Contributing factors", secFactors(true), false},
				{"Resolution", secResolution, false},
				{"Impact", secImpact, false},
				{"Timeline", secTimeline(true), false},
				{"Responders", secResponders, false},
				{"Action items", secActions, false},
			},
		},
		{
			info: TemplateInfo{ID: TemplateAtlassian, Name: "Atlassian post-mortem", DocType: TypePostmortem,
				Description: "The section list of Atlassian's incident post-mortem: leadup, fault, impact, detection, response, recovery, timeline, five whys and corrective actions."},
			titlePre: "Post-mortem: ",
			sections: []section{
				{"Summary", secSummary, false},
				{"Leadup", notWritten("the circumstances and changes that led up to the incident"), true},
				{"Fault", secFault, false},
				{"Impact", secImpact, false},
				{"Detection", secDetection, false},
				{"Response", secResponse, false},
				{"Recovery", secResolution, false},
				{"Timeline", secTimeline(false), false},
				{"Five whys", secFiveWhys, false},
				{"Related records", secRelated, false},
				{"Lessons learned", notWritten("what the team learned, and what it will do differently"), true},
				{"Corrective actions", secActions, false},
			},
		},
	}
}

func templateByID(id string) (tmpl, bool) {
	for _, t := range templates() {
		if t.info.ID == id {
			return t, true
		}
	}
	return tmpl{}, false
}

// TemplateIDs lists the template ids in picker order.
func TemplateIDs() []string {
	var ids []string
	for _, t := range templates() {
		ids = append(ids, t.info.ID)
	}
	return ids
}

// Templates lists the templates a document can be generated from, in picker order.
func Templates() []TemplateInfo {
	ts := templates()
	out := make([]TemplateInfo, 0, len(ts))
	for _, t := range ts {
		info := t.info
		for _, s := range t.sections {
			info.Sections = append(info.Sections, s.title)
		}
		out = append(out, info)
	}
	return out
}
