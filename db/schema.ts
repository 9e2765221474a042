/**
 * The relational model of a Tandem workspace. Every row that holds customer or
 * team data carries `workspaceId`, so every query can be scoped to one workspace.
 * Times are stored as Unix milliseconds.
 */
import { sql } from "drizzle-orm";
import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { CriterionScores, Rubric } from "../evals/rubric";
import { AUTHOR_KINDS, CHANNELS, CONVERSATION_STATUSES, PRIORITIES, type Channel } from "./interchange";

export const ROLES = ["rep", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const MESSAGE_DIRECTIONS = ["inbound", "outbound"] as const;

export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

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
  /** The highest "c-N" conversation number handed out or imported, so the next is found without a scan. */
  conversationSequence: integer("conversation_sequence").notNull().default(1000),
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
    /** Snoozed until the customer writes again, rather than (or as well as) until a time. */
    snoozedUntilReply: integer("snoozed_until_reply", { mode: "boolean" }).notNull().default(false),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    /** The SLA clock running now: which promise, when its policy starts warning, and when it falls due; null while paused or met. */
    slaTarget: text("sla_target", { enum: SLA_TARGETS }),
    slaDueAt: integer("sla_due_at", { mode: "timestamp_ms" }),
    slaWarnAt: integer("sla_warn_at", { mode: "timestamp_ms" }),
    /** How many times the customer came back after a close. */
    reopenCount: integer("reopen_count").notNull().default(0),
    /** Set while this conversation's messages live in another one, merged as the same issue. */
    mergedIntoId: integer("merged_into_id"),
  },
  (t) => [
    uniqueIndex("conversations_workspace_public").on(t.workspaceId, t.publicId),
    // The inbox: a workspace's conversations of one status, longest waiting first, in index order (no sort).
    index("conversations_inbox").on(
      t.workspaceId,
      t.status,
      sql`(${t.waitingSince} is null)`,
      t.waitingSince,
      sql`${t.lastMessageAt} desc`,
    ),
    // Mail that lost its threading headers: the contact's recent conversations on a channel.
    index("conversations_contact").on(t.workspaceId, t.contactId, t.channel, t.lastMessageAt),
    index("conversations_closed").on(t.workspaceId, t.status, t.closedAt),
    index("conversations_assignee").on(t.workspaceId, t.assigneeId, t.status),
    index("conversations_account").on(t.accountId, t.lastMessageAt),
    index("conversations_sla").on(t.workspaceId, t.slaDueAt),
    // "SLA at risk": clocks past their warning time.
    index("conversations_sla_warn").on(t.workspaceId, t.slaWarnAt),
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
    /** JSON: attachments as metadata only: [{filename, contentType, size}]. */
    attachments: text("attachments", { mode: "json" }).$type<{ filename: string; contentType: string; size: number }[]>(),
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
  (t) => [
    uniqueIndex("usage_events_identity").on(t.accountId, t.productUserId, t.event, t.at),
    // Health windows: an account's events over the last 30 or 60 days.
    index("usage_events_recent").on(t.accountId, t.at),
  ],
);

/* ───────────── The working inbox: channels, triage, SLA, quality signals ───────────── */

export const TEAM_ASSIGNMENT_RULES = ["manual", "round_robin", "least_loaded"] as const;

/** How each team hands out new conversations, and where round robin left off. */
export const teamSettings = sqliteTable("team_settings", {
  teamId: integer("team_id")
    .primaryKey()
    .references(() => teams.id, { onDelete: "cascade" }),
  assignmentRule: text("assignment_rule", { enum: TEAM_ASSIGNMENT_RULES }).notNull().default("manual"),
  /** Account owners get their own accounts' conversations first, when available. */
  accountOwnerFirst: integer("account_owner_first", { mode: "boolean" }).notNull().default(true),
  lastAssignedUserId: integer("last_assigned_user_id").references(() => users.id, { onDelete: "set null" }),
});

/** Whether a rep takes new conversations now (off shift, on leave: false). */
export const userAvailability = sqliteTable("user_availability", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  available: integer("available", { mode: "boolean" }).notNull().default(true),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** Email domains an account owns, so a new address at that domain joins the account. */
export const accountDomains = sqliteTable(
  "account_domains",
  {
    workspaceId: workspaceRef(),
    domain: text("domain").notNull(),
    accountId: integer("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
  },
  (t) => [uniqueIndex("account_domains_lookup").on(t.workspaceId, t.domain)],
);

/** How a channel's replies find their conversation: email root Message-ID, Slack channel+thread, chat session. */
export const conversationThreads = sqliteTable(
  "conversation_threads",
  {
    workspaceId: workspaceRef(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    threadKey: text("thread_key").notNull(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
  },
  (t) => [
    uniqueIndex("conversation_threads_lookup").on(t.workspaceId, t.channel, t.threadKey),
    index("conversation_threads_conversation").on(t.conversationId),
  ],
);

export const conversationTags = sqliteTable(
  "conversation_tags",
  {
    workspaceId: workspaceRef(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    tag: text("tag").notNull(),
  },
  (t) => [
    uniqueIndex("conversation_tags_pair").on(t.conversationId, t.tag),
    index("conversation_tags_tag").on(t.workspaceId, t.tag),
  ],
);

export const ASSIGNMENT_SOURCES = ["manual", "round_robin", "least_loaded", "account_owner", "api"] as const;

export const assignmentEvents = sqliteTable(
  "assignment_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    assigneeId: integer("assignee_id").references(() => users.id, { onDelete: "set null" }),
    teamId: integer("team_id").references(() => teams.id, { onDelete: "set null" }),
    /** Who made the change; null when a rule did. */
    byUserId: integer("by_user_id").references(() => users.id, { onDelete: "set null" }),
    source: text("source", { enum: ASSIGNMENT_SOURCES }).notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("assignment_events_conversation").on(t.conversationId, t.at)],
);

export const NOTIFICATION_KINDS = ["mention", "assignment", "sla_warning", "sla_breach", "channel_alert"] as const;

export const notifications = sqliteTable(
  "notifications",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: NOTIFICATION_KINDS }).notNull(),
    conversationId: integer("conversation_id").references(() => conversations.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    readAt: integer("read_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user").on(t.userId, t.readAt)],
);


/**
 * Response-time promises. The most specific policy wins: one naming both the
 * priority and the account plan beats one naming either, which beats the default.
 */
export const slaPolicies = sqliteTable(
  "sla_policies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    priority: text("priority", { enum: PRIORITIES }),
    accountPlan: text("account_plan"),
    firstResponseMinutes: integer("first_response_minutes").notNull(),
    nextResponseMinutes: integer("next_response_minutes").notNull(),
    resolutionMinutes: integer("resolution_minutes").notNull(),
    /** Warn this many business minutes before a breach. */
    warnBeforeMinutes: integer("warn_before_minutes").notNull().default(30),
  },
  (t) => [index("sla_policies_workspace").on(t.workspaceId)],
);

/** When the team works, in its own time zone; SLA clocks only run inside these hours. */
export const businessHours = sqliteTable("business_hours", {
  workspaceId: integer("workspace_id")
    .primaryKey()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  timeZone: text("time_zone").notNull().default("UTC"),
  /** JSON: for each weekday 0 (Sunday)–6, a list of [startMinute, endMinute] ranges. */
  weeklySchedule: text("weekly_schedule", { mode: "json" }).$type<[number, number][][]>().notNull(),
});

export const holidays = sqliteTable(
  "holidays",
  {
    workspaceId: workspaceRef(),
    /** A calendar date in the workspace's time zone, "2026-12-25". */
    date: text("date").notNull(),
    name: text("name").notNull(),
  },
  (t) => [uniqueIndex("holidays_date").on(t.workspaceId, t.date)],
);

export const SLA_EVENT_KINDS = ["warning", "breach"] as const;

/** Warnings and breaches as they happened, for live alerts and reports. */
export const slaEvents = sqliteTable(
  "sla_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    target: text("target", { enum: SLA_TARGETS }).notNull(),
    kind: text("kind", { enum: SLA_EVENT_KINDS }).notNull(),
    dueAt: integer("due_at", { mode: "timestamp_ms" }).notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("sla_events_once").on(t.conversationId, t.target, t.kind, t.dueAt),
    index("sla_events_workspace").on(t.workspaceId, t.at),
  ],
);

export const DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;

/** Every reply that leaves Tandem, with how it went; nothing is sent without a row here first. */
export const outboundDeliveries = sqliteTable(
  "outbound_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    messageId: integer("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    /** Where it went: "smtp", "outbox" (kept for viewing when no SMTP relay is set), "slack", "chat". */
    transport: text("transport").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    /** JSON: what the transport needs (recipient, subject, headers, Slack channel and thread). */
    envelope: text("envelope", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("outbound_deliveries_status").on(t.workspaceId, t.status, t.createdAt)],
);

/** Inbound messages that could not be processed: kept whole, with the reason, until someone acts. */
export const deadLetters = sqliteTable(
  "dead_letters",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: integer("workspace_id").references(() => workspaces.id, { onDelete: "cascade" }),
    channel: text("channel").notNull(),
    reason: text("reason").notNull(),
    payload: text("payload").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("dead_letters_open").on(t.workspaceId, t.resolvedAt)],
);

export const CHANNEL_ALERT_KINDS = ["quiet", "delivery_failed"] as const;

export const channelAlerts = sqliteTable(
  "channel_alerts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    kind: text("kind", { enum: CHANNEL_ALERT_KINDS }).notNull(),
    message: text("message").notNull(),
    raisedAt: integer("raised_at", { mode: "timestamp_ms" }).notNull(),
    clearedAt: integer("cleared_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("channel_alerts_open").on(t.workspaceId, t.clearedAt)],
);

/** A workspace's channel set-up: the Slack app's team and secrets, the inbound email address. */
export const channelConnections = sqliteTable(
  "channel_connections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    /** The channel's own name for this workspace: the inbound email address, the Slack team id. */
    externalKey: text("external_key").notNull(),
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex("channel_connections_key").on(t.channel, t.externalKey)],
);

export const csatSurveys = sqliteTable(
  "csat_surveys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** The secret in the one-click rating links. */
    token: text("token").notNull().unique(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
    score: integer("score"),
    comment: text("comment"),
    respondedAt: integer("responded_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("csat_surveys_conversation").on(t.conversationId), index("csat_surveys_workspace").on(t.workspaceId, t.respondedAt)],
);

/** Replies sent through the API, remembered by the caller's Idempotency-Key. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    workspaceId: workspaceRef(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: text("response", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("idempotency_keys_key").on(t.workspaceId, t.key)],
);

/**
 * The shared Yjs documents (inbox/SLUG, draft/ID), each as its updates in the
 * order they were accepted; compaction folds them into one row now and then.
 * A new row's id is one past the largest, so a document's rows keep their
 * order; AUTOINCREMENT would add a third page (its counter) to every append's
 * commit, which every live edit waits on.
 */
export const syncUpdates = sqliteTable(
  "sync_updates",
  {
    id: integer("id").primaryKey(),
    workspaceId: workspaceRef(),
    documentName: text("document_name").notNull(),
    update: blob("update", { mode: "buffer" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sync_updates_document").on(t.workspaceId, t.documentName, t.id)],
);

/**
 * Every answer the AI copilot gave (summaries, drafts), with where it came
 * from: task, provider, model and prompt version, and the notice when the
 * configured provider failed and the local one answered.
 */
export const aiOutputs = sqliteTable(
  "ai_outputs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    task: text("task", { enum: ["summary", "draft"] }).notNull(),
    conversationId: integer("conversation_id").references(() => conversations.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: ["local", "openai"] }).notNull(),
    model: text("model").notNull(),
    promptVersion: text("prompt_version").notNull(),
    fallback: text("fallback"),
    output: text("output", { mode: "json" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("ai_outputs_conversation").on(t.conversationId, t.task, t.id)],
);

/** What a rep did with an AI draft: sent it as written, edited it first, or threw it away. */
export const aiDraftReviews = sqliteTable(
  "ai_draft_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    aiOutputId: integer("ai_output_id")
      .notNull()
      .references(() => aiOutputs.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    decision: text("decision", { enum: ["accepted", "edited", "rejected"] }).notNull(),
    /** Characters changed between the draft and what was sent (Levenshtein); null when rejected. */
    editDistance: integer("edit_distance"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("ai_draft_reviews_output").on(t.aiOutputId)],
);

/**
 * The copilot's proposals that two open conversations are the same issue,
 * one pair at a time, found as messages arrive. A rejected pair is never
 * proposed again.
 */
export const mergeProposals = sqliteTable(
  "merge_proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    /** The pair, lower internal id first: one row per pair, ever. */
    firstId: integer("first_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    secondId: integer("second_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    confidence: real("confidence").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["pending", "accepted", "rejected", "undone"] }).notNull().default("pending"),
    decidedBy: integer("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("merge_proposals_pair").on(t.workspaceId, t.firstId, t.secondId), index("merge_proposals_second").on(t.secondId)],
);

/** A merge as done, with what moved, so it can be shown and undone exactly. */
export const conversationMerges = sqliteTable(
  "conversation_merges",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    targetId: integer("target_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    sourceId: integer("source_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    proposalId: integer("proposal_id").references(() => mergeProposals.id, { onDelete: "set null" }),
    movedMessageIds: text("moved_message_ids", { mode: "json" }).$type<number[]>().notNull(),
    /** The source's thread keys (email Message-IDs, chat sessions, Slack threads), now leading to the target. */
    movedThreadKeys: text("moved_thread_keys", { mode: "json" }).$type<{ channel: Channel; threadKey: string }[]>().notNull(),
    /** The source's status before the merge, restored by an undo. */
    sourceStatus: text("source_status", { enum: CONVERSATION_STATUSES }).notNull(),
    mergedBy: integer("merged_by").references(() => users.id, { onDelete: "set null" }),
    mergedAt: integer("merged_at", { mode: "timestamp_ms" }).notNull(),
    undoneAt: integer("undone_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("conversation_merges_target").on(t.targetId), index("conversation_merges_source").on(t.sourceId)],
);

/**
 * The workspace's own knowledge: known issues, how-tos and policies, written
 * by the team. AI drafts are grounded in these (and cite them) besides the
 * conversation and the account; nothing else the team knows reaches a draft.
 */
export const knowledgeSnippets = sqliteTable(
  "knowledge_snippets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    updatedBy: integer("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("knowledge_snippets_title").on(t.workspaceId, t.title)],
);

/**
 * A workspace's quality rubric, one row per version: an admin's change adds
 * a version, and every score keeps the version it was given under. A
 * workspace without rows uses the built-in rubric (version 1).
 */
export const rubricVersions = sqliteTable(
  "rubric_versions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    version: integer("version").notNull(),
    /** The whole rubric (evals/rubric.ts RubricSchema), as JSON. */
    rubric: text("rubric", { mode: "json" }).notNull().$type<Rubric>(),
    createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("rubric_versions_version").on(t.workspaceId, t.version)],
);

export const REVIEW_REASONS = ["low_csat", "sla_breach", "reopened", "long_thread", "ai_drafted", "sample"] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/**
 * A conversation sampled for a week's quality review of one rep: why it was
 * picked, the AI's pre-score, and the manager's scores and coaching notes
 * once given.
 */
export const qualityReviews = sqliteTable(
  "quality_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    workspaceId: workspaceRef(),
    conversationId: integer("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    /** Monday 00:00 UTC of the week whose replies are reviewed. */
    weekStart: integer("week_start", { mode: "timestamp_ms" }).notNull(),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    reasons: text("reasons", { mode: "json" }).notNull().$type<ReviewReason[]>(),
    /** Whether a reply of the week was sent from an AI draft (accepted or edited). */
    aiDrafted: integer("ai_drafted", { mode: "boolean" }).notNull(),
    /** The AI pre-score (ai/tasks.ts ReplyScore with its provenance), once computed. */
    preScore: text("pre_score", { mode: "json" }),
    rubricVersion: integer("rubric_version"),
    scores: text("scores", { mode: "json" }).$type<CriterionScores>(),
    /** The weighted overall score, 1–5, under the rubric version scored with. */
    overall: real("overall"),
    coachingNote: text("coaching_note"),
    reviewerId: integer("reviewer_id").references(() => users.id, { onDelete: "set null" }),
    scoredAt: integer("scored_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("quality_reviews_conversation").on(t.workspaceId, t.weekStart, t.conversationId),
    index("quality_reviews_rep").on(t.workspaceId, t.repId, t.weekStart),
  ],
);
