import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { buildViewWhere, INBOX_VIEWS, parseInboxQuery, viewOrder } from "../../db/inbox-views.server";
import { mentionHandles } from "../../db/notes.server";
import { bestSnippet, toFtsQuery } from "../../db/search.server";

const dialect = new SQLiteSyncDialect();
const viewer = { workspaceId: 7, userId: 3, teamId: 2 };
const now = new Date("2026-11-23T08:00:00Z");
const compile = (view: (typeof INBOX_VIEWS)[number], query: Partial<ReturnType<typeof parseInboxQuery>> = {}) =>
  dialect.sqlToQuery(buildViewWhere(view, query, viewer, now));

describe("parseInboxQuery", () => {
  it("reads views and filters from the URL", () => {
    expect(parseInboxQuery(new URLSearchParams("view=mine&channel=email&tag=Billing&priority=high&q=export&account=northwind"))).toEqual({
      view: "mine",
      channel: "email",
      tag: "billing",
      priority: "high",
      q: "export",
      account: "northwind",
    });
  });

  it("falls back to All open and no filter for unknown or empty values", () => {
    expect(parseInboxQuery(new URLSearchParams("view=everything&channel=fax&priority=&q=%20%20&tag="))).toEqual({ view: "open" });
    expect(parseInboxQuery(new URLSearchParams(""))).toEqual({ view: "open" });
  });
});

describe("view queries", () => {
  it("scopes every view to the workspace", () => {
    for (const view of INBOX_VIEWS) {
      const { sql, params } = compile(view);
      expect(sql).toContain('"conversations"."workspace_id" = ?');
      expect(params[0]).toBe(7);
    }
  });

  it("defines each view by status, assignee, team or SLA clock", () => {
    expect(compile("unassigned").sql).toMatch(/"assignee_id" is null and "conversations"."status" = 'open'/);
    expect(compile("mine").params).toContain(3);
    expect(compile("team").sql).toMatch(/"team_id" = \? or "conversations"."assignee_id" in \(\s*select/);
    expect(compile("team").params).toEqual([7, 2, 7, 2]);
    const sla = compile("sla");
    expect(sla.sql).toMatch(/"sla_warn_at" <= \?/);
    expect(sla.params).toContain(now.getTime());
    expect(compile("snoozed").sql).toContain("'snoozed'");
    expect(compile("closed").sql).toContain("'closed'");
  });

  it("a rep without a team has an empty Team view", () => {
    const { sql } = dialect.sqlToQuery(buildViewWhere("team", {}, { ...viewer, teamId: null }, now));
    expect(sql).toMatch(/and 0\)$/);
  });

  it("adds filters as bound parameters, never as SQL text", () => {
    const { sql, params } = compile("open", { channel: "email", priority: "high", tag: "x' or 1=1 --", account: "northwind", q: "export" });
    expect(sql).not.toContain("or 1=1");
    expect(params).toEqual(expect.arrayContaining(["email", "high", "x' or 1=1 --", "northwind", '"export" *']));
    expect(sql).toContain("conversation_search match ?");
  });

  it("a search with nothing searchable matches nothing", () => {
    expect(compile("open", { q: '"*' }).sql).toMatch(/and 0\)$/);
  });

  it("sorts open views by the longest wait, the SLA view by due time, closed by most recent", () => {
    const order = (view: (typeof INBOX_VIEWS)[number]) => viewOrder(view).map((part) => dialect.sqlToQuery(part).sql).join(", ");
    expect(order("open")).toBe('"conversations"."waiting_since" is null, "conversations"."waiting_since" asc, "conversations"."last_message_at" desc');
    expect(order("sla")).toMatch(/^"conversations"."sla_due_at" asc/);
    expect(order("closed")).toMatch(/^"conversations"."closed_at" desc/);
  });
});

describe("toFtsQuery", () => {
  it("quotes every word and prefix-matches the last", () => {
    expect(toFtsQuery("export failing")).toBe('"export" "failing" *');
    expect(toFtsQuery("AccessDenied")).toBe('"AccessDenied" *');
  });

  it("neutralises FTS5 syntax", () => {
    expect(toFtsQuery('"')).toBeNull();
    expect(toFtsQuery("*")).toBeNull();
    expect(toFtsQuery("   ")).toBeNull();
    expect(toFtsQuery("NEAR(")).toBe('"NEAR("');
    expect(toFtsQuery("a OR b")).toBe('"a" "OR" "b" *');
    expect(toFtsQuery('say "hi')).toBe('"say" """hi" *');
    expect(toFtsQuery("text:secret")).toBe('"text:secret" *');
    expect(toFtsQuery("-excluded ^start")).toBe('"-excluded" "^start" *');
  });

  it("caps long input", () => {
    expect(toFtsQuery("word ".repeat(100))!.split(" ").filter((part) => part !== "*")).toHaveLength(12);
  });
});

describe("bestSnippet", () => {
  const marks = (parts: ReturnType<typeof bestSnippet>) => parts?.filter((part) => part.match).map((part) => part.text);
  const text = (parts: ReturnType<typeof bestSnippet>) => parts?.map((part) => part.text).join("");

  it("marks the words the index matched: folded, stemmed, the last word as a prefix", () => {
    const thread = [{ text: "Hi! Our nightly Exports to S3 keep failing with AccessDenied since Friday." }];
    expect(marks(bestSnippet(thread, "export"))).toEqual(["Exports"]);
    expect(marks(bestSnippet(thread, "accessden"))).toEqual(["AccessDenied"]);
    expect(marks(bestSnippet([{ text: "Le café est fermé" }], "cafe"))).toEqual(["café"]);
    expect(marks(bestSnippet(thread, "fail s3"))).toEqual(["S3", "failing"]);
  });

  it("marks a word of several tokens as one phrase, and only where they follow each other", () => {
    expect(marks(bestSnippet([{ text: "The call s3:PutObject returned 403." }], "s3:PutObject"))).toEqual(["s3:PutObject"]);
    expect(bestSnippet([{ text: "PutObject then s3 later" }], "s3:PutObject")).toBeNull();
  });

  it("prefers the message holding the most search words, the latest among equals", () => {
    const thread = [{ text: "export broken" }, { text: "export broken since the invoice run" }, { text: "still broken" }];
    expect(text(bestSnippet(thread, "export invoice"))).toBe("export broken since the invoice run");
    expect(text(bestSnippet(thread, "broken"))).toBe("still broken");
  });

  it("cuts long messages around the first match and says where it cut", () => {
    const long = `${"filler ".repeat(40)}the webhook timed out ${"more ".repeat(40)}`;
    const snippet = text(bestSnippet([{ text: long }], "webhook"))!;
    expect(snippet.startsWith("…")).toBe(true);
    expect(snippet.endsWith("…")).toBe(true);
    expect(snippet).toContain("the webhook timed out");
    expect(snippet.split(/\s+/).filter((word) => /\w/.test(word)).length).toBeLessThanOrEqual(17);
  });

  it("is null when no message holds a search word", () => {
    expect(bestSnippet([{ text: "nothing relevant" }], "export")).toBeNull();
    expect(bestSnippet([], "export")).toBeNull();
  });
});

describe("mentionHandles", () => {
  it("finds @handles but not email addresses", () => {
    expect(mentionHandles("@ben can you check? cc @Chloe.Park, owen@tidewaterlabs.example")).toEqual(["ben", "chloe.park"]);
    expect(mentionHandles("no mentions here")).toEqual([]);
  });
});
