// An incident's action items (app.ActionService): title, owner, due date, priority and status,
// in the order the user sets. Shown on the incident and beside the document editor.
import * as ActionService from "../../../wailsjs/go/app/ActionService";
import { actions } from "../../../wailsjs/go/models";
import { call } from "./client";

export type ActionPriority = "critical" | "high" | "medium" | "low";
export type ActionStatus = "open" | "in_progress" | "done" | "wont_do";

export interface ActionItem {
  id: string;
  issueId: string;
  title: string;
  owner: string;
  /** YYYY-MM-DD, "" when none. */
  dueDate: string;
  priority: ActionPriority | string;
  status: ActionStatus | string;
  /** 1…n */
  position: number;
  /** UTC 'YYYY-MM-DD HH:MM:SS'. */
  createdAt: string;
  updatedAt: string;
}

/** What add takes; empty priority and status take "medium" and "open". */
export interface ActionInput {
  title: string;
  owner: string;
  dueDate: string;
  priority: string;
  status: string;
}

/** A partial update: only the fields present are changed. */
export type ActionUpdate = Partial<ActionInput>;

export interface ActionOptions {
  priorities: string[];
  statuses: string[];
}

const asItem = (it: actions.Item): ActionItem => ({ ...it });

export const actionsApi = {
  /** The incident's items in order. */
  list: (issueId: string): Promise<ActionItem[]> => call(() => ActionService.List(issueId)).then((l) => (l ?? []).map(asItem)),
  add: (issueId: string, input: ActionInput): Promise<ActionItem> =>
    call(() => ActionService.Add(issueId, actions.Input.createFrom(input))).then(asItem),
  // The generated Update class copies every key (absent ones as undefined, which JSON drops), so
  // only the fields given are sent and the backend leaves the others alone.
  update: (id: string, update: ActionUpdate): Promise<ActionItem> =>
    call(() => ActionService.Update(id, actions.Update.createFrom(update))).then(asItem),
  /** ids must be exactly the incident's item ids, in the new order. */
  reorder: (issueId: string, ids: string[]): Promise<ActionItem[]> =>
    call(() => ActionService.Reorder(issueId, ids)).then((l) => (l ?? []).map(asItem)),
  remove: (id: string): Promise<void> => call(() => ActionService.Delete(id)),
  options: (): Promise<ActionOptions> =>
    call(() => ActionService.Options()).then((o) => ({ priorities: o.priorities ?? [], statuses: o.statuses ?? [] })),
};

export type ActionsApi = typeof actionsApi;
