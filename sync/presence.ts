/**
 * What each rep's awareness state says about them on the inbox document:
 * who they are, which conversation they are viewing, and where they are
 * writing a reply. Other clients' states are untrusted input: read through
 * `readPresence`, which drops anything malformed.
 */
import { z } from "zod";

const ConversationId = z.string().min(1).max(200);

export const PresenceSchema = z.object({
  user: z.object({ id: z.number().int().positive(), name: z.string().min(1).max(200) }),
  viewing: ConversationId.nullable().default(null),
  composing: ConversationId.nullable().default(null),
});
export type Presence = z.infer<typeof PresenceSchema>;

/** Everyone present, one entry per rep (a rep with two tabs counts once; a tab composing wins over one only viewing). */
export function readPresence(states: Map<number, unknown>, exceptUserId?: number): Presence[] {
  const byUser = new Map<number, Presence>();
  for (const state of states.values()) {
    const parsed = PresenceSchema.safeParse(state);
    if (!parsed.success || parsed.data.user.id === exceptUserId) continue;
    const known = byUser.get(parsed.data.user.id);
    byUser.set(parsed.data.user.id, {
      user: parsed.data.user,
      viewing: parsed.data.viewing ?? known?.viewing ?? null,
      composing: parsed.data.composing ?? known?.composing ?? null,
    });
  }
  return [...byUser.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
}
