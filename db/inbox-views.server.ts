/**
 * The triage inbox: saved views (Unassigned, Mine, Team, All open, SLA at
 * risk, Snoozed, Closed), filters (channel, account, tag, priority) and
 * full-text search, all read from the URL.
 *
 * Built to stay fast on a large workspace: every view starts from an index on
 * `conversations` (inbox, assignee, sla), the page is chosen from bare ids
 * first and only its rows are filled in (latest message, tags, snippets),
 * and counts are index-only where the view allows.
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { TandemDatabase } from "./connection.server";
import { CHANNELS, PRIORITIES } from "./interchange";
import { accounts, contacts, conversations, conversationTags, messages, teams, userAvailability, users } from "./schema";
import { groupByConversation } from "./group-by-conversation";
import { bestSnippet, conversationsMatching, refreshConversationSearch, toFtsQuery, type SnippetPart } from "./search.server";

export const INBOX_VIEWS = ["unassigned", "mine", "team", "open", "sla", "snoozed", "closed"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const INBOX_VIEW_LABELS: Record<InboxView, string> = {
  unassigned: "Unassigned",
  mine: "Mine",
  team: "Team",
  open: "All open",
  sla: "SLA at risk",
  snoozed: "Snoozed",
  closed: "Closed",
};

/** Rows on one page of the list; the counts say how many there are in all. */
export const INBOX_PAGE_SIZE = 200;

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/**
 * What the URL asks for: /inbox?view=mine&channel=email&account=northwind&tag=billing&priority=high&q=export.
 * The list is a place people bookmark and share: an unknown value falls back
 * to "no filter" rather than failing the page.
 */
export const InboxQuerySchema = z.object({
  view: z.enum(INBOX_VIEWS).catch("open").default("open"),
  channel: optional(z.preprocess(blankToUndefined, z.enum(CHANNELS).optional())),
  account: optional(z.preprocess(blankToUndefined, z.string().trim().max(200).optional())),
  tag: optional(z.preprocess(blankToUndefined, z.string().trim().toLowerCase().max(40).optional())),
  priority: optional(z.preprocess(blankToUndefined, z.enum(PRIORITIES).optional())),
  q: optional(z.preprocess(blankToUndefined, z.string().trim().max(200).optional())),
});
export type InboxQuery = z.infer<typeof InboxQuerySchema>;

export function parseInboxQuery(params: URLSearchParams): InboxQuery {
  return InboxQuerySchema.parse(Object.fromEntries([...params].filter(([key]) => key in InboxQuerySchema.shape)));
}

/** Who is looking: "Mine" and "Team" are relative to them. */
export interface InboxViewer {
  workspaceId: number;
  userId: number;
  teamId: number | null;
}

const c = conversations;
const NOTHING = sql`0`;

/** The condition that defines a view, on top of the workspace. */
export function viewCondition(view: InboxView, viewer: InboxViewer, now: Date): SQL {
  switch (view) {
    case "unassigned":
      return sql`${c.assigneeId} is null and ${c.status} = 'open'`;
    case "mine":
      return sql`${c.assigneeId} = ${viewer.userId} and ${c.status} = 'open'`;
    case "team":
      if (viewer.teamId === null) return NOTHING;
      // The team's queue, and what its members hold.
      return sql`${c.status} = 'open' and (${c.teamId} = ${viewer.teamId} or ${c.assigneeId} in (
        select ${users.id} from ${users} where ${users.workspaceId} = ${viewer.workspaceId} and ${users.teamId} = ${viewer.teamId}))`;
    case "open":
      return sql`${c.status} = 'open'`;
    case "sla":
      // Past its policy's warning time, or already breached.
      return sql`${c.slaWarnAt} <= ${now.getTime()} and ${c.status} = 'open'`;
    case "snoozed":
      return sql`${c.status} = 'snoozed'`;
    case "closed":
      return sql`${c.status} = 'closed'`;
  }
}

/** The filters and search that narrow every view alike. */
export function filterConditions(query: Omit<InboxQuery, "view">, workspaceId: number): SQL[] {
  const conditions: SQL[] = [];
  if (query.channel) conditions.push(sql`${c.channel} = ${query.channel}`);
  if (query.priority) conditions.push(sql`${c.priority} = ${query.priority}`);
  if (query.account) {
    conditions.push(
      sql`${c.accountId} = (select ${accounts.id} from ${accounts} where ${accounts.workspaceId} = ${workspaceId} and ${accounts.externalId} = ${query.account})`,
    );
  }
  if (query.tag) {
    conditions.push(
      sql`${c.id} in (select ${conversationTags.conversationId} from ${conversationTags} where ${conversationTags.workspaceId} = ${workspaceId} and ${conversationTags.tag} = ${query.tag})`,
    );
  }
  if (query.q) {
    const fts = toFtsQuery(query.q);
    // Nothing searchable in what was typed (only punctuation): nothing matches, rather than everything.
    conditions.push(fts ? sql`${c.id} in (${conversationsMatching(fts)})` : NOTHING);
  }
  return conditions;
}

/** How each view sorts: open work by the longest-waiting customer, the rest by what matters there. */
export function viewOrder(view: InboxView): SQL[] {
  switch (view) {
    case "sla":
      return [asc(c.slaDueAt), asc(c.id)];
    case "snoozed":
      // Timed snoozes by wake-up time; "until the customer replies" after them.
      return [sql`${c.snoozedUntil} is null`, asc(c.snoozedUntil), desc(c.lastMessageAt)];
    case "closed":
      return [desc(c.closedAt), desc(c.id)];
    default:
      return [sql`${c.waitingSince} is null`, asc(c.waitingSince), desc(c.lastMessageAt)];
  }
}

/** The whole WHERE clause for one view with the query's filters, as SQL. */
export function buildViewWhere(view: InboxView, query: Omit<InboxQuery, "view">, viewer: InboxViewer, now: Date): SQL {
  return and(eq(c.workspaceId, viewer.workspaceId), viewCondition(view, viewer, now), ...filterConditions(query, viewer.workspaceId))!;
}

export interface InboxViewRow {
  publicId: string;
  channel: (typeof conversations.$inferSelect)["channel"];
  subject: string | null;
  /** The latest message's text. */
  preview: string;
  status: (typeof conversations.$inferSelect)["status"];
  priority: (typeof conversations.$inferSelect)["priority"];
  createdAt: Date;
  lastMessageAt: Date;
  waitingSince: Date | null;
  contactName: string | null;
  accountName: string | null;
  accountPlan: string | null;
  accountMrrCents: number | null;
  assigneeName: string | null;
  assigneeId: number | null;
  teamId: number | null;
  tags: string[];
  slaDueAt: Date | null;
  slaWarnAt: Date | null;
  slaTarget: (typeof conversations.$inferSelect)["slaTarget"];
  snoozedUntil: Date | null;
  snoozedUntilReply: boolean;
  closedAt: Date | null;
  /** With a search: the best-matching message, with the matches marked. */
  snippet: SnippetPart[] | null;
}

const assignee = alias(users, "assignee");

/** One page of a view, in the view's order. */
export function listInboxView(
  db: TandemDatabase,
  viewer: InboxViewer,
  query: InboxQuery,
  options: { now?: Date; limit?: number } = {},
): InboxViewRow[] {
  const now = options.now ?? new Date();
  if (query.q) refreshConversationSearch(db);
  const ids = db
    .select({ id: c.id })
    .from(c)
    .where(buildViewWhere(query.view, query, viewer, now))
    .orderBy(...viewOrder(query.view))
    .limit(options.limit ?? INBOX_PAGE_SIZE)
    .all()
    .map((row) => row.id);
  if (ids.length === 0) return [];

  const lastMessageText = sql<string>`(
    select ${messages.text} from ${messages}
    where ${messages.conversationId} = ${c.id}
    order by ${messages.sentAt} desc, ${messages.id} desc limit 1)`;
  const rows = db
    .select({
      id: c.id,
      publicId: c.publicId,
      channel: c.channel,
      subject: c.subject,
      preview: lastMessageText,
      status: c.status,
      priority: c.priority,
      createdAt: c.createdAt,
      lastMessageAt: c.lastMessageAt,
      waitingSince: c.waitingSince,
      contactName: contacts.name,
      accountName: accounts.name,
      accountPlan: accounts.plan,
      accountMrrCents: accounts.mrrCents,
      assigneeName: assignee.name,
      assigneeId: c.assigneeId,
      teamId: c.teamId,
      slaDueAt: c.slaDueAt,
      slaWarnAt: c.slaWarnAt,
      slaTarget: c.slaTarget,
      snoozedUntil: c.snoozedUntil,
      snoozedUntilReply: c.snoozedUntilReply,
      closedAt: c.closedAt,
    })
    .from(c)
    .leftJoin(contacts, eq(contacts.id, c.contactId))
    .leftJoin(accounts, eq(accounts.id, c.accountId))
    .leftJoin(assignee, eq(assignee.id, c.assigneeId))
    .where(inArray(c.id, ids))
    .all();

  const tags = groupByConversation(
    db
      .select({ conversationId: conversationTags.conversationId, tag: conversationTags.tag })
      .from(conversationTags)
      .where(inArray(conversationTags.conversationId, ids))
      .orderBy(conversationTags.conversationId, conversationTags.tag)
      .all(),
    (row) => row.tag,
  );
  const snippets = query.q ? searchSnippets(db, ids, query.q) : new Map<number, SnippetPart[]>();

  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const { id: _id, ...row } = byId.get(id)!;
    return { ...row, tags: tags.get(id) ?? [], snippet: snippets.get(id) ?? null };
  });
}

/** For each listed conversation of a search, where it matched: only the page's messages are read. */
function searchSnippets(db: TandemDatabase, conversationIds: number[], q: string): Map<number, SnippetPart[]> {
  const threads = groupByConversation(
    db
      .select({ conversationId: messages.conversationId, text: messages.text })
      .from(messages)
      .where(inArray(messages.conversationId, conversationIds))
      .orderBy(asc(messages.sentAt), asc(messages.id))
      .all(),
    (message) => message,
  );
  const snippets = new Map<number, SnippetPart[]>();
  for (const [conversationId, thread] of threads) {
    const snippet = bestSnippet(thread, q);
    if (snippet) snippets.set(conversationId, snippet);
  }
  return snippets;
}

/**
 * How many conversations each view holds under the same filters, for the
 * sidebar. Without a search each view counts from its own index; with one, a
 * single pass over the matching conversations counts every view at once.
 */
export function countInboxViews(
  db: TandemDatabase,
  viewer: InboxViewer,
  query: Omit<InboxQuery, "view">,
  now = new Date(),
): Record<InboxView, number> {
  if (query.q) {
    refreshConversationSearch(db);
    const row = db
      .select(
        Object.fromEntries(
          INBOX_VIEWS.map((view) => [view, sql<number>`coalesce(sum(${viewCondition(view, viewer, now)}), 0)`.mapWith(Number)]),
        ) as Record<InboxView, SQL<number>>,
      )
      .from(c)
      .where(and(eq(c.workspaceId, viewer.workspaceId), ...filterConditions(query, viewer.workspaceId)))
      .get();
    return row as Record<InboxView, number>;
  }
  const counts = {} as Record<InboxView, number>;
  for (const view of INBOX_VIEWS) {
    counts[view] = db
      .select({ n: sql<number>`count(*)` })
      .from(c)
      .where(buildViewWhere(view, query, viewer, now))
      .get()!.n;
  }
  return counts;
}

/** The choices the filter bar offers: the workspace's accounts with conversations, and its tags. */
export function inboxFilterOptions(db: TandemDatabase, workspaceId: number) {
  const accountOptions = db
    .select({ id: accounts.externalId, name: accounts.name })
    .from(accounts)
    .where(eq(accounts.workspaceId, workspaceId))
    .orderBy(accounts.name)
    .limit(500)
    .all();
  const tagOptions = db
    .selectDistinct({ tag: conversationTags.tag })
    .from(conversationTags)
    .where(eq(conversationTags.workspaceId, workspaceId))
    .orderBy(conversationTags.tag)
    .limit(200)
    .all()
    .map((row) => row.tag);
  return { accounts: accountOptions, tags: tagOptions };
}

export interface AssignableMember {
  id: number;
  name: string;
  email: string;
  teamId: number | null;
  teamName: string | null;
  available: boolean;
  /** Open conversations assigned to them now. */
  openCount: number;
}

/** Everyone a conversation can go to, with their open load: the assign menu. */
export function listAssignableMembers(db: TandemDatabase, workspaceId: number): AssignableMember[] {
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      teamId: users.teamId,
      teamName: teams.name,
      available: sql<number>`coalesce(${userAvailability.available}, 1)`.mapWith((value) => Boolean(value)),
      openCount: sql<number>`(select count(*) from ${c} where ${c.workspaceId} = ${workspaceId} and ${c.assigneeId} = ${users.id} and ${c.status} = 'open')`,
    })
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId))
    .leftJoin(userAvailability, eq(userAvailability.userId, users.id))
    .where(eq(users.workspaceId, workspaceId))
    .orderBy(users.name)
    .all();
}

export function listTeams(db: TandemDatabase, workspaceId: number) {
  return db
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.workspaceId, workspaceId))
    .orderBy(teams.name)
    .all();
}
