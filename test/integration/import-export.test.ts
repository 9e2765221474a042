import { eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type TandemConnection } from "../../db/connection.server";
import { exportConversation, exportConversations } from "../../db/conversation-export.server";
import { importConversations, importUsageEvents } from "../../db/conversation-import.server";
import {
  InterchangeConversationSchema,
  parseConversationLines,
  toJsonLines,
  type InterchangeConversation,
  type InterchangeConversationInput,
} from "../../db/interchange";
import { accounts, contactIdentities, contacts, conversations, messages, usageEvents } from "../../db/schema";
import { createWorkspace } from "../../db/workspaces.server";

let dir: string;
let db: TandemConnection;
let workspaceId: number;
let slugCounter = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tandem-import-"));
  db = openDatabase(join(dir, "tandem.db"));
});
afterAll(() => {
  closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});
/** Every test gets its own workspace in the one file, so nothing leaks between tests. */
beforeEach(() => {
  workspaceId = createWorkspace(db, { slug: `ws-${++slugCounter}`, name: `Workspace ${slugCounter}` }).id;
});

const parse = (records: InterchangeConversationInput[]) => records.map((r) => InterchangeConversationSchema.parse(r));

/** Rows of a table in the current workspace. */
const countIn = (table: typeof conversations | typeof messages | typeof contacts | typeof accounts | typeof usageEvents) =>
  db.select().from(table).where(eq(table.workspaceId, workspaceId)).all().length;

const dana: InterchangeConversationInput = {
  id: "c-1042",
  channel: "email",
  subject: "Exports failing since Friday",
  createdAt: "2026-11-21T18:02:00.000Z",
  status: "open",
  priority: "high",
  account: { id: "acme", name: "Acme Corp", plan: "enterprise", mrr: 4200 },
  contact: { name: "Dana Ruiz", email: "dana@acme.example" },
  messages: [
    { author: "customer", text: "Our nightly CSV export has failed three times…", at: "2026-11-21T18:02:00.000Z" },
    { author: "bot", text: "Thanks, we got your message.", at: "2026-11-21T18:02:05.000Z" },
    { author: "agent", authorName: "Sam", text: "Thanks Dana, looking now.", at: "2026-11-21T18:20:00.000Z" },
  ],
};

const danaOnChat: InterchangeConversationInput = {
  id: "c-1043",
  channel: "chat",
  createdAt: "2026-11-22T10:00:00.000Z",
  status: "closed",
  priority: "normal",
  account: { id: "acme" },
  contact: { name: "Dana Ruiz", email: "Dana@Acme.example", chatVisitorId: "visitor-77" },
  messages: [
    { author: "customer", text: "Is the export fixed?", at: "2026-11-22T10:00:00.000Z" },
    { author: "agent", authorName: "Sam", text: "Yes, it ran last night.", at: "2026-11-22T10:04:00.000Z" },
  ],
};

const lee: InterchangeConversationInput = {
  id: "c-2001",
  channel: "slack",
  subject: "SSO login loop",
  createdAt: "2026-11-23T07:30:00.000Z",
  status: "snoozed",
  priority: "urgent",
  account: { id: "globex", name: "Globex", plan: "pro", mrr: 899.5, seats: 40 },
  contact: { name: "Lee Park", email: "lee@globex.example", slackUserId: "U024BE7LH" },
  messages: [{ author: "customer", text: "SSO sends us round in circles", at: "2026-11-23T07:30:00.000Z" }],
};

describe("importConversations", () => {
  it("creates every conversation, message, account and contact of a fresh file", () => {
    const summary = importConversations(db, workspaceId, parse([dana, danaOnChat, lee]));
    expect(summary).toEqual({
      conversationsCreated: 3,
      conversationsUpdated: 0,
      messagesCreated: 6,
      messagesAlreadyPresent: 0,
    });
    expect(countIn(conversations)).toBe(3);
    expect(countIn(messages)).toBe(6);
    expect(countIn(accounts)).toBe(2);
    expect(countIn(contacts)).toBe(2);
  });

  it("stores nothing new when the same file is imported again", () => {
    const records = parse([dana, danaOnChat, lee]);
    importConversations(db, workspaceId, records);
    const before = exportConversations(db, workspaceId);

    const again = importConversations(db, workspaceId, records);
    expect(again).toEqual({
      conversationsCreated: 0,
      conversationsUpdated: 3,
      messagesCreated: 0,
      messagesAlreadyPresent: 6,
    });
    expect(countIn(conversations)).toBe(3);
    expect(countIn(messages)).toBe(6);
    expect(countIn(contacts)).toBe(2);
    expect(exportConversations(db, workspaceId)).toEqual(before);
  });

  it("adds only the new messages of a conversation that grew, and updates its triage fields", () => {
    importConversations(db, workspaceId, parse([dana]));
    const grown: InterchangeConversationInput = {
      ...dana,
      status: "closed",
      priority: "normal",
      messages: [
        ...dana.messages,
        { author: "customer", text: "Still failing tonight.", at: "2026-11-22T02:00:00.000Z" },
        { author: "agent", authorName: "Sam", text: "Fixed for good now.", at: "2026-11-22T09:00:00.000Z" },
      ],
    };

    const summary = importConversations(db, workspaceId, parse([grown]));
    expect(summary).toEqual({
      conversationsCreated: 0,
      conversationsUpdated: 1,
      messagesCreated: 2,
      messagesAlreadyPresent: 3,
    });
    const exported = exportConversation(db, workspaceId, "c-1042")!;
    expect(exported.messages.map((message) => message.text)).toEqual(grown.messages.map((message) => message.text));
    expect(exported.status).toBe("closed");
    expect(exported.priority).toBe("normal");
  });

  it("recomputes the waiting clock from the whole stored thread when a conversation grows", () => {
    importConversations(db, workspaceId, parse([dana]));
    const stored = () => db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId)).get()!;
    expect(stored().waitingSince).toBeNull();
    expect(stored().firstResponseAt).toEqual(new Date("2026-11-21T18:20:00.000Z"));

    // A later file that only carries the newest message still has the earlier ones counted.
    const followUp = { author: "customer" as const, text: "Any news?", at: "2026-11-21T20:00:00.000Z" };
    importConversations(db, workspaceId, parse([{ ...dana, messages: [followUp] }]));
    expect(countIn(messages)).toBe(4);
    expect(stored().waitingSince).toEqual(new Date(followUp.at));
    expect(stored().firstResponseAt).toEqual(new Date("2026-11-21T18:20:00.000Z"));
    expect(stored().lastMessageAt).toEqual(new Date(followUp.at));
  });

  it("keeps a customer's repeated identical message instead of dropping it as already imported", () => {
    const nudge = { author: "customer" as const, text: "Hello?", at: "2026-11-21T18:30:00.000Z" };
    const record: InterchangeConversationInput = { ...dana, messages: [...dana.messages, nudge, nudge] };

    const first = importConversations(db, workspaceId, parse([record]));
    expect(first.messagesCreated).toBe(5);
    expect(exportConversation(db, workspaceId, "c-1042")!.messages).toHaveLength(5);

    const again = importConversations(db, workspaceId, parse([record]));
    expect(again).toMatchObject({ messagesCreated: 0, messagesAlreadyPresent: 5 });
    expect(countIn(messages)).toBe(5);
  });

  it("recognises one person across conversations by email, case-insensitively, and links new identities", () => {
    importConversations(db, workspaceId, parse([dana, danaOnChat]));
    expect(countIn(contacts)).toBe(1);
    const [contact] = db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId)).all();
    const identities = db
      .select({ kind: contactIdentities.kind, value: contactIdentities.value })
      .from(contactIdentities)
      .where(eq(contactIdentities.contactId, contact!.id))
      .all();
    expect(identities).toEqual(
      expect.arrayContaining([
        { kind: "email", value: "dana@acme.example" },
        { kind: "chat_visitor", value: "visitor-77" },
      ]),
    );
    expect(identities).toHaveLength(2);
    const convs = db.select().from(conversations).where(eq(conversations.workspaceId, workspaceId)).all();
    expect(new Set(convs.map((c) => c.contactId))).toEqual(new Set([contact!.id]));
  });

  it("links email and Slack given on one record to one contact, found later by either", () => {
    importConversations(db, workspaceId, parse([lee]));
    const bySlackOnly: InterchangeConversationInput = {
      id: "c-2002",
      channel: "slack",
      createdAt: "2026-11-23T09:00:00.000Z",
      contact: { slackUserId: "U024BE7LH" },
      messages: [{ author: "customer", text: "Still looping", at: "2026-11-23T09:00:00.000Z" }],
    };
    const byEmailOnly: InterchangeConversationInput = {
      id: "c-2003",
      channel: "email",
      createdAt: "2026-11-23T09:30:00.000Z",
      contact: { email: "lee@globex.example" },
      messages: [{ author: "customer", text: "Any update?", at: "2026-11-23T09:30:00.000Z" }],
    };
    importConversations(db, workspaceId, parse([bySlackOnly, byEmailOnly]));

    expect(countIn(contacts)).toBe(1);
    const [c1, c2, c3] = ["c-2001", "c-2002", "c-2003"].map((id) => exportConversation(db, workspaceId, id)!);
    const full = { name: "Lee Park", email: "lee@globex.example", slackUserId: "U024BE7LH" };
    expect(c1!.contact).toEqual(full);
    expect(c2!.contact).toEqual(full);
    expect(c3!.contact).toEqual(full);
  });

  it("keeps different people apart", () => {
    importConversations(db, workspaceId, parse([dana, lee]));
    expect(countIn(contacts)).toBe(2);
  });

  it("scopes conversations, contacts and accounts to the workspace they were imported into", () => {
    importConversations(db, workspaceId, parse([dana]));
    const mine = workspaceId;
    const other = createWorkspace(db, { slug: `ws-other-${slugCounter}`, name: "Other" }).id;

    const summary = importConversations(db, other, parse([{ ...dana, subject: "Theirs" }]));
    expect(summary.conversationsCreated).toBe(1);
    expect(summary.messagesCreated).toBe(3);
    expect(exportConversation(db, mine, "c-1042")!.subject).toBe("Exports failing since Friday");
    expect(exportConversation(db, other, "c-1042")!.subject).toBe("Theirs");
    expect(db.select().from(contacts).where(eq(contacts.workspaceId, other)).all()).toHaveLength(1);
    expect(db.select().from(accounts).where(eq(accounts.workspaceId, other)).all()).toHaveLength(1);
  });

  it("leaves the database as it was when a record fails halfway", () => {
    importConversations(db, workspaceId, parse([dana]));
    const before = exportConversations(db, workspaceId);
    const [valid] = parse([lee]);
    const broken = { ...valid!, messages: [{ ...valid!.messages[0]!, text: null }] } as unknown as InterchangeConversation;
    expect(() => importConversations(db, workspaceId, [...parse([danaOnChat]), broken])).toThrow();
    expect(exportConversations(db, workspaceId)).toEqual(before);
  });
});

/** Export adds each message's stored id (for `ifLastMessageId`); the rest must equal the input. */
function withoutMessageIds(conversation: InterchangeConversation | undefined) {
  if (!conversation) return conversation;
  return { ...conversation, messages: conversation.messages.map(({ id: _id, ...message }) => message) };
}

describe("exportConversations", () => {
  it("gives every exported message its own stored id", () => {
    importConversations(db, workspaceId, parse([dana, lee]));
    const ids = exportConversations(db, workspaceId).flatMap((c) => c.messages.map((m) => m.id));
    expect(ids.every((id) => id !== undefined && /^\d+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("round-trips a file to records equal to the input after the schema's defaults", () => {
    const bare: InterchangeConversationInput = {
      id: "c-3001",
      channel: "chat",
      createdAt: "2026-11-23T11:00:00.000Z",
      priority: "low",
      messages: [
        { author: "customer", text: "  spaces kept, émoji 🎉,\nnew lines too  ", at: "2026-11-23T11:00:00.000Z" },
        { author: "bot", authorName: "Helper", text: "", at: "2026-11-23T11:00:00.500Z" },
      ],
    };
    const input = parse([dana, lee, bare]);
    expect(input[2]!.status).toBe("open"); // the schema's default
    importConversations(db, workspaceId, input);

    const exported = exportConversations(db, workspaceId);
    expect(exported.map(withoutMessageIds)).toEqual(input);
    // The export is valid interchange that reads back to itself.
    expect(parseConversationLines(toJsonLines(exported))).toEqual({ records: exported, errors: [] });
  });

  it("exports one person's contact with every identity they are known by, on each of their conversations", () => {
    const input = parse([dana, danaOnChat]);
    importConversations(db, workspaceId, input);
    const merged = { name: "Dana Ruiz", email: "dana@acme.example", chatVisitorId: "visitor-77" };
    expect(withoutMessageIds(exportConversation(db, workspaceId, "c-1042"))).toEqual({ ...input[0], contact: merged });
    // c-1043 named only the account's id: the account as stored comes back.
    expect(withoutMessageIds(exportConversation(db, workspaceId, "c-1043"))).toEqual({
      ...input[1],
      account: input[0]!.account,
      contact: merged,
    });
  });

  it("fills priority with normal when the input had none, and writes UTC timestamps with milliseconds", () => {
    const [record] = parse([
      {
        id: "c-9",
        channel: "chat",
        createdAt: "2026-11-21T19:02:00+01:00",
        messages: [{ author: "customer", text: "Hi", at: "2026-11-21T18:02:00Z" }],
      },
    ]);
    importConversations(db, workspaceId, [record!]);
    expect(withoutMessageIds(exportConversation(db, workspaceId, "c-9"))).toEqual({
      id: "c-9",
      channel: "chat",
      createdAt: "2026-11-21T18:02:00.000Z",
      status: "open",
      priority: "normal",
      messages: [{ author: "customer", text: "Hi", at: "2026-11-21T18:02:00.000Z" }],
    });
  });

  it("exports messages in time order whatever the order of the file", () => {
    const [record] = parse([{ ...dana, messages: [...dana.messages].reverse() }]);
    importConversations(db, workspaceId, [record!]);
    expect(withoutMessageIds(exportConversation(db, workspaceId, "c-1042"))!.messages).toEqual(dana.messages);
  });

  it("returns nothing for an unknown id and only the workspace's own conversations", () => {
    importConversations(db, workspaceId, parse([dana]));
    expect(exportConversation(db, workspaceId, "c-nope")).toBeUndefined();
    const empty = createWorkspace(db, { slug: `ws-empty-${slugCounter}`, name: "Empty" }).id;
    expect(exportConversations(db, empty)).toEqual([]);
    expect(exportConversation(db, empty, "c-1042")).toBeUndefined();
  });
});

describe("importUsageEvents", () => {
  const events = [
    { accountId: "acme", userId: "u1", event: "login", at: "2026-11-20T09:00:00Z" },
    { accountId: "acme", userId: "u1", event: "export", at: "2026-11-20T09:05:00Z" },
    { accountId: "initech", userId: "u7", event: "login", at: "2026-11-20T10:00:00Z" },
  ];

  it("loads events, creating accounts it has not seen by their id", () => {
    importConversations(db, workspaceId, parse([dana])); // knows acme
    const summary = importUsageEvents(db, workspaceId, events);
    expect(summary).toEqual({ eventsCreated: 3, eventsAlreadyPresent: 0, accountsCreated: 1 });
    expect(countIn(usageEvents)).toBe(3);
    const initech = db.select().from(accounts).where(eq(accounts.externalId, "initech")).all();
    expect(initech.filter((a) => a.workspaceId === workspaceId).map((a) => a.name)).toEqual(["initech"]);
  });

  it("is idempotent: the same events again, even spelled with another offset, store nothing", () => {
    importUsageEvents(db, workspaceId, events);
    const sameInstants = [
      { ...events[0]!, at: "2026-11-20T10:00:00+01:00" },
      { ...events[1]!, at: "2026-11-20T09:05:00.000Z" },
      { ...events[2]!, at: "2026-11-20T05:00:00-05:00" },
    ];
    const again = importUsageEvents(db, workspaceId, sameInstants);
    expect(again).toEqual({ eventsCreated: 0, eventsAlreadyPresent: 3, accountsCreated: 0 });
    expect(countIn(usageEvents)).toBe(3);
    expect(countIn(accounts)).toBe(2);
  });

  it("stores a repeat of an event at another time as a new event", () => {
    importUsageEvents(db, workspaceId, events);
    const later = { ...events[0]!, at: "2026-11-21T09:00:00Z" };
    expect(importUsageEvents(db, workspaceId, [later])).toEqual({
      eventsCreated: 1,
      eventsAlreadyPresent: 0,
      accountsCreated: 0,
    });
  });
});
