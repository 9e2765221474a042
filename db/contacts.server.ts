import { and, eq, inArray, sql } from "drizzle-orm";
import type { TandemDatabase } from "./connection.server";
import { preparedQuery } from "./prepared.server";
import type { InterchangeContact } from "./interchange";
import { contactIdentities, contacts, type IdentityKind } from "./schema";

export type Contact = typeof contacts.$inferSelect;

export interface ChannelIdentity {
  kind: IdentityKind;
  value: string;
}

/** The channel identities a contact record names; emails are compared case-insensitively. */
export function identitiesOf(contact: InterchangeContact): ChannelIdentity[] {
  const identities: ChannelIdentity[] = [];
  if (contact.email) identities.push({ kind: "email", value: contact.email.toLowerCase() });
  if (contact.chatVisitorId) identities.push({ kind: "chat_visitor", value: contact.chatVisitorId });
  if (contact.slackUserId) identities.push({ kind: "slack_user", value: contact.slackUserId });
  return identities;
}

/**
 * Recognises the contact behind any of the given identities, or creates one.
 * Identities not yet linked are attached to the recognised contact, so the same
 * person is one contact across email, chat and Slack.
 */
// Every inbound message resolves its sender: these lookups are prepared once.
const identityOwner = preparedQuery((db) =>
  db
    .select({ contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, sql.placeholder("workspaceId")),
        eq(contactIdentities.kind, sql.placeholder("kind")),
        eq(contactIdentities.value, sql.placeholder("value")),
      ),
    )
    .prepare(),
);
const contactById = preparedQuery((db) => db.select().from(contacts).where(eq(contacts.id, sql.placeholder("id"))).prepare());

export function resolveContact(
  db: TandemDatabase,
  workspaceId: number,
  contact: InterchangeContact,
  accountId: number | null,
): Contact {
  const identities = identitiesOf(contact);
  const known = identities.flatMap((identity) => {
    const match = identityOwner(db).get({ workspaceId, ...identity });
    return match ? [{ ...identity, contactId: match.contactId }] : [];
  });

  let found = known.length ? contactById(db).get({ id: known[0]!.contactId }) : undefined;
  if (!found) {
    found = db
      .insert(contacts)
      .values({ workspaceId, accountId, name: contact.name ?? null })
      .returning()
      .get();
  } else if ((accountId !== null && found.accountId === null) || (contact.name && !found.name)) {
    found = db
      .update(contacts)
      .set({ accountId: found.accountId ?? accountId, name: found.name ?? contact.name ?? null })
      .where(eq(contacts.id, found.id))
      .returning()
      .get();
  }

  const linked = new Set(known.map((k) => `${k.kind}:${k.value}`));
  const missing = identities.filter((i) => !linked.has(`${i.kind}:${i.value}`));
  if (missing.length) {
    db.insert(contactIdentities)
      .values(missing.map((i) => ({ workspaceId, contactId: found.id, ...i })))
      .onConflictDoNothing()
      .run();
  }
  return found;
}

/** The identities of a workspace's contacts (all, or the few named), keyed by contact id. */
export function identitiesByContact(
  db: TandemDatabase,
  workspaceId: number,
  contactIds?: number[],
): Map<number, ChannelIdentity[]> {
  const byContact = new Map<number, ChannelIdentity[]>();
  if (contactIds?.length === 0) return byContact;
  const rows = db
    .select({ contactId: contactIdentities.contactId, kind: contactIdentities.kind, value: contactIdentities.value })
    .from(contactIdentities)
    .where(
      and(
        eq(contactIdentities.workspaceId, workspaceId),
        contactIds ? inArray(contactIdentities.contactId, contactIds) : undefined,
      ),
    )
    .all();
  for (const { contactId, kind, value } of rows) {
    const list = byContact.get(contactId) ?? [];
    list.push({ kind, value });
    byContact.set(contactId, list);
  }
  return byContact;
}

/** Back to the interchange shape: the contact's name and one identity of each kind. */
export function toInterchangeContact(name: string | null, identities: ChannelIdentity[]): InterchangeContact {
  const contact: InterchangeContact = {};
  if (name) contact.name = name;
  for (const { kind, value } of identities) {
    if (kind === "email") contact.email ??= value;
    if (kind === "chat_visitor") contact.chatVisitorId ??= value;
    if (kind === "slack_user") contact.slackUserId ??= value;
  }
  return contact;
}
