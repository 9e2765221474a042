import { describe, expect, it } from "vitest";
import { parseConversationLines, parseUsageEventLines, toJsonLines } from "../../db/interchange";

/** The example from CONTRACTS.md section 1, as one line. */
const contractExample = {
  id: "c-1042",
  channel: "email",
  subject: "Exports failing since Friday",
  createdAt: "2026-11-21T18:02:00Z",
  status: "open",
  account: { id: "acme", name: "Acme Corp", plan: "enterprise", mrr: 4200 },
  contact: { name: "Dana Ruiz", email: "dana@acme.example" },
  messages: [
    { author: "customer", text: "Our nightly CSV export has failed three times…", at: "2026-11-21T18:02:00Z" },
    { author: "agent", authorName: "Sam", text: "Thanks Dana, looking now.", at: "2026-11-21T18:20:00Z" },
  ],
};

/** The smallest valid conversation: only the required fields. */
const minimal = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  channel: "chat",
  createdAt: "2026-11-21T09:00:00Z",
  messages: [{ author: "customer", text: "Hello?", at: "2026-11-21T09:00:00Z" }],
  ...overrides,
});

const lines = (...values: unknown[]) => values.map((value) => (typeof value === "string" ? value : JSON.stringify(value))).join("\n");

describe("parseConversationLines", () => {
  it("reads the contract's example line as written", () => {
    const { records, errors } = parseConversationLines(JSON.stringify(contractExample));
    expect(errors).toEqual([]);
    expect(records).toEqual([contractExample]);
  });

  it("reads every valid line, in file order", () => {
    const { records, errors } = parseConversationLines(lines(minimal("c-1"), minimal("c-2"), minimal("c-3")));
    expect(errors).toEqual([]);
    expect(records.map((record) => record.id)).toEqual(["c-1", "c-2", "c-3"]);
  });

  it("defaults a missing status to open and keeps a given one", () => {
    const { records } = parseConversationLines(
      lines(minimal("c-1"), minimal("c-2", { status: "snoozed" }), minimal("c-3", { status: "closed" })),
    );
    expect(records.map((record) => record.status)).toEqual(["open", "snoozed", "closed"]);
  });

  it("accepts every channel and author kind the contract names, and timestamps with an offset", () => {
    const { records, errors } = parseConversationLines(
      lines(
        ...(["email", "chat", "slack"] as const).map((channel, i) =>
          minimal(`c-${i}`, {
            channel,
            createdAt: "2026-11-21T10:00:00+01:00",
            messages: [
              { author: "customer", text: "Hi", at: "2026-11-21T09:00:00Z" },
              { author: "bot", text: "We got your message.", at: "2026-11-21T09:00:01.500Z" },
              { author: "agent", text: "On it.", at: "2026-11-21T10:05:00+01:00" },
            ],
          }),
        ),
      ),
    );
    expect(errors).toEqual([]);
    expect(records.map((record) => record.channel)).toEqual(["email", "chat", "slack"]);
    expect(records[0]!.messages.map((message) => message.author)).toEqual(["customer", "bot", "agent"]);
  });

  it("accepts a contact with only Slack or chat identities and an account with only its id", () => {
    const { records, errors } = parseConversationLines(
      lines(
        minimal("c-1", { contact: { slackUserId: "U123" }, account: { id: "acme" } }),
        minimal("c-2", { contact: { chatVisitorId: "v-9" } }),
        minimal("c-3", { contact: {} }),
      ),
    );
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ contact: { slackUserId: "U123" }, account: { id: "acme" } });
    expect(records[1]!.contact).toEqual({ chatVisitorId: "v-9" });
  });

  it("reports a line that is not JSON with its 1-based number and still loads the rest", () => {
    const { records, errors } = parseConversationLines(lines(minimal("c-1"), '{"id": "c-2", oops', minimal("c-3")));
    expect(records.map((record) => record.id)).toEqual(["c-1", "c-3"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.message).toMatch(/^not valid JSON/);
  });

  it.each([
    ["id", "id"],
    ["channel", "channel"],
    ["createdAt", "createdAt"],
    ["messages", "messages"],
  ])("reports a line missing the required %s, naming the field", (field, path) => {
    const record: Record<string, unknown> = minimal("c-2");
    delete record[field];
    const { records, errors } = parseConversationLines(lines(minimal("c-1"), record));
    expect(records.map((r) => r.id)).toEqual(["c-1"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.message).toContain(path);
  });

  it("reports a message missing its text or time, naming the message", () => {
    const { errors } = parseConversationLines(
      lines(
        minimal("c-1", { messages: [{ author: "customer", at: "2026-11-21T09:00:00Z" }] }),
        minimal("c-2", { messages: [{ author: "customer", text: "Hi" }] }),
      ),
    );
    expect(errors.map((error) => error.line)).toEqual([1, 2]);
    expect(errors[0]!.message).toContain("messages.0.text");
    expect(errors[1]!.message).toContain("messages.0.at");
  });

  it("rejects a channel the contract does not name", () => {
    const { records, errors } = parseConversationLines(lines(minimal("c-1", { channel: "sms" })));
    expect(records).toEqual([]);
    expect(errors).toEqual([{ line: 1, message: expect.stringContaining("channel") }]);
  });

  it("rejects an author kind the contract does not name", () => {
    const { errors } = parseConversationLines(
      lines(minimal("c-1", { messages: [{ author: "system", text: "x", at: "2026-11-21T09:00:00Z" }] })),
    );
    expect(errors).toEqual([{ line: 1, message: expect.stringContaining("messages.0.author") }]);
  });

  it("rejects an unknown status", () => {
    const { errors } = parseConversationLines(lines(minimal("c-1", { status: "pending" })));
    expect(errors).toEqual([{ line: 1, message: expect.stringContaining("status") }]);
  });

  it("rejects a conversation without messages", () => {
    const { records, errors } = parseConversationLines(lines(minimal("c-1", { messages: [] })));
    expect(records).toEqual([]);
    expect(errors).toEqual([{ line: 1, message: expect.stringContaining("messages") }]);
  });

  it("rejects timestamps that are not ISO 8601", () => {
    const { errors } = parseConversationLines(
      lines(
        minimal("c-1", { createdAt: "21/11/2026 09:00" }),
        minimal("c-2", { messages: [{ author: "customer", text: "Hi", at: "yesterday" }] }),
      ),
    );
    expect(errors.map((error) => error.line)).toEqual([1, 2]);
    expect(errors[0]!.message).toContain("createdAt");
    expect(errors[1]!.message).toContain("messages.0.at");
  });

  it("rejects an account without its id and a contact with a malformed email", () => {
    const { errors } = parseConversationLines(
      lines(minimal("c-1", { account: { name: "Acme" } }), minimal("c-2", { contact: { email: "not-an-email" } })),
    );
    expect(errors.map((error) => error.line)).toEqual([1, 2]);
    expect(errors[0]!.message).toContain("account.id");
    expect(errors[1]!.message).toContain("contact.email");
  });

  it("rejects JSON that is not an object", () => {
    const { records, errors } = parseConversationLines(lines("[1, 2]", '"c-1"', "null", "42"));
    expect(records).toEqual([]);
    expect(errors.map((error) => error.line)).toEqual([1, 2, 3, 4]);
  });

  it("reports a second line with the same id, pointing at the first, and keeps the first", () => {
    const { records, errors } = parseConversationLines(
      lines(minimal("c-1", { subject: "first" }), minimal("c-2"), minimal("c-1", { subject: "second" })),
    );
    expect(records.map((record) => [record.id, record.subject])).toEqual([
      ["c-1", "first"],
      ["c-2", undefined],
    ]);
    expect(errors).toEqual([{ line: 3, message: 'id "c-1" already appears on line 1' }]);
  });

  it("does not count an invalid line's id as seen", () => {
    const { records, errors } = parseConversationLines(lines(minimal("c-1", { channel: "fax" }), minimal("c-1")));
    expect(records.map((record) => record.id)).toEqual(["c-1"]);
    expect(errors.map((error) => error.line)).toEqual([1]);
  });

  it("ignores blank and whitespace-only lines but keeps counting them", () => {
    const text = ["", JSON.stringify(minimal("c-1")), "   ", "\t", "not json", ""].join("\n");
    const { records, errors } = parseConversationLines(text);
    expect(records.map((record) => record.id)).toEqual(["c-1"]);
    expect(errors.map((error) => error.line)).toEqual([5]);
  });

  it("reads Windows line endings and a missing final newline", () => {
    const text = `${JSON.stringify(minimal("c-1"))}\r\n${JSON.stringify(minimal("c-2"))}\r\nbroken\r\n${JSON.stringify(minimal("c-3"))}`;
    const { records, errors } = parseConversationLines(text);
    expect(records.map((record) => record.id)).toEqual(["c-1", "c-2", "c-3"]);
    expect(errors.map((error) => error.line)).toEqual([3]);
  });

  it("ignores unknown fields at every level and does not pass them on", () => {
    const { records, errors } = parseConversationLines(
      lines(
        minimal("c-1", {
          futureField: { nested: true },
          contact: { name: "Dana", twitter: "@dana" },
          account: { id: "acme", region: "eu" },
          messages: [{ author: "customer", text: "Hi", at: "2026-11-21T09:00:00Z", attachments: [] }],
        }),
      ),
    );
    expect(errors).toEqual([]);
    expect(records[0]).not.toHaveProperty("futureField");
    expect(records[0]!.contact).toEqual({ name: "Dana" });
    expect(records[0]!.account).toEqual({ id: "acme" });
    expect(records[0]!.messages[0]).toEqual({ author: "customer", text: "Hi", at: "2026-11-21T09:00:00Z" });
  });

  it("returns nothing for an empty file", () => {
    expect(parseConversationLines("")).toEqual({ records: [], errors: [] });
    expect(parseConversationLines("\n\n")).toEqual({ records: [], errors: [] });
  });

  it("reads back what toJsonLines writes", () => {
    const written = toJsonLines([contractExample, minimal("c-2", { status: "open" })]);
    expect(written.endsWith("\n")).toBe(true);
    expect(written.split("\n")).toHaveLength(3);
    expect(parseConversationLines(written)).toEqual({
      records: [contractExample, minimal("c-2", { status: "open" })],
      errors: [],
    });
    expect(toJsonLines([])).toBe("");
  });
});

describe("parseUsageEventLines", () => {
  const event = { accountId: "acme", userId: "u1", event: "login", at: "2026-11-20T09:00:00Z" };

  it("reads the contract's example event", () => {
    expect(parseUsageEventLines(JSON.stringify(event))).toEqual({ records: [event], errors: [] });
  });

  it("reports each bad line by number and loads the good ones", () => {
    const { accountId: _a, ...withoutAccount } = event;
    const { records, errors } = parseUsageEventLines(
      lines(event, withoutAccount, "{", { ...event, at: "soon" }, "", { ...event, event: "" }, { ...event, userId: "u2" }),
    );
    expect(records.map((record) => record.userId)).toEqual(["u1", "u2"]);
    expect(errors.map((error) => error.line)).toEqual([2, 3, 4, 6]);
    expect(errors[0]!.message).toContain("accountId");
    expect(errors[1]!.message).toMatch(/^not valid JSON/);
    expect(errors[2]!.message).toContain("at");
    expect(errors[3]!.message).toContain("event");
  });

  it("keeps repeated events: usage lines have no id to de-duplicate by", () => {
    const { records, errors } = parseUsageEventLines(lines(event, event));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(2);
  });

  it("ignores unknown fields", () => {
    const { records } = parseUsageEventLines(lines({ ...event, plan: "pro" }));
    expect(records).toEqual([event]);
  });
});
