import { describe, expect, it } from "vitest";
import {
  InterchangeAccountSchema,
  InterchangeConversationSchema,
  UsageEventSchema,
  type InterchangeConversationInput,
} from "../../db/interchange";
import { buildMondayMorning, mondayMorningAnchor } from "../../db/seed/monday-morning";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const anchor = new Date("2025-06-09T08:00:00.000Z"); // a Monday
const demo = buildMondayMorning(anchor);
const ms = (iso: string) => Date.parse(iso);
const sinceAnchor = (iso: string) => ms(iso) - anchor.getTime();

const open = demo.conversations.filter((conversation) => conversation.status === "open");
const closed = demo.conversations.filter((conversation) => conversation.status === "closed");
const accountById = new Map(demo.accounts.map((account) => [account.id, account]));
const eventsOf = (accountId: string) => demo.usageEvents.filter((event) => event.accountId === accountId);
const lastMessage = (conversation: InterchangeConversationInput) => conversation.messages.at(-1)!;

describe("mondayMorningAnchor", () => {
  it("goes back to the Monday of the same week from a Wednesday", () => {
    expect(mondayMorningAnchor(new Date("2025-06-11T15:30:00Z")).toISOString()).toBe("2025-06-09T08:00:00.000Z");
  });

  it("goes back a week on Monday before 08:00 UTC", () => {
    expect(mondayMorningAnchor(new Date("2025-06-09T07:59:00Z")).toISOString()).toBe("2025-06-02T08:00:00.000Z");
  });

  it("returns the instant itself at Monday 08:00 UTC", () => {
    expect(mondayMorningAnchor(new Date("2025-06-09T08:00:00Z")).toISOString()).toBe("2025-06-09T08:00:00.000Z");
  });

  it("goes back to the previous Monday from a Sunday night, across a month boundary", () => {
    expect(mondayMorningAnchor(new Date("2025-06-01T23:00:00Z")).toISOString()).toBe("2025-05-26T08:00:00.000Z");
  });
});

describe("buildMondayMorning", () => {
  it("is deterministic for the same anchor", () => {
    expect(buildMondayMorning(new Date(anchor))).toEqual(demo);
  });

  it("only shifts timestamps for a different anchor", () => {
    const shift = 7 * DAY;
    const later = buildMondayMorning(new Date(anchor.getTime() + shift));

    expect(later.conversations.map((c) => c.messages.map((m) => m.text))).toEqual(
      demo.conversations.map((c) => c.messages.map((m) => m.text)),
    );
    later.conversations.forEach((conversation, i) => {
      const original = demo.conversations[i]!;
      expect(conversation.id).toBe(original.id);
      expect(ms(conversation.createdAt) - ms(original.createdAt)).toBe(shift);
      conversation.messages.forEach((message, j) => {
        expect(ms(message.at) - ms(original.messages[j]!.at)).toBe(shift);
      });
    });
    expect(later.usageEvents).toHaveLength(demo.usageEvents.length);
    later.usageEvents.forEach((event, i) => {
      const original = demo.usageEvents[i]!;
      expect({ ...event, at: ms(event.at) - shift }).toEqual({ ...original, at: ms(original.at) });
    });
  });

  it("has the fixed workspace and team", () => {
    expect(demo.workspace.slug).toBe("demo");
    expect(demo.users.map((user) => [user.email, user.role])).toEqual([
      ["maya@demo.example", "manager"],
      ["ana@demo.example", "rep"],
      ["ben@demo.example", "rep"],
      ["chloe@demo.example", "rep"],
    ]);
    for (const user of demo.users) expect(demo.teams).toContain(user.team);
  });
});

describe("records are valid interchange data", () => {
  it("accounts parse and carry plan-specific dates and a rep as owner", () => {
    const reps = demo.users.filter((user) => user.role === "rep").map((user) => user.email);
    expect(demo.accounts.length).toBeGreaterThanOrEqual(18);
    for (const account of demo.accounts) {
      expect(InterchangeAccountSchema.safeParse(account).success).toBe(true);
      expect(["trial", "starter", "growth", "enterprise"]).toContain(account.plan);
      expect(reps).toContain(account.ownerEmail);
      if (account.plan === "trial") {
        expect(account.mrr).toBe(0);
        expect(account.trialStartedAt).toBeDefined();
        expect(account.renewalAt).toBeUndefined();
      } else {
        expect(account.mrr).toBeGreaterThan(0);
        expect(account.renewalAt).toBeDefined();
        expect(account.trialStartedAt).toBeUndefined();
      }
    }
  });

  it("every conversation parses and is internally consistent", () => {
    const ids = demo.conversations.map((conversation) => conversation.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const conversation of demo.conversations) {
      const parsed = InterchangeConversationSchema.safeParse(conversation);
      expect(parsed.success, `${conversation.id}: ${parsed.error?.message}`).toBe(true);
      expect(conversation.id).toMatch(/^c-1\d{3}$/);
      expect(conversation.createdAt).toMatch(/Z$/);
      expect(conversation.messages[0]!.at).toBe(conversation.createdAt);
      for (let i = 1; i < conversation.messages.length; i++) {
        expect(ms(conversation.messages[i]!.at)).toBeGreaterThan(ms(conversation.messages[i - 1]!.at));
      }
      for (const message of conversation.messages) {
        expect(message.at).toMatch(/Z$/);
        expect(ms(message.at)).toBeLessThan(anchor.getTime());
        expect(message.text.trim()).not.toBe("");
        if (message.author === "agent") expect(message.authorName).toMatch(/^(Ana|Ben|Chloe)$/);
      }
      const { ownerEmail: _owner, ...account } = accountById.get(conversation.account!.id)!;
      expect(conversation.account).toEqual(account);
    }
  });

  it("contacts match their channel and use .example domains", () => {
    for (const { id, channel, contact } of demo.conversations) {
      expect(contact?.name, id).toBeTruthy();
      if (channel === "email") expect(contact?.email, id).toBeTruthy();
      if (channel === "chat") expect(contact?.chatVisitorId, id).toMatch(/^v-[0-9a-f]{6}$/);
      if (channel === "slack") expect(contact?.slackUserId, id).toMatch(/^U[0-9A-Z]{8}$/);
      if (contact?.email) expect(contact.email, id).toMatch(/\.example$/);
    }
  });

  it("every usage event parses, is sorted and falls in the 60 days before the anchor", () => {
    expect(demo.usageEvents.length).toBeGreaterThanOrEqual(8_000);
    expect(demo.usageEvents.length).toBeLessThanOrEqual(25_000);
    const events = new Set(["login", "dashboard_viewed", "report_exported", "integration_synced", "alert_created", "dashboard_shared", "api_call"]);
    let previous = "";
    for (const event of demo.usageEvents) {
      expect(UsageEventSchema.safeParse(event).success).toBe(true);
      expect(events.has(event.event)).toBe(true);
      expect(event.at >= previous).toBe(true);
      previous = event.at;
      const offset = sinceAnchor(event.at);
      expect(offset).toBeLessThan(0);
      expect(offset).toBeGreaterThanOrEqual(-60 * DAY);
    }
  });

  it("every account has usage from no more users than it has seats", () => {
    for (const account of demo.accounts) {
      const users = new Set(eventsOf(account.id).map((event) => event.userId));
      expect(users.size, account.id).toBeGreaterThan(0);
      expect(users.size, account.id).toBeLessThanOrEqual(account.seats);
      for (const userId of users) expect(userId).toMatch(new RegExp(`^${account.id}-u\\d+$`));
    }
  });
});

describe("the weekend backlog", () => {
  it("has exactly 34 open conversations, all created over the weekend", () => {
    expect(open).toHaveLength(34);
    for (const conversation of open) {
      const offset = sinceAnchor(conversation.createdAt);
      expect(offset, conversation.id).toBeGreaterThanOrEqual(-56 * HOUR);
      expect(offset, conversation.id).toBeLessThanOrEqual(-20 * MINUTE);
    }
  });

  it("uses every channel at least six times", () => {
    for (const channel of ["email", "chat", "slack"] as const) {
      expect(open.filter((conversation) => conversation.channel === channel).length).toBeGreaterThanOrEqual(6);
    }
  });

  it("is mostly untriaged and waiting on us", () => {
    const assigned = open.filter((conversation) => conversation.assigneeEmail);
    expect(assigned.length).toBeGreaterThanOrEqual(3);
    expect(assigned.length).toBeLessThanOrEqual(4);
    for (const conversation of open) expect(lastMessage(conversation).author, conversation.id).toBe("customer");
    expect(open.some((conversation) => conversation.messages.some((message) => message.author === "bot"))).toBe(true);
  });

  it("sits on top of closed history from the previous 2–8 weeks", () => {
    expect(closed.length).toBeGreaterThanOrEqual(12);
    for (const conversation of closed) {
      const offset = sinceAnchor(conversation.createdAt);
      expect(offset, conversation.id).toBeLessThanOrEqual(-14 * DAY);
      expect(offset, conversation.id).toBeGreaterThanOrEqual(-56 * DAY);
      expect(conversation.assigneeEmail, conversation.id).toBeDefined();
      expect(lastMessage(conversation).author, conversation.id).toBe("agent");
    }
  });
});

describe("story cases", () => {
  it("Northwind reports one export failure three times, through three people and channels", () => {
    const northwind = accountById.get("northwind")!;
    expect(northwind).toMatchObject({ name: "Northwind Logistics", plan: "enterprise" });
    expect(northwind.mrr).toBeGreaterThanOrEqual(4000);
    const cases = open.filter((conversation) => conversation.account?.id === "northwind");
    expect(cases).toHaveLength(3);
    expect(new Set(cases.map((conversation) => conversation.channel))).toEqual(new Set(["email", "chat", "slack"]));
    const contacts = cases.map((c) => c.contact?.email ?? c.contact?.slackUserId ?? c.contact?.chatVisitorId);
    expect(new Set(contacts).size).toBe(3);
    expect(new Set(cases.map((conversation) => conversation.contact?.name)).size).toBe(3);
    expect(cases.some((c) => c.messages.some((m) => m.text.includes("AccessDenied") && m.text.includes("s3:PutObject")))).toBe(true);
  });

  it("a trial on day 12 has logged in exactly once and is asking for help", () => {
    const trial = demo.accounts.find((account) => {
      if (account.plan !== "trial" || !account.trialStartedAt) return false;
      return Math.floor(-sinceAnchor(account.trialStartedAt) / DAY) + 1 === 12;
    });
    expect(trial).toBeDefined();
    expect(sinceAnchor(trial!.trialStartedAt!)).toBe(-(11 * DAY + 14 * HOUR));
    const events = eventsOf(trial!.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.event).toBe("login");
    expect(open.filter((conversation) => conversation.account?.id === trial!.id)).toHaveLength(1);
  });

  it("an angry admin brings up the renewal due this month", () => {
    const renewingSoon = demo.accounts.filter(
      (account) => account.renewalAt && sinceAnchor(account.renewalAt) > 0 && sinceAnchor(account.renewalAt) <= 25 * DAY,
    );
    expect(renewingSoon).toHaveLength(1);
    const [conversation] = open.filter((c) => c.account?.id === renewingSoon[0]!.id);
    expect(conversation).toBeDefined();
    expect(lastMessage(conversation!).text).toMatch(/renewal/i);
    expect(conversation!.messages.length).toBeGreaterThanOrEqual(2);
  });

  it("a formerly heavy account has gone silent and asks how to leave", () => {
    const events = eventsOf("copperleaf");
    const recent = events.filter((event) => sinceAnchor(event.at) >= -21 * DAY).length;
    const before = events.filter((event) => sinceAnchor(event.at) < -25 * DAY).length;
    expect(before).toBeGreaterThan(200);
    expect(recent * 20).toBeLessThan(before);
    const [conversation] = open.filter((c) => c.account?.id === "copperleaf");
    expect(conversation?.messages[0]!.text).toMatch(/export/i);
  });
});
