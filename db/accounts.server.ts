import { and, eq, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { preparedQuery } from "./prepared.server";
import type { InterchangeAccount } from "./interchange";
import { accountDomains, accounts } from "./schema";

export type Account = typeof accounts.$inferSelect;

const toDate = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/**
 * Finds the account by its external id, creating it when new; fields the input
 * carries overwrite stored ones, absent fields are left as they are.
 */
export function upsertAccount(db: TandemDatabase, workspaceId: number, input: InterchangeAccount): Account {
  const fields = {
    name: input.name,
    plan: input.plan,
    mrrCents: input.mrr === undefined ? undefined : Math.round(input.mrr * 100),
    seats: input.seats,
    renewalAt: toDate(input.renewalAt),
    trialStartedAt: toDate(input.trialStartedAt),
  };
  const existing = findAccountByExternalId(db, workspaceId, input.id);
  if (!existing) {
    return db
      .insert(accounts)
      .values({ ...fields, workspaceId, externalId: input.id, name: input.name ?? input.id })
      .returning()
      .get();
  }
  const changes = Object.fromEntries(
    Object.entries(fields).filter(([key, value]) => {
      if (value === undefined) return false;
      const stored = existing[key as keyof Account];
      return value instanceof Date ? !(stored instanceof Date && stored.getTime() === value.getTime()) : stored !== value;
    }),
  );
  if (Object.keys(changes).length === 0) return existing;
  return db.update(accounts).set(changes).where(eq(accounts.id, existing.id)).returning().get();
}

export function findAccountByExternalId(db: TandemDatabase, workspaceId: number, externalId: string) {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.workspaceId, workspaceId), eq(accounts.externalId, externalId)))
    .get();
}

export function setAccountOwner(db: TandemDatabase, accountId: number, ownerId: number | null): void {
  db.update(accounts).set({ ownerId }).where(eq(accounts.id, accountId)).run();
}

/** The account that owns an email domain, for addresses not yet linked to a contact. */
const accountByDomain = preparedQuery((db) =>
  db
    .select({ account: accounts })
    .from(accountDomains)
    .innerJoin(accounts, eq(accounts.id, accountDomains.accountId))
    .where(and(eq(accountDomains.workspaceId, sql.placeholder("workspaceId")), eq(accountDomains.domain, sql.placeholder("domain"))))
    .prepare(),
);

export function findAccountByDomain(db: TandemDatabase, workspaceId: number, domain: string): Account | undefined {
  return accountByDomain(db).get({ workspaceId, domain: domain.toLowerCase() })?.account;
}

export function addAccountDomain(db: TandemDatabase, workspaceId: number, accountId: number, domain: string): void {
  db.insert(accountDomains)
    .values({ workspaceId, accountId, domain: domain.toLowerCase() })
    .onConflictDoNothing()
    .run();
}
