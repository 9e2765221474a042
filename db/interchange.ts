/**
 * The conversation interchange format (JSON Lines), shared by `tandem import`,
 * `tandem export`, the HTTP API and the eval datasets. One schema serves them all.
 */
import { z } from "zod";

export const CHANNELS = ["email", "chat", "slack"] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

export const CONVERSATION_STATUSES = ["open", "snoozed", "closed"] as const;
export const ConversationStatusSchema = z.enum(CONVERSATION_STATUSES);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

export const AUTHOR_KINDS = ["customer", "agent", "bot"] as const;
export const AuthorKindSchema = z.enum(AUTHOR_KINDS);
export type AuthorKind = z.infer<typeof AuthorKindSchema>;

const isoDateTime = z.iso.datetime({ offset: true });

export const InterchangeMessageSchema = z.object({
  /** Extension, written by export and the API: the message's id, for `ifLastMessageId`. */
  id: z.string().max(100).optional(),
  author: AuthorKindSchema,
  authorName: z.string().min(1).max(200).optional(),
  text: z.string().max(100_000),
  at: isoDateTime,
});
export type InterchangeMessage = z.infer<typeof InterchangeMessageSchema>;

/** `id` is required; the other fields are compatible extensions the seed and export fill. */
export const InterchangeAccountSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  plan: z.string().min(1).max(100).optional(),
  mrr: z.number().nonnegative().optional(),
  seats: z.number().int().nonnegative().optional(),
  renewalAt: isoDateTime.optional(),
  trialStartedAt: isoDateTime.optional(),
});
export type InterchangeAccount = z.infer<typeof InterchangeAccountSchema>;

export const InterchangeContactSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  email: z.email().optional(),
  slackUserId: z.string().min(1).max(200).optional(),
  chatVisitorId: z.string().min(1).max(200).optional(),
});
export type InterchangeContact = z.infer<typeof InterchangeContactSchema>;

export const TagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, "tags are letters, digits, spaces, dashes and underscores");

export const PRIORITIES = ["urgent", "high", "normal", "low"] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

export const InterchangeConversationSchema = z.object({
  id: z.string().min(1).max(200),
  channel: ChannelSchema,
  subject: z.string().max(500).optional(),
  createdAt: isoDateTime,
  status: ConversationStatusSchema.default("open"),
  /** Extension: triage priority, `normal` when absent. */
  priority: PrioritySchema.optional(),
  /** Extension: the assignee's email in the workspace. */
  assigneeEmail: z.email().optional(),
  account: InterchangeAccountSchema.optional(),
  contact: InterchangeContactSchema.optional(),
  messages: z.array(InterchangeMessageSchema).min(1),
});
export type InterchangeConversation = z.infer<typeof InterchangeConversationSchema>;
/** What a writer may pass: defaults not yet applied. */
export type InterchangeConversationInput = z.input<typeof InterchangeConversationSchema>;

export const UsageEventSchema = z.object({
  accountId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200),
  event: z.string().min(1).max(100),
  at: isoDateTime,
});
export type UsageEvent = z.infer<typeof UsageEventSchema>;

export interface LineError {
  line: number;
  message: string;
}

export interface ParsedLines<T> {
  records: T[];
  errors: LineError[];
}

/**
 * Parses JSON Lines against a schema. A bad line is reported with its 1-based
 * number and skipped; the rest of the file still loads. Blank lines are ignored.
 * With `keyOf`, a line repeating an earlier line's key is reported and skipped.
 */
export function parseJsonLines<S extends z.ZodType>(
  text: string,
  schema: S,
  keyOf?: (record: z.infer<S>) => string,
): ParsedLines<z.infer<S>> {
  const records: z.infer<S>[] = [];
  const errors: LineError[] = [];
  const seenKeys = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line: i + 1, message: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const result = schema.safeParse(value);
    if (!result.success) {
      errors.push({ line: i + 1, message: describeIssues(result.error) });
      continue;
    }
    if (keyOf) {
      const key = keyOf(result.data);
      const firstLine = seenKeys.get(key);
      if (firstLine !== undefined) {
        errors.push({ line: i + 1, message: `id "${key}" already appears on line ${firstLine}` });
        continue;
      }
      seenKeys.set(key, i + 1);
    }
    records.push(result.data);
  }
  return { records, errors };
}

export const parseConversationLines = (text: string) =>
  parseJsonLines(text, InterchangeConversationSchema, (conversation) => conversation.id);

export const parseUsageEventLines = (text: string) => parseJsonLines(text, UsageEventSchema);

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

export function toJsonLines(records: unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join("\n") + (records.length ? "\n" : "");
}
