import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { buildViewWhere, INBOX_VIEWS, parseInboxQuery, viewOrder } from "../../db/inbox-views.server";
import { mentionHandles } from "../../db/notes.server";
import { splitHighlights, toFtsQuery } from "../../db/search.server";

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
    expect(sla.sql).toMatch(/"sla_due_at" <= \?/);
    expect(sla.params).toContain(now.getTime() + 60 * 60 * 1000);
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
    expect(sql).toContain("messages_fts match ?");
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

describe("splitHighlights", () => {
  it("splits a marked snippet into plain and matched parts", () => {
    expect(splitHighlights("…fails with \uE000AccessDenied\uE001: User…")).toEqual([
      { text: "…fails with ", match: false },
      { text: "AccessDenied", match: true },
      { text: ": User…", match: false },
    ]);
  });
});

describe("mentionHandles", () => {
  it("finds @handles but not email addresses", () => {
    expect(mentionHandles("@ben can you check? cc @Chloe.Park, owen@tidewaterlabs.example")).toEqual(["ben", "chloe.park"]);
    expect(mentionHandles("no mentions here")).toEqual([]);
  });
});
