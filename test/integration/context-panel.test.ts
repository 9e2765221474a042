import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRepContext, listAccountConversations } from "../../db/account-conversations.server";
import { accountHealthQueries, getAccountHealth, trialDayAt, TRIAL_LENGTH_DAYS } from "../../db/account-health.server";
import { upsertAccount } from "../../db/accounts.server";
import { createConversation, findConversation } from "../../db/conversations.server";
import { accounts, conversations } from "../../db/schema";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { signIn, startTestServer, type TestServer } from "../support/server";

let server: TestServer;
let workspaceId: number;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer();
  workspaceId = findWorkspaceBySlug(server.db, "demo")!.id;
  cookie = await signIn(server.url, "ana@demo.example");
});
afterAll(() => server.close());

function contextOf(publicId: string, now = new Date()) {
  const conversation = findConversation(server.db, workspaceId, publicId);
  if (!conversation) throw new Error(`The demo workspace has no ${publicId}.`);
  return getRepContext(server.db, workspaceId, conversation, now);
}

function accountId(externalId: string): number {
  const account = server.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.externalId, externalId)))
    .get();
  if (!account) throw new Error(`The demo workspace has no account "${externalId}".`);
  return account.id;
}

/** The conversation page as a signed-in rep gets it, with React's text-node separators removed. */
async function page(publicId: string): Promise<string> {
  const response = await fetch(`${server.url}/inbox/${publicId}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return (await response.text()).replaceAll("<!-- -->", "");
}

/** The panel's part of the page. */
const panelOf = (html: string) => {
  const start = html.indexOf('<aside class="context-panel"');
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</aside>", start));
};

/** The trial sentence at `now`, from the account's own trial start (the demo is anchored to the latest Monday). */
function trialSentence(trialStartedAt: Date, now: number, logins: string): string {
  const day = trialDayAt(trialStartedAt, new Date(now));
  return day > TRIAL_LENGTH_DAYS
    ? `Trial ended ${day - TRIAL_LENGTH_DAYS} day${day - TRIAL_LENGTH_DAYS === 1 ? "" : "s"} ago, ${logins}`
    : `Trial day ${day} of ${TRIAL_LENGTH_DAYS}, ${logins}`;
}

describe("the context panel's data", () => {
  it("shows the Pinecrest trial's day and its single login (c-1048)", () => {
    const now = new Date();
    const { account, health, contact } = contextOf("c-1048", now);
    expect(account).toMatchObject({ name: "Pinecrest Dental Group", plan: "trial", ownerName: "Chloe Park" });
    expect(contact?.name).toBe("Aisha Karim");
    const expectedDay = trialDayAt(account!.trialStartedAt!, now);
    expect(health).toMatchObject({
      trialDay: expectedDay,
      trialDaysLeft: Math.max(0, TRIAL_LENGTH_DAYS - expectedDay),
      trialLogins: 1,
      activeUsers30d: 1,
      seats: 5,
    });
    // The seed's story: day 12 of 14 at the Monday 08:00 anchor, counting up through the week.
    expect(expectedDay).toBeGreaterThanOrEqual(12);
    expect(health!.signals[0]).toBe(trialSentence(account!.trialStartedAt!, now.getTime(), "one login"));
    expect(health!.signals).toContain("Only 1 of 5 seats active");
    expect(health!.status).toBe("at-risk");
    expect(health!.keyFeatures.some((feature) => feature.adopted)).toBe(false);
  });

  it("shows the silent Copperleaf account's usage drop (c-1038)", () => {
    const { account, health } = contextOf("c-1038");
    expect(account?.name).toBe("Copperleaf Retail");
    expect(health!.trend.direction).toBe("down");
    expect(health!.trend.changePct).toBeLessThanOrEqual(-50);
    expect(health!.trend.previous30).toBeGreaterThan(health!.trend.last30);
    expect(health!.signals[0]).toBe(`Usage down ${-health!.trend.changePct}% vs the previous 30 days`);
    expect(health!.status).toBe("at-risk");
    // Most of the last three weeks is silent.
    expect(health!.dailyActivity.slice(-21).filter((events) => events === 0).length).toBeGreaterThan(14);
  });

  it("lists Northwind's open conversations on email, chat and Slack first, then its history (c-1017)", () => {
    const { related } = contextOf("c-1017");
    const expectedOpen = server.db
      .select({ publicId: conversations.publicId, channel: conversations.channel })
      .from(conversations)
      .where(and(eq(conversations.accountId, accountId("northwind")), eq(conversations.status, "open")))
      .all();
    expect(expectedOpen).toHaveLength(3);
    expect(related!.open).toBe(3);
    const listed = related!.conversations;
    expect(listed.slice(0, 3).map((c) => c.publicId).sort()).toEqual(expectedOpen.map((c) => c.publicId).sort());
    expect(new Set(listed.slice(0, 3).map((c) => c.channel))).toEqual(new Set(["email", "chat", "slack"]));
    expect(listed.slice(3).every((c) => c.status !== "open")).toBe(true);
    expect(listed.length).toBe(related!.total);
    // Open ones newest first.
    const openTimes = listed.slice(0, 3).map((c) => c.lastMessageAt.getTime());
    expect(openTimes).toEqual([...openTimes].sort((a, b) => b - a));
    expect(listed.filter((c) => c.current).map((c) => c.publicId)).toEqual(["c-1017"]);
    // Chat and Slack have no subject: the opening message stands in.
    for (const c of listed) expect(c.subject ?? c.preview).not.toBe("");
    expect(listed.find((c) => c.publicId === "c-1022")?.contactName).toBe("Marcus Bell");
  });

  it("caps the list and still counts everything", () => {
    const capped = listAccountConversations(server.db, workspaceId, accountId("northwind"), "c-1017", 2);
    expect(capped.conversations).toHaveLength(2);
    expect(capped).toMatchObject({ total: 4, open: 3 });
  });

  it("stays inside the workspace", () => {
    const northwind = accountId("northwind");
    expect(getAccountHealth(server.db, workspaceId + 1000, northwind, new Date())).toBeUndefined();
    expect(listAccountConversations(server.db, workspaceId + 1000, northwind).conversations).toEqual([]);
    const foreign = getRepContext(server.db, workspaceId + 1000, { publicId: "c-1017", accountId: northwind, contactId: null }, new Date());
    expect(foreign).toEqual({ contact: null, account: null, health: null, related: null });
  });

  it("reads usage through the covering index, never the whole table", () => {
    const queries = accountHealthQueries(server.db, accountId("northwind"), new Date(), new Date(Date.now() - 86_400_000));
    for (const [name, query] of Object.entries(queries)) {
      const { sql, params } = query.toSQL();
      const plan = server.db.$client
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params)
        .map((row) => (row as { detail: string }).detail);
      expect(plan, name).toContainEqual(expect.stringMatching(/^SEARCH usage_events USING (COVERING )?INDEX usage_events_(identity|recent) \(account_id=\?/));
      expect(plan.some((step) => step.startsWith("SCAN usage_events")), name).toBe(false);
    }
  });
});

describe("the context panel on the page", () => {
  it("shows the trial day and the one login for c-1048", async () => {
    const before = Date.now();
    const panel = panelOf(await page("c-1048"));
    const trialStartedAt = contextOf("c-1048").account!.trialStartedAt!;
    // Rendered at some moment between `before` and now: either end is right.
    const sentences = new Set([before, Date.now()].map((now) => trialSentence(trialStartedAt, now, "one login")));
    expect([...sentences].some((sentence) => panel.includes(sentence))).toBe(true);
    const days = new Set([before, Date.now()].map((now) => `Day ${trialDayAt(trialStartedAt, new Date(now))}`));
    expect([...days].some((day) => panel.includes(`<dt>Trial</dt><dd class="attention">${day}</dd>`))).toBe(true);
    expect(panel).toContain("One login since the trial started");
    expect(panel).toContain("Pinecrest Dental Group");
  });

  it("shows the usage drop for the silent account, c-1038", async () => {
    const panel = panelOf(await page("c-1038"));
    expect(panel).toMatch(/class="ctx-signal ctx-signal-risk"><span class="sr-only">Risk: <\/span>Usage down \d+% vs the previous 30 days/);
    expect(panel).toMatch(/role="img" aria-label="Daily product activity over the last 30 days: [\d,]+ events, down \d+%/);
  });

  it("links every Northwind conversation, marking the one open (c-1017)", async () => {
    const panel = panelOf(await page("c-1017"));
    const { related } = contextOf("c-1017");
    const hrefs = [...panel.matchAll(/<a [^>]*href="(\/inbox\/c-\d+)"/g)].map((match) => match[1]);
    expect(hrefs).toEqual(related!.conversations.map((c) => `/inbox/${c.publicId}`));
    expect(panel).toMatch(/<a [^>]*aria-current="page"[^>]*href="\/inbox\/c-1017"|<a [^>]*href="\/inbox\/c-1017"[^>]*aria-current="page"/);
    expect(panel).toContain("3 open · 4 in all");
    for (const label of ["Email", "Chat", "Slack"]) expect(panel).toContain(`<span class="channel-label">${label}</span>`);
  });

  it("has empty states for a conversation without an account or usage", async () => {
    const bare = createConversation(server.db, {
      workspaceId,
      channel: "email",
      subject: "No account here",
      accountId: null,
      contactId: null,
      createdAt: new Date(),
    });
    const bareHtml = panelOf(await page(bare.publicId));
    expect(bareHtml).toContain("No contact details.");
    expect(bareHtml).toContain("Not linked to an account.");
    expect(bareHtml).toContain("No account, so no product usage to show.");

    const quiet = upsertAccount(server.db, workspaceId, { id: "quiet-co", name: "Quiet Co", plan: "starter", seats: 3 });
    const unused = createConversation(server.db, {
      workspaceId,
      channel: "chat",
      subject: null,
      accountId: quiet.id,
      contactId: null,
      createdAt: new Date(),
    });
    const quietHtml = panelOf(await page(unused.publicId));
    expect(quietHtml).toContain("Quiet Co");
    expect(quietHtml).toContain("No product usage recorded for this account yet.");
    expect(quietHtml).toContain("No data");
    expect(quietHtml).toContain("No owner");
  });
});
