import { $createParagraphNode, $createTextNode, $getRoot } from "lexical";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { bootstrapDraft, clearDraft, draftText, editDraft, isUnstarted } from "../../sync/reply-draft.server";

/** Two replicas of one draft, kept in step the way the sync server relays updates. */
function replicas() {
  const server = new Y.Doc();
  const browser = new Y.Doc();
  server.on("update", (update: Uint8Array, origin: unknown) => origin !== "relay" && Y.applyUpdate(browser, update, "relay"));
  browser.on("update", (update: Uint8Array, origin: unknown) => origin !== "relay" && Y.applyUpdate(server, update, "relay"));
  return { server, browser };
}

const write = (doc: Y.Doc, text: string) =>
  editDraft(doc, () => {
    const paragraph = $getRoot().getFirstChild() ?? $getRoot().append($createParagraphNode()).getFirstChildOrThrow();
    (paragraph as ReturnType<typeof $createParagraphNode>).append($createTextNode(text));
  });

describe("the shared reply draft", () => {
  it("starts with one empty paragraph, once, however often it is bootstrapped", () => {
    const { server, browser } = replicas();
    expect(isUnstarted(browser)).toBe(true);
    bootstrapDraft(server);
    bootstrapDraft(server);
    expect(isUnstarted(browser)).toBe(false);
    expect(browser.get("root", Y.XmlText).length).toBe(1);
    expect(draftText(browser)).toBe("");
  });

  it("reads what a rep wrote and empties it for every replica once sent", () => {
    const { server, browser } = replicas();
    bootstrapDraft(server);
    write(browser, "Hi Priya, the export fix is live.");
    expect(draftText(server)).toBe("Hi Priya, the export fix is live.");
    clearDraft(server);
    expect(draftText(browser)).toBe("");
    expect(isUnstarted(browser)).toBe(false);
  });

  it("merges a replica's offline words into the draft instead of losing them or the clearing", () => {
    const server = new Y.Doc();
    bootstrapDraft(server);
    write(server, "Sent text.");
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(server));
    clearDraft(server);
    // Written while the replica had not heard of the clearing.
    editDraft(offline, () => $getRoot().append($createParagraphNode().append($createTextNode("New thought."))));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(offline));
    expect(draftText(server)).not.toContain("Sent text.");
    expect(draftText(server)).toContain("New thought.");
  });
});
