export namespace actions {
	
	export class Input {
	    title: string;
	    owner: string;
	    dueDate: string;
	    priority: string;
	    status: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.owner = source["owner"];
	        this.dueDate = source["dueDate"];
	        this.priority = source["priority"];
	        this.status = source["status"];
	    }
	}
	export class Item {
	    id: string;
	    issueId: string;
	    title: string;
	    owner: string;
	    dueDate: string;
	    priority: string;
	    status: string;
	    position: number;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Item(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.title = source["title"];
	        this.owner = source["owner"];
	        this.dueDate = source["dueDate"];
	        this.priority = source["priority"];
	        this.status = source["status"];
	        this.position = source["position"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Options {
	    priorities: string[];
	    statuses: string[];
	
	    static createFrom(source: any = {}) {
	        return new Options(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.priorities = source["priorities"];
	        this.statuses = source["statuses"];
	    }
	}
	export class Update {
	    title?: string;
	    owner?: string;
	    dueDate?: string;
	    priority?: string;
	    status?: string;
	
	    static createFrom(source: any = {}) {
	        return new Update(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.owner = source["owner"];
	        this.dueDate = source["dueDate"];
	        this.priority = source["priority"];
	        this.status = source["status"];
	    }
	}

}

export namespace ai {
	
	export class CustomFormat {
	    Path: string;
	    AuthHeader: string;
	    AuthPrefix: string;
	    ModelField: string;
	    MessagesField: string;
	    SystemField: string;
	    TextField: string;
	    InputTokensField: string;
	    OutputTokensField: string;
	
	    static createFrom(source: any = {}) {
	        return new CustomFormat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.Path = source["Path"];
	        this.AuthHeader = source["AuthHeader"];
	        this.AuthPrefix = source["AuthPrefix"];
	        this.ModelField = source["ModelField"];
	        this.MessagesField = source["MessagesField"];
	        this.SystemField = source["SystemField"];
	        this.TextField = source["TextField"];
	        this.InputTokensField = source["InputTokensField"];
	        this.OutputTokensField = source["OutputTokensField"];
	    }
	}
	export class Model {
	    id: string;
	    name: string;
	
	    static createFrom(source: any = {}) {
	        return new Model(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	    }
	}

}

export namespace app {
	
	export class ApprovedText {
	    text: string;
	    sha256: string;
	    bytes: number;
	    kept: number;
	    redacted: number;
	
	    static createFrom(source: any = {}) {
	        return new ApprovedText(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.sha256 = source["sha256"];
	        this.bytes = source["bytes"];
	        this.kept = source["kept"];
	        this.redacted = source["redacted"];
	    }
	}
	export class ChatMessage {
	    id: string;
	    conversationId: string;
	    seq: number;
	    role: string;
	    content: string;
	    status: string;
	    error: string;
	    tokenCount: number;
	    inputTokens: number;
	    model: string;
	    attachments: chat.Attachment[];
	    createdAt: string;
	    display: string;
	    report: any;
	
	    static createFrom(source: any = {}) {
	        return new ChatMessage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.conversationId = source["conversationId"];
	        this.seq = source["seq"];
	        this.role = source["role"];
	        this.content = source["content"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.tokenCount = source["tokenCount"];
	        this.inputTokens = source["inputTokens"];
	        this.model = source["model"];
	        this.attachments = this.convertValues(source["attachments"], chat.Attachment);
	        this.createdAt = source["createdAt"];
	        this.display = source["display"];
	        this.report = source["report"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChatState {
	    conversation?: chat.Conversation;
	    messages: ChatMessage[];
	    draft: string;
	    provider?: providers.Provider;
	    explicit: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChatState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversation = this.convertValues(source["conversation"], chat.Conversation);
	        this.messages = this.convertValues(source["messages"], ChatMessage);
	        this.draft = source["draft"];
	        this.provider = this.convertValues(source["provider"], providers.Provider);
	        this.explicit = source["explicit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class DraftInput {
	    section: string;
	    reviewId: string;
	    decisions: string[];
	
	    static createFrom(source: any = {}) {
	        return new DraftInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.section = source["section"];
	        this.reviewId = source["reviewId"];
	        this.decisions = source["decisions"];
	    }
	}
	export class DraftResult {
	    section: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new DraftResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.section = source["section"];
	        this.text = source["text"];
	    }
	}
	export class ExportInput {
	    format: string;
	    path: string;
	    overwrite: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ExportInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.path = source["path"];
	        this.overwrite = source["overwrite"];
	    }
	}
	export class KindInfo {
	    kind: string;
	    label: string;
	    defaultBaseUrl: string;
	    needsBaseUrl: boolean;
	    keyOptional: boolean;
	    needsVersion: boolean;
	    modelHint: string;
	    help: string;
	
	    static createFrom(source: any = {}) {
	        return new KindInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.defaultBaseUrl = source["defaultBaseUrl"];
	        this.needsBaseUrl = source["needsBaseUrl"];
	        this.keyOptional = source["keyOptional"];
	        this.needsVersion = source["needsVersion"];
	        this.modelHint = source["modelHint"];
	        this.help = source["help"];
	    }
	}
	export class LogJob {
	    id: string;
	    issueId: string;
	    kind: string;
	    phase: string;
	    logId: string;
	    done: boolean;
	    cancelled: boolean;
	    bytesDone: number;
	    total: number;
	    error?: apperr.Error;
	    results: logs.Result[];
	    apply?: redaction.ApplyResult;
	
	    static createFrom(source: any = {}) {
	        return new LogJob(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.kind = source["kind"];
	        this.phase = source["phase"];
	        this.logId = source["logId"];
	        this.done = source["done"];
	        this.cancelled = source["cancelled"];
	        this.bytesDone = source["bytesDone"];
	        this.total = source["total"];
	        this.error = this.convertValues(source["error"], apperr.Error);
	        this.results = this.convertValues(source["results"], logs.Result);
	        this.apply = this.convertValues(source["apply"], redaction.ApplyResult);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PIIType {
	    type: string;
	    label: string;
	    class: string;
	
	    static createFrom(source: any = {}) {
	        return new PIIType(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.label = source["label"];
	        this.class = source["class"];
	    }
	}
	export class Meta {
	    version: string;
	    severities: string[];
	    statuses: string[];
	    domains: string[];
	    piiTypes: PIIType[];
	
	    static createFrom(source: any = {}) {
	        return new Meta(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.version = source["version"];
	        this.severities = source["severities"];
	        this.statuses = source["statuses"];
	        this.domains = source["domains"];
	        this.piiTypes = this.convertValues(source["piiTypes"], PIIType);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ParsedReply {
	    found: boolean;
	    report: triage.Report;
	    display: string;
	
	    static createFrom(source: any = {}) {
	        return new ParsedReply(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.found = source["found"];
	        this.report = this.convertValues(source["report"], triage.Report);
	        this.display = source["display"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PublishInput {
	    reviewId: string;
	    decisions: string[];
	    recreate: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PublishInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.reviewId = source["reviewId"];
	        this.decisions = source["decisions"];
	        this.recreate = source["recreate"];
	    }
	}
	export class SecurityInfo {
	    keySource: string;
	    keyfilePath: string;
	    dataDir: string;
	    dbPath: string;
	    schemaVersion: number;
	    schemaDirty: boolean;
	    encrypted: boolean;
	    audit: audit.Report;
	
	    static createFrom(source: any = {}) {
	        return new SecurityInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.keySource = source["keySource"];
	        this.keyfilePath = source["keyfilePath"];
	        this.dataDir = source["dataDir"];
	        this.dbPath = source["dbPath"];
	        this.schemaVersion = source["schemaVersion"];
	        this.schemaDirty = source["schemaDirty"];
	        this.encrypted = source["encrypted"];
	        this.audit = this.convertValues(source["audit"], audit.Report);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SendInput {
	    reviewId: string;
	    decisions: string[];
	    attachments: chat.Attachment[];
	
	    static createFrom(source: any = {}) {
	        return new SendInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.reviewId = source["reviewId"];
	        this.decisions = source["decisions"];
	        this.attachments = this.convertValues(source["attachments"], chat.Attachment);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Startup {
	    ready: boolean;
	    error?: apperr.Error;
	
	    static createFrom(source: any = {}) {
	        return new Startup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ready = source["ready"];
	        this.error = this.convertValues(source["error"], apperr.Error);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TextFinding {
	    index: number;
	    type: string;
	    rule: string;
	    start: number;
	    end: number;
	    value: string;
	    placeholder: string;
	
	    static createFrom(source: any = {}) {
	        return new TextFinding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.index = source["index"];
	        this.type = source["type"];
	        this.rule = source["rule"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.value = source["value"];
	        this.placeholder = source["placeholder"];
	    }
	}
	export class TextReview {
	    id: string;
	    issueId: string;
	    text: string;
	    findings: TextFinding[];
	
	    static createFrom(source: any = {}) {
	        return new TextReview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.text = source["text"];
	        this.findings = this.convertValues(source["findings"], TextFinding);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace apperr {
	
	export class Error {
	    code: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Error(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.code = source["code"];
	        this.message = source["message"];
	    }
	}

}

export namespace audit {
	
	export class Report {
	    ok: boolean;
	    entries: number;
	    brokenAtSeq: number;
	    brokenId: string;
	    reason: string;
	    lastHash: string;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.entries = source["entries"];
	        this.brokenAtSeq = source["brokenAtSeq"];
	        this.brokenId = source["brokenId"];
	        this.reason = source["reason"];
	        this.lastHash = source["lastHash"];
	    }
	}

}

export namespace chat {
	
	export class Attachment {
	    kind: string;
	    logId: string;
	    from: number;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new Attachment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.logId = source["logId"];
	        this.from = source["from"];
	        this.count = source["count"];
	    }
	}
	export class Conversation {
	    id: string;
	    issueId: string;
	    provider: string;
	    model: string;
	    createdAt: string;
	    title: string;
	
	    static createFrom(source: any = {}) {
	        return new Conversation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.provider = source["provider"];
	        this.model = source["model"];
	        this.createdAt = source["createdAt"];
	        this.title = source["title"];
	    }
	}
	export class Message {
	    id: string;
	    conversationId: string;
	    seq: number;
	    role: string;
	    content: string;
	    status: string;
	    error: string;
	    tokenCount: number;
	    inputTokens: number;
	    model: string;
	    attachments: Attachment[];
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.conversationId = source["conversationId"];
	        this.seq = source["seq"];
	        this.role = source["role"];
	        this.content = source["content"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.tokenCount = source["tokenCount"];
	        this.inputTokens = source["inputTokens"];
	        this.model = source["model"];
	        this.attachments = this.convertValues(source["attachments"], Attachment);
	        this.createdAt = source["createdAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SendResult {
	    conversation: Conversation;
	    user?: Message;
	    assistant: Message;
	    omitted: number;
	
	    static createFrom(source: any = {}) {
	        return new SendResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.conversation = this.convertValues(source["conversation"], Conversation);
	        this.user = this.convertValues(source["user"], Message);
	        this.assistant = this.convertValues(source["assistant"], Message);
	        this.omitted = source["omitted"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace docs {
	
	export class DiffLine {
	    op: string;
	    text: string;
	    old: number;
	    new: number;
	
	    static createFrom(source: any = {}) {
	        return new DiffLine(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.op = source["op"];
	        this.text = source["text"];
	        this.old = source["old"];
	        this.new = source["new"];
	    }
	}
	export class Diff {
	    from: number;
	    to: number;
	    added: number;
	    removed: number;
	    lines: DiffLine[];
	
	    static createFrom(source: any = {}) {
	        return new Diff(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.added = source["added"];
	        this.removed = source["removed"];
	        this.lines = this.convertValues(source["lines"], DiffLine);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Publication {
	    pageId: string;
	    url: string;
	    pageVersion: number;
	    docVersion: number;
	    spaceKey: string;
	    baseUrl: string;
	    publishedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Publication(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pageId = source["pageId"];
	        this.url = source["url"];
	        this.pageVersion = source["pageVersion"];
	        this.docVersion = source["docVersion"];
	        this.spaceKey = source["spaceKey"];
	        this.baseUrl = source["baseUrl"];
	        this.publishedAt = source["publishedAt"];
	    }
	}
	export class Document {
	    id: string;
	    issueId: string;
	    docType: string;
	    template: string;
	    title: string;
	    version: number;
	    createdAt: string;
	    updatedAt: string;
	    publication?: Publication;
	    contentMd: string;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.docType = source["docType"];
	        this.template = source["template"];
	        this.title = source["title"];
	        this.version = source["version"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.publication = this.convertValues(source["publication"], Publication);
	        this.contentMd = source["contentMd"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SaveInput {
	    title: string;
	    contentMd: string;
	    newVersion: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SaveInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.contentMd = source["contentMd"];
	        this.newVersion = source["newVersion"];
	    }
	}
	export class Summary {
	    id: string;
	    issueId: string;
	    docType: string;
	    template: string;
	    title: string;
	    version: number;
	    createdAt: string;
	    updatedAt: string;
	    publication?: Publication;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.docType = source["docType"];
	        this.template = source["template"];
	        this.title = source["title"];
	        this.version = source["version"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.publication = this.convertValues(source["publication"], Publication);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TemplateInfo {
	    id: string;
	    name: string;
	    description: string;
	    docType: string;
	    sections: string[];
	
	    static createFrom(source: any = {}) {
	        return new TemplateInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.description = source["description"];
	        this.docType = source["docType"];
	        this.sections = source["sections"];
	    }
	}
	export class Version {
	    number: number;
	    source: string;
	    title: string;
	    bytes: number;
	    createdAt: string;
	    updatedAt: string;
	    current: boolean;
	    published: boolean;
	    sealed: boolean;
	    contentMd: string;
	
	    static createFrom(source: any = {}) {
	        return new Version(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.number = source["number"];
	        this.source = source["source"];
	        this.title = source["title"];
	        this.bytes = source["bytes"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.current = source["current"];
	        this.published = source["published"];
	        this.sealed = source["sealed"];
	        this.contentMd = source["contentMd"];
	    }
	}
	export class VersionInfo {
	    number: number;
	    source: string;
	    title: string;
	    bytes: number;
	    createdAt: string;
	    updatedAt: string;
	    current: boolean;
	    published: boolean;
	    sealed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new VersionInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.number = source["number"];
	        this.source = source["source"];
	        this.title = source["title"];
	        this.bytes = source["bytes"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.current = source["current"];
	        this.published = source["published"];
	        this.sealed = source["sealed"];
	    }
	}

}

export namespace incident {
	
	export class Conversation {
	    id: string;
	    issueId: string;
	    provider: string;
	    model: string;
	    createdAt: string;
	    title: string;
	
	    static createFrom(source: any = {}) {
	        return new Conversation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.provider = source["provider"];
	        this.model = source["model"];
	        this.createdAt = source["createdAt"];
	        this.title = source["title"];
	    }
	}
	export class CreateInput {
	    title: string;
	    description: string;
	    severity: string;
	    domain: string;
	    assignedTo: string;
	    tags: string[];
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new CreateInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.description = source["description"];
	        this.severity = source["severity"];
	        this.domain = source["domain"];
	        this.assignedTo = source["assignedTo"];
	        this.tags = source["tags"];
	        this.source = source["source"];
	    }
	}
	export class Issue {
	    id: string;
	    title: string;
	    description: string;
	    severity: string;
	    status: string;
	    domain: string;
	    source: string;
	    createdAt: string;
	    updatedAt: string;
	    resolvedAt: string;
	    assignedTo: string;
	    tags: string[];
	
	    static createFrom(source: any = {}) {
	        return new Issue(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.severity = source["severity"];
	        this.status = source["status"];
	        this.domain = source["domain"];
	        this.source = source["source"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.resolvedAt = source["resolvedAt"];
	        this.assignedTo = source["assignedTo"];
	        this.tags = source["tags"];
	    }
	}
	export class SeverityCount {
	    severity: string;
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new SeverityCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.severity = source["severity"];
	        this.count = source["count"];
	    }
	}
	export class Dashboard {
	    openBySeverity: SeverityCount[];
	    openTotal: number;
	    resolvedLast7Days: number;
	    meanTimeToResolveMs: number;
	    resolvedCount: number;
	    total: number;
	    recent: Issue[];
	
	    static createFrom(source: any = {}) {
	        return new Dashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.openBySeverity = this.convertValues(source["openBySeverity"], SeverityCount);
	        this.openTotal = source["openTotal"];
	        this.resolvedLast7Days = source["resolvedLast7Days"];
	        this.meanTimeToResolveMs = source["meanTimeToResolveMs"];
	        this.resolvedCount = source["resolvedCount"];
	        this.total = source["total"];
	        this.recent = this.convertValues(source["recent"], Issue);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ResolutionStep {
	    id: string;
	    issueId: string;
	    stepOrder: number;
	    whyQuestion: string;
	    answer: string;
	    evidence: string;
	    createdAt: string;
	
	    static createFrom(source: any = {}) {
	        return new ResolutionStep(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.stepOrder = source["stepOrder"];
	        this.whyQuestion = source["whyQuestion"];
	        this.answer = source["answer"];
	        this.evidence = source["evidence"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class LogFile {
	    id: string;
	    issueId: string;
	    fileName: string;
	    fileSize: number;
	    mimeType: string;
	    contentHash: string;
	    uploadedAt: string;
	    redacted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new LogFile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.fileName = source["fileName"];
	        this.fileSize = source["fileSize"];
	        this.mimeType = source["mimeType"];
	        this.contentHash = source["contentHash"];
	        this.uploadedAt = source["uploadedAt"];
	        this.redacted = source["redacted"];
	    }
	}
	export class Detail {
	    issue: Issue;
	    logFiles: LogFile[];
	    resolutionSteps: ResolutionStep[];
	    conversations: Conversation[];
	
	    static createFrom(source: any = {}) {
	        return new Detail(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.issue = this.convertValues(source["issue"], Issue);
	        this.logFiles = this.convertValues(source["logFiles"], LogFile);
	        this.resolutionSteps = this.convertValues(source["resolutionSteps"], ResolutionStep);
	        this.conversations = this.convertValues(source["conversations"], Conversation);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ListFilter {
	    status: string[];
	    severity: string[];
	    domain: string;
	    assignedTo: string;
	    tag: string;
	    sort: string;
	    desc: boolean;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new ListFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.severity = source["severity"];
	        this.domain = source["domain"];
	        this.assignedTo = source["assignedTo"];
	        this.tag = source["tag"];
	        this.sort = source["sort"];
	        this.desc = source["desc"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class ListResult {
	    items: Issue[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new ListResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Issue);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	export class SearchHit {
	    issue: Issue;
	    titleSnippet: string;
	    descriptionSnippet: string;
	    rank: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.issue = this.convertValues(source["issue"], Issue);
	        this.titleSnippet = source["titleSnippet"];
	        this.descriptionSnippet = source["descriptionSnippet"];
	        this.rank = source["rank"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SearchResult {
	    query: string;
	    hits: SearchHit[];
	
	    static createFrom(source: any = {}) {
	        return new SearchResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.hits = this.convertValues(source["hits"], SearchHit);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class UpdateInput {
	    title?: string;
	    description?: string;
	    severity?: string;
	    domain?: string;
	    assignedTo?: string;
	    tags?: string[];
	
	    static createFrom(source: any = {}) {
	        return new UpdateInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.description = source["description"];
	        this.severity = source["severity"];
	        this.domain = source["domain"];
	        this.assignedTo = source["assignedTo"];
	        this.tags = source["tags"];
	    }
	}

}

export namespace integrations {
	
	export class Confluence {
	    configured: boolean;
	    baseUrl: string;
	    deployment: string;
	    email: string;
	    spaceKey: string;
	    parentId: string;
	    tokenSet: boolean;
	    tokenHint: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Confluence(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.configured = source["configured"];
	        this.baseUrl = source["baseUrl"];
	        this.deployment = source["deployment"];
	        this.email = source["email"];
	        this.spaceKey = source["spaceKey"];
	        this.parentId = source["parentId"];
	        this.tokenSet = source["tokenSet"];
	        this.tokenHint = source["tokenHint"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class ConfluenceCheck {
	    settings: Confluence;
	    user: string;
	    spaceName: string;
	    parentTitle: string;
	
	    static createFrom(source: any = {}) {
	        return new ConfluenceCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.settings = this.convertValues(source["settings"], Confluence);
	        this.user = source["user"];
	        this.spaceName = source["spaceName"];
	        this.parentTitle = source["parentTitle"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ConfluenceInput {
	    baseUrl: string;
	    deployment: string;
	    email: string;
	    spaceKey: string;
	    parentId: string;
	    token?: string;
	
	    static createFrom(source: any = {}) {
	        return new ConfluenceInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.baseUrl = source["baseUrl"];
	        this.deployment = source["deployment"];
	        this.email = source["email"];
	        this.spaceKey = source["spaceKey"];
	        this.parentId = source["parentId"];
	        this.token = source["token"];
	    }
	}

}

export namespace logs {
	
	export class Info {
	    id: string;
	    issueId: string;
	    fileName: string;
	    filePath: string;
	    size: number;
	    mimeType: string;
	    sha256: string;
	    // Go type: time
	    uploadedAt: any;
	    redacted: boolean;
	    lines: number;
	    textBytes: number;
	    encoding: string;
	    invalidUtf8: number;
	    splitLines: number;
	    member?: string;
	
	    static createFrom(source: any = {}) {
	        return new Info(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.fileName = source["fileName"];
	        this.filePath = source["filePath"];
	        this.size = source["size"];
	        this.mimeType = source["mimeType"];
	        this.sha256 = source["sha256"];
	        this.uploadedAt = this.convertValues(source["uploadedAt"], null);
	        this.redacted = source["redacted"];
	        this.lines = source["lines"];
	        this.textBytes = source["textBytes"];
	        this.encoding = source["encoding"];
	        this.invalidUtf8 = source["invalidUtf8"];
	        this.splitLines = source["splitLines"];
	        this.member = source["member"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Line {
	    n: number;
	    text: string;
	    continued?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Line(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.n = source["n"];
	        this.text = source["text"];
	        this.continued = source["continued"];
	    }
	}
	export class Result {
	    logFileId: string;
	    fileName: string;
	    filePath: string;
	    member?: string;
	    size: number;
	    mimeType: string;
	    sha256: string;
	    encoding: string;
	    lines: number;
	    textBytes: number;
	    invalidUtf8: number;
	    splitLines: number;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.logFileId = source["logFileId"];
	        this.fileName = source["fileName"];
	        this.filePath = source["filePath"];
	        this.member = source["member"];
	        this.size = source["size"];
	        this.mimeType = source["mimeType"];
	        this.sha256 = source["sha256"];
	        this.encoding = source["encoding"];
	        this.lines = source["lines"];
	        this.textBytes = source["textBytes"];
	        this.invalidUtf8 = source["invalidUtf8"];
	        this.splitLines = source["splitLines"];
	    }
	}

}

export namespace providers {
	
	export class Choice {
	    providerId: string;
	    explicit: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Choice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.providerId = source["providerId"];
	        this.explicit = source["explicit"];
	    }
	}
	export class Input {
	    name: string;
	    kind: string;
	    baseUrl: string;
	    model: string;
	    apiKey?: string;
	    temperature?: number;
	    maxTokens: number;
	    contextWindow: number;
	    apiVersion: string;
	    custom?: ai.CustomFormat;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.baseUrl = source["baseUrl"];
	        this.model = source["model"];
	        this.apiKey = source["apiKey"];
	        this.temperature = source["temperature"];
	        this.maxTokens = source["maxTokens"];
	        this.contextWindow = source["contextWindow"];
	        this.apiVersion = source["apiVersion"];
	        this.custom = this.convertValues(source["custom"], ai.CustomFormat);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Provider {
	    id: string;
	    name: string;
	    kind: string;
	    baseUrl: string;
	    model: string;
	    keySet: boolean;
	    keyHint: string;
	    temperature?: number;
	    maxTokens: number;
	    contextWindow: number;
	    apiVersion: string;
	    custom?: ai.CustomFormat;
	    isDefault: boolean;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Provider(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.kind = source["kind"];
	        this.baseUrl = source["baseUrl"];
	        this.model = source["model"];
	        this.keySet = source["keySet"];
	        this.keyHint = source["keyHint"];
	        this.temperature = source["temperature"];
	        this.maxTokens = source["maxTokens"];
	        this.contextWindow = source["contextWindow"];
	        this.apiVersion = source["apiVersion"];
	        this.custom = this.convertValues(source["custom"], ai.CustomFormat);
	        this.isDefault = source["isDefault"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class TestResult {
	    ok: boolean;
	    message: string;
	    models: number;
	    latencyMs: number;
	
	    static createFrom(source: any = {}) {
	        return new TestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.message = source["message"];
	        this.models = source["models"];
	        this.latencyMs = source["latencyMs"];
	    }
	}

}

export namespace publish {
	
	export class ExportResult {
	    path: string;
	    format: string;
	    bytes: number;
	    sha256: string;
	    version: number;
	
	    static createFrom(source: any = {}) {
	        return new ExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.format = source["format"];
	        this.bytes = source["bytes"];
	        this.sha256 = source["sha256"];
	        this.version = source["version"];
	    }
	}

}

export namespace redaction {
	
	export class AllowEntry {
	    id: string;
	    issueId: string;
	    type: string;
	    value: string;
	    // Go type: time
	    createdAt: any;
	
	    static createFrom(source: any = {}) {
	        return new AllowEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.type = source["type"];
	        this.value = source["value"];
	        this.createdAt = this.convertValues(source["createdAt"], null);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ApplyResult {
	    logFileId: string;
	    sha256: string;
	    bytes: number;
	    redacted: number;
	    kept: number;
	
	    static createFrom(source: any = {}) {
	        return new ApplyResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.logFileId = source["logFileId"];
	        this.sha256 = source["sha256"];
	        this.bytes = source["bytes"];
	        this.redacted = source["redacted"];
	        this.kept = source["kept"];
	    }
	}
	export class Decision {
	    scope: string;
	    findingId: string;
	    type: string;
	    value: string;
	    action: string;
	
	    static createFrom(source: any = {}) {
	        return new Decision(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scope = source["scope"];
	        this.findingId = source["findingId"];
	        this.type = source["type"];
	        this.value = source["value"];
	        this.action = source["action"];
	    }
	}
	export class Finding {
	    id: string;
	    type: string;
	    rule: string;
	    line: number;
	    start: number;
	    endLine: number;
	    end: number;
	    value: string;
	    placeholder: string;
	    decision: string;
	    allowlisted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Finding(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.type = source["type"];
	        this.rule = source["rule"];
	        this.line = source["line"];
	        this.start = source["start"];
	        this.endLine = source["endLine"];
	        this.end = source["end"];
	        this.value = source["value"];
	        this.placeholder = source["placeholder"];
	        this.decision = source["decision"];
	        this.allowlisted = source["allowlisted"];
	    }
	}
	export class FindingPage {
	    total: number;
	    items: Finding[];
	
	    static createFrom(source: any = {}) {
	        return new FindingPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.items = this.convertValues(source["items"], Finding);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FindingQuery {
	    type: string;
	    value: string;
	    decision: string;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new FindingQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.value = source["value"];
	        this.decision = source["decision"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	}
	export class Pseudonym {
	    placeholder: string;
	    type: string;
	    value: string;
	
	    static createFrom(source: any = {}) {
	        return new Pseudonym(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.placeholder = source["placeholder"];
	        this.type = source["type"];
	        this.value = source["value"];
	    }
	}
	export class TypeCount {
	    type: string;
	    total: number;
	    redact: number;
	    keep: number;
	
	    static createFrom(source: any = {}) {
	        return new TypeCount(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.total = source["total"];
	        this.redact = source["redact"];
	        this.keep = source["keep"];
	    }
	}
	export class Summary {
	    logFileId: string;
	    issueId: string;
	    scanned: boolean;
	    // Go type: time
	    scannedAt?: any;
	    disabledTypes: string[];
	    settingsChanged: boolean;
	    total: number;
	    redact: number;
	    keep: number;
	    types: TypeCount[];
	    applied: boolean;
	    // Go type: time
	    appliedAt?: any;
	    appliedSha256: string;
	    pending: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.logFileId = source["logFileId"];
	        this.issueId = source["issueId"];
	        this.scanned = source["scanned"];
	        this.scannedAt = this.convertValues(source["scannedAt"], null);
	        this.disabledTypes = source["disabledTypes"];
	        this.settingsChanged = source["settingsChanged"];
	        this.total = source["total"];
	        this.redact = source["redact"];
	        this.keep = source["keep"];
	        this.types = this.convertValues(source["types"], TypeCount);
	        this.applied = source["applied"];
	        this.appliedAt = this.convertValues(source["appliedAt"], null);
	        this.appliedSha256 = source["appliedSha256"];
	        this.pending = source["pending"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ValueGroup {
	    type: string;
	    value: string;
	    placeholder: string;
	    count: number;
	    redact: number;
	    keep: number;
	    allowlisted: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ValueGroup(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.type = source["type"];
	        this.value = source["value"];
	        this.placeholder = source["placeholder"];
	        this.count = source["count"];
	        this.redact = source["redact"];
	        this.keep = source["keep"];
	        this.allowlisted = source["allowlisted"];
	    }
	}
	export class ValuePage {
	    total: number;
	    items: ValueGroup[];
	
	    static createFrom(source: any = {}) {
	        return new ValuePage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.total = source["total"];
	        this.items = this.convertValues(source["items"], ValueGroup);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace settings {
	
	export class Settings {
	    theme: string;
	    defaultSeverity: string;
	    defaultDomain: string;
	    defaultAssignee: string;
	    disabledPiiTypes: string[];
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.theme = source["theme"];
	        this.defaultSeverity = source["defaultSeverity"];
	        this.defaultDomain = source["defaultDomain"];
	        this.defaultAssignee = source["defaultAssignee"];
	        this.disabledPiiTypes = source["disabledPiiTypes"];
	    }
	}

}

export namespace timeline {
	
	export class Aggregate {
	    count: number;
	    meanMs: number;
	    medianMs: number;
	    invalid: number;
	
	    static createFrom(source: any = {}) {
	        return new Aggregate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.count = source["count"];
	        this.meanMs = source["meanMs"];
	        this.medianMs = source["medianMs"];
	        this.invalid = source["invalid"];
	    }
	}
	export class Dashboard {
	    timeToDetect: Aggregate;
	    timeToMitigate: Aggregate;
	    timeToResolve: Aggregate;
	
	    static createFrom(source: any = {}) {
	        return new Dashboard(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.timeToDetect = this.convertValues(source["timeToDetect"], Aggregate);
	        this.timeToMitigate = this.convertValues(source["timeToMitigate"], Aggregate);
	        this.timeToResolve = this.convertValues(source["timeToResolve"], Aggregate);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Duration {
	    status: string;
	    ms: number;
	    from: string;
	    to: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new Duration(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.status = source["status"];
	        this.ms = source["ms"];
	        this.from = source["from"];
	        this.to = source["to"];
	        this.reason = source["reason"];
	    }
	}
	export class Event {
	    id: string;
	    issueId: string;
	    kind: string;
	    title: string;
	    detail: string;
	    occurredAt: string;
	    source: string;
	    seq: number;
	    createdAt: string;
	    updatedAt: string;
	    editable: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Event(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.detail = source["detail"];
	        this.occurredAt = source["occurredAt"];
	        this.source = source["source"];
	        this.seq = source["seq"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.editable = source["editable"];
	    }
	}
	export class Input {
	    kind: string;
	    title: string;
	    detail: string;
	    occurredAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.detail = source["detail"];
	        this.occurredAt = source["occurredAt"];
	    }
	}
	export class KindInfo {
	    kind: string;
	    label: string;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new KindInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.label = source["label"];
	        this.source = source["source"];
	    }
	}
	export class Metrics {
	    issueId: string;
	    timeToDetect: Duration;
	    timeToMitigate: Duration;
	    timeToResolve: Duration;
	
	    static createFrom(source: any = {}) {
	        return new Metrics(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.issueId = source["issueId"];
	        this.timeToDetect = this.convertValues(source["timeToDetect"], Duration);
	        this.timeToMitigate = this.convertValues(source["timeToMitigate"], Duration);
	        this.timeToResolve = this.convertValues(source["timeToResolve"], Duration);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Update {
	    kind?: string;
	    title?: string;
	    detail?: string;
	    occurredAt?: string;
	
	    static createFrom(source: any = {}) {
	        return new Update(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.kind = source["kind"];
	        this.title = source["title"];
	        this.detail = source["detail"];
	        this.occurredAt = source["occurredAt"];
	    }
	}

}

export namespace triage {
	
	export class Progress {
	    level: number;
	    steps: number;
	    rootCauseFound: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Progress(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.level = source["level"];
	        this.steps = source["steps"];
	        this.rootCauseFound = source["rootCauseFound"];
	    }
	}
	export class ApplyResult {
	    action: string;
	    stepId: string;
	    rootCauseSet: boolean;
	    ignoredReason: string;
	    progress: Progress;
	
	    static createFrom(source: any = {}) {
	        return new ApplyResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.action = source["action"];
	        this.stepId = source["stepId"];
	        this.rootCauseSet = source["rootCauseSet"];
	        this.ignoredReason = source["ignoredReason"];
	        this.progress = this.convertValues(source["progress"], Progress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class EvidenceRef {
	    logId: string;
	    line: number;
	
	    static createFrom(source: any = {}) {
	        return new EvidenceRef(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.logId = source["logId"];
	        this.line = source["line"];
	    }
	}
	export class Factor {
	    id: string;
	    issueId: string;
	    text: string;
	    position: number;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Factor(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.text = source["text"];
	        this.position = source["position"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	
	export class Report {
	    whyLevel: number;
	    question: string;
	    answer: string;
	    evidence: string[];
	    evidenceRefs: EvidenceRef[];
	    rootCauseReached: boolean;
	    rootCause: string;
	    confidence: number;
	    nextQuestion: string;
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.whyLevel = source["whyLevel"];
	        this.question = source["question"];
	        this.answer = source["answer"];
	        this.evidence = source["evidence"];
	        this.evidenceRefs = this.convertValues(source["evidenceRefs"], EvidenceRef);
	        this.rootCauseReached = source["rootCauseReached"];
	        this.rootCause = source["rootCause"];
	        this.confidence = source["confidence"];
	        this.nextQuestion = source["nextQuestion"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Step {
	    id: string;
	    issueId: string;
	    order: number;
	    question: string;
	    answer: string;
	    evidence: string;
	    evidenceRefs: EvidenceRef[];
	    isRootCause: boolean;
	    rootCauseBy: string;
	    source: string;
	    messageId: string;
	    createdAt: string;
	    updatedAt: string;
	
	    static createFrom(source: any = {}) {
	        return new Step(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.issueId = source["issueId"];
	        this.order = source["order"];
	        this.question = source["question"];
	        this.answer = source["answer"];
	        this.evidence = source["evidence"];
	        this.evidenceRefs = this.convertValues(source["evidenceRefs"], EvidenceRef);
	        this.isRootCause = source["isRootCause"];
	        this.rootCauseBy = source["rootCauseBy"];
	        this.source = source["source"];
	        this.messageId = source["messageId"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class State {
	    steps: Step[];
	    factors: Factor[];
	    progress: Progress;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.steps = this.convertValues(source["steps"], Step);
	        this.factors = this.convertValues(source["factors"], Factor);
	        this.progress = this.convertValues(source["progress"], Progress);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class StepInput {
	    question: string;
	    answer: string;
	    evidence: string;
	    evidenceRefs: EvidenceRef[];
	
	    static createFrom(source: any = {}) {
	        return new StepInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.question = source["question"];
	        this.answer = source["answer"];
	        this.evidence = source["evidence"];
	        this.evidenceRefs = this.convertValues(source["evidenceRefs"], EvidenceRef);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StepUpdate {
	    question?: string;
	    answer?: string;
	    evidence?: string;
	    evidenceRefs?: EvidenceRef[];
	
	    static createFrom(source: any = {}) {
	        return new StepUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.question = source["question"];
	        this.answer = source["answer"];
	        this.evidence = source["evidence"];
	        this.evidenceRefs = this.convertValues(source["evidenceRefs"], EvidenceRef);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

