/**
 * What support knows about each account, for the at-risk list: its open
 * conversations, SLA breaches in the last 30 days, and the latest words of
 * the customer in each open conversation (read for mood by the copilot).
 * One grouped query per signal, whatever the number of accounts.
 */
import { and, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { accounts, conversations, slaEvents, users } from "./schema";

const DAY = 86_400_000;

export interface AccountSupportRow {
  id: number;
  externalId: string;
  name: string;
  plan: string | null;
  mrrCents: number | null;
  renewalAt: Date | null;
  ownerName: string | null;
  openConversations: number;
  slaBreaches30d: number;
  /** The customer's latest message in each open conversation. */
  latestCustomerWords: string[];
}

export function accountSupportRows(db: TandemDatabase, workspaceId: number, now: Date): AccountSupportRow[] {
  const rows = db
    .select({
      id: accounts.id,
      externalId: accounts.externalId,
      name: accounts.name,
      plan: accounts.plan,
      mrrCents: accounts.mrrCents,
      renewalAt: accounts.renewalAt,
      ownerName: users.name,
    })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .where(eq(accounts.workspaceId, workspaceId))
    .orderBy(desc(accounts.mrrCents))
    .all();
  const open = new Map(
    db
      .select({ accountId: conversations.accountId, n: sql<number>`count(*)` })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.status, "open"), isNotNull(conversations.accountId)))
      .groupBy(conversations.accountId)
      .all()
      .map((row) => [row.accountId!, row.n]),
  );
  const breaches = new Map(
    db
      .select({ accountId: conversations.accountId, n: sql<number>`count(*)` })
      .from(slaEvents)
      .innerJoin(conversations, eq(conversations.id, slaEvents.conversationId))
      .where(and(eq(slaEvents.workspaceId, workspaceId), eq(slaEvents.kind, "breach"), gte(slaEvents.at, new Date(now.getTime() - 30 * DAY))))
      .groupBy(conversations.accountId)
      .all()
      .map((row) => [row.accountId, row.n]),
  );
  // Spelled out: the subquery must name the outer row's table, which drizzle's column interpolation does not.
  const latestWords = sql<string | null>`(
    select m.text from messages m
    where m.conversation_id = "conversations"."id" and m.author_kind = 'customer'
    order by m.sent_at desc, m.id desc limit 1)`;
  const words = new Map<number, string[]>();
  for (const row of db
    .select({ accountId: conversations.accountId, text: latestWords })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.status, "open"), isNotNull(conversations.accountId)))
    .all()) {
    if (row.text) words.set(row.accountId!, [...(words.get(row.accountId!) ?? []), row.text]);
  }
  return rows.map((row) => ({
    ...row,
    openConversations: open.get(row.id) ?? 0,
    slaBreaches30d: breaches.get(row.id) ?? 0,
    latestCustomerWords: words.get(row.id) ?? [],
  }));
}
