/**
 * The relational model of a Tandem workspace. Every row that holds customer or
 * team data carries `workspaceId`, so every query can be scoped to one workspace.
 * Times are stored as Unix milliseconds.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { AUTHOR_KINDS, CHANNELS, CONVERSATION_STATUSES, PRIORITIES } from "./interchange";

export const ROLES = ["rep", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const MESSAGE_DIRECTIONS = ["inbound", "outbound"] as const;

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

const workspaceRef = () =>
  integer("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

export const workspaces = sqliteTable("workspaces", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const teams = sqliteTable(
  "teams",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("teams_workspace_name").on(t.workspaceId, t.name)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("rep"),
    teamId: integer("team_id").references(() => teams.id, { onDelete: "set null" }),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("users_workspace").on(t.workspaceId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    /** SHA-256 of the token: the token itself is shown once and never stored. */
    tokenHash: text("token_hash").notNull().unique(),
    lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("api_tokens_workspace").on(t.workspaceId)],
);

export const accounts = sqliteTable(
  "accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    /** The customer's account id as other systems know it ("acme"). */
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    plan: text("plan"),
    mrrCents: integer("mrr_cents"),
    seats: integer("seats"),
    renewalAt: integer("renewal_at", { mode: "timestamp_ms" }),
    trialStartedAt: integer("trial_started_at", { mode: "timestamp_ms" }),
    ownerId: integer("owner_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("accounts_workspace_external").on(t.workspaceId, t.externalId)],
);

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    accountId: integer("account_id").references(() => accounts.id, { onDelete: "set null" }),
    name: text("name"),
    createdAt: createdAt(),
  },
  (t) => [index("contacts_account").on(t.accountId)],
);

export const IDENTITY_KINDS = ["email", "chat_visitor", "slack_user"] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** How a contact is recognised on each channel; one identity belongs to one contact. */
export const contactIdentities = sqliteTable(
  "contact_identities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    contactId: integer("contact_id")
      .notNull()
      .references(() => contacts.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: IDENTITY_KINDS }).notNull(),
    value: text("value").notNull(),
  },
  (t) => [
    uniqueIndex("contact_identities_lookup").on(t.workspaceId, t.kind, t.value),
    index("contact_identities_contact").on(t.contactId),
  ],
);

export const conversations = sqliteTable(
  "conversations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    /** The id people and tools use ("c-1042"), unique in its workspace. */
    publicId: text("public_id").notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    subject: text("subject"),
    status: text("status", { enum: CONVERSATION_STATUSES }).notNull().default("open"),
    priority: text("priority", { enum: PRIORITIES }).notNull().default("normal"),
    accountId: integer("account_id").references(() => accounts.id, { onDelete: "set null" }),
    contactId: integer("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    assigneeId: integer("assignee_id").references(() => users.id, { onDelete: "set null" }),
    teamId: integer("team_id").references(() => teams.id, { onDelete: "set null" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    lastMessageAt: integer("last_message_at", { mode: "timestamp_ms" }).notNull(),
    /** When the customer started waiting: the first customer message after the last agent reply. */
    waitingSince: integer("waiting_since", { mode: "timestamp_ms" }),
    firstResponseAt: integer("first_response_at", { mode: "timestamp_ms" }),
    snoozedUntil: integer("snoozed_until", { mode: "timestamp_ms" }),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("conversations_workspace_public").on(t.workspaceId, t.publicId),
    // The inbox: a workspace's conversations of one status, longest waiting first.
    index("conversations_inbox").on(t.workspaceId, t.status, t.waitingSince),
    index("conversations_assignee").on(t.workspaceId, t.assigneeId, t.status),
    index("conversations_account").on(t.accountId, t.lastMessageAt),
  ],
);

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    authorKind: text("author_kind", { enum: AUTHOR_KINDS }).notNull(),
    authorUserId: integer("author_user_id").references(() => users.id, { onDelete: "set null" }),
    authorContactId: integer("author_contact_id").references(() => contacts.id, { onDelete: "set null" }),
    /** The name shown for the author when there is no user or contact to name them. */
    authorName: text("author_name"),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    text: text("text").notNull(),
    /** Sanitised HTML, only when the source message had HTML. */
    html: text("html"),
    /** The channel's own id for the message (Message-ID, Slack ts, …): de-duplicates redelivery. */
    channelMessageId: text("channel_message_id"),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("messages_conversation").on(t.conversationId, t.sentAt),
    uniqueIndex("messages_channel_id").on(t.workspaceId, t.channelMessageId),
  ],
);

export const notes = sqliteTable(
  "notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    authorUserId: integer("author_user_id").references(() => users.id, { onDelete: "set null" }),
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("notes_conversation").on(t.conversationId, t.createdAt)],
);

export const usageEvents = sqliteTable(
  "usage_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    /** The product's own user id; not a Tandem user. */
    productUserId: text("product_user_id").notNull(),
    event: text("event").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("usage_events_identity").on(t.accountId, t.productUserId, t.event, t.at)],
);
