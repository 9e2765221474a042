import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CLAIM_IDLE_MS, claimReply, listClaims, readClaim, releaseClaim, removeConversation, writeTriage } from "../../sync/inbox-doc";

const ana = { id: 1, name: "Ana Lima" };
const ben = { id: 2, name: "Ben Carter" };
const t0 = Date.parse("2026-11-23T09:00:00Z");

describe("the reply lock", () => {
  it("stands against a second rep while its holder is active, and lapses once they go idle", () => {
    const doc = new Y.Doc();
    expect(claimReply(doc, "c-1017", ana, t0)).toEqual({ userId: 1, name: "Ana Lima", at: t0 });
    expect(claimReply(doc, "c-1017", ben, t0 + 1_000).userId).toBe(1);
    // Ana keeps typing: her claim is renewed, and still stands after the first one would have lapsed.
    claimReply(doc, "c-1017", ana, t0 + CLAIM_IDLE_MS - 1_000);
    expect(readClaim(doc, "c-1017", t0 + CLAIM_IDLE_MS + 1_000)?.userId).toBe(1);
    // Ana stops: after the idle time nobody holds it, and Ben may take it.
    const later = t0 + 2 * CLAIM_IDLE_MS;
    expect(readClaim(doc, "c-1017", later)).toBeNull();
    expect(listClaims(doc, later).size).toBe(0);
    expect(claimReply(doc, "c-1017", ben, later).userId).toBe(2);
  });

  it("is released only by its holder, and goes with a conversation that leaves the live inbox", () => {
    const doc = new Y.Doc();
    writeTriage(doc, "c-1020", { assigneeId: null, teamId: null, status: "open", priority: "normal", tags: [], snoozedUntil: null, snoozedUntilReply: false }, { by: null, at: t0 });
    claimReply(doc, "c-1020", ana, t0);
    claimReply(doc, "c-1021", ana, t0);
    releaseClaim(doc, ben.id, "c-1020");
    expect(readClaim(doc, "c-1020", t0)?.userId).toBe(1);
    removeConversation(doc, "c-1020");
    expect(readClaim(doc, "c-1020", t0)).toBeNull();
    releaseClaim(doc, ana.id);
    expect(listClaims(doc, t0).size).toBe(0);
  });

  it("skips a malformed claim instead of showing it", () => {
    const doc = new Y.Doc();
    doc.getMap("claims").set("c-1030", { userId: "ana", name: 42 });
    expect(readClaim(doc, "c-1030", t0)).toBeNull();
    expect(claimReply(doc, "c-1030", ben, t0).userId).toBe(2);
  });
});
