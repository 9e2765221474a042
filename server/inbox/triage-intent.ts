/**
 * What a rep asks of a conversation's triage, as the inbox's forms send it
 * (intent=assign|status|priority|tags|snooze|note): one schema for the
 * server, which applies it to the database, and for the browser, which
 * applies it to its own replica of the live inbox while offline.
 */
import { z } from "zod";
import { PrioritySchema, TagSchema } from "../../db/interchange";
import type { LiveTriage, TriageFields } from "../../sync/inbox-doc";

export const NoteTextSchema = z
  .string()
  .trim()
  .min(1, "a note needs some text")
  .max(5_000, "notes are at most 5,000 characters");

/** "" means "nobody" (unassign); otherwise a positive integer id. */
const OptionalId = z
  .string()
  .trim()
  .regex(/^\d*$/, "must be a user or team id")
  .transform((value) => (value === "" ? null : Number(value)));

const Checkbox = z
  .enum(["true", "false", "on", "1", "0", ""])
  .transform((value) => value === "true" || value === "on" || value === "1");

export const TriageFormSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("assign"),
      assigneeId: OptionalId.optional(),
      teamId: OptionalId.optional(),
      /** Who the rep saw holding it ("" for nobody): if that changed meanwhile, someone else was first, and nothing changes. */
      expectedAssigneeId: OptionalId.optional(),
    }).refine(
      (form) => form.assigneeId !== undefined || form.teamId !== undefined,
      { message: "say who to assign: assigneeId (empty to unassign) or teamId" },
    ),
    z.object({
      intent: z.literal("status"),
      status: z.enum(["open", "closed"], { message: 'status is "open" or "closed" (to snooze, use intent=snooze)' }),
    }),
    z.object({ intent: z.literal("priority"), priority: PrioritySchema }),
    z
      .object({ intent: z.literal("tags"), add: TagSchema.optional(), remove: z.string().trim().toLowerCase().max(40).optional() })
      .refine((form) => form.add || form.remove, { message: "give a tag to add or remove" }),
    z
      .object({
        intent: z.literal("snooze"),
        until: z.iso.datetime({ offset: true, message: "until is an ISO date and time" }).optional(),
        untilReply: Checkbox.optional(),
      })
      .refine((form) => form.until || form.untilReply, { message: "snooze until a time, or until the customer replies" }),
    z.object({ intent: z.literal("note"), text: NoteTextSchema }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? 'intent is one of assign, status, priority, tags, snooze, note' : undefined) },
);
export type TriageForm = z.infer<typeof TriageFormSchema>;

/**
 * The live-document change an intent makes, for a rep working offline; the
 * server projects it into the database on reconnect. An intent that needs the
 * server (closing sends a survey; a note notifies people) says so instead.
 */
export function offlineTriageChange(form: TriageForm, current: LiveTriage, now: number): { change: Partial<TriageFields> } | { error: string } {
  switch (form.intent) {
    case "assign":
      return {
        change: {
          ...(form.assigneeId !== undefined ? { assigneeId: form.assigneeId } : {}),
          ...(form.teamId !== undefined ? { teamId: form.teamId, ...(form.assigneeId === undefined ? { assigneeId: null } : {}) } : {}),
        },
      };
    case "priority":
      return { change: { priority: form.priority } };
    case "tags": {
      const tags = current.tags.filter((tag) => tag !== form.remove);
      if (form.add && !tags.includes(form.add)) tags.push(form.add);
      return tags.length > 20 ? { error: "A conversation has at most 20 tags." } : { change: { tags } };
    }
    case "snooze": {
      const until = form.until ? Date.parse(form.until) : null;
      if (until !== null && until <= now) return { error: "Snooze until a time in the future." };
      return { change: { status: "snoozed", snoozedUntil: until, snoozedUntilReply: form.untilReply ?? false } };
    }
    case "status":
      if (form.status === "open") return { change: { status: "open", snoozedUntil: null, snoozedUntilReply: false } };
      return { error: "Closing needs a connection: it sends the customer a survey. Close it when you are back online." };
    case "note":
      return { error: "Notes need a connection: they notify the people mentioned. Add it when you are back online." };
  }
}
