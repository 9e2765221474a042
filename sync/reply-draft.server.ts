/**
 * The shared reply draft of a conversation (`draft/ID`): a Lexical editor's
 * content bound to Yjs by @lexical/yjs, which reps co-write in the browser.
 * The server edits it through the same binding in a headless editor, so what
 * it writes is what browsers expect: the first empty paragraph (browsers never
 * bootstrap, or two of them would both add one), and emptying the draft once
 * it has been sent.
 *
 * Each edit runs on a copy of the document and is applied back as one update,
 * which the sync server stores and relays like any client's.
 */
import { createHeadlessEditor } from "@lexical/headless";
import { createBinding, syncLexicalUpdateToYjs, syncYjsChangesToLexical, type Provider } from "@lexical/yjs";
import { $createLineBreakNode, $createParagraphNode, $createTextNode, $getRoot } from "lexical";
import * as Y from "yjs";

/** The binding's id: @lexical/yjs keeps the content under the document's "root" either way. */
const BINDING_ID = "reply";

/** The server takes no part in presence. */
const silentProvider: Provider = {
  awareness: {
    getLocalState: () => null,
    getStates: () => new Map(),
    on: () => {},
    off: () => {},
    setLocalState: () => {},
    setLocalStateField: () => {},
  },
  connect: () => {},
  disconnect: () => {},
  on: () => {},
  off: () => {},
};

/** Runs `change` (a Lexical update) against the draft; returns the draft's plain text afterwards. */
export function editDraft(doc: Y.Doc, change: (() => void) | null, origin?: unknown): string {
  const copy = new Y.Doc();
  const editor = createHeadlessEditor({
    namespace: "reply-draft",
    onError: (error) => {
      throw error;
    },
  });
  const binding = createBinding(editor, silentProvider, BINDING_ID, copy, new Map([[BINDING_ID, copy]]));
  binding.root.getSharedType().observeDeep((events, transaction) => {
    if (transaction.origin !== binding) syncYjsChangesToLexical(binding, silentProvider, events, false);
  });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  // Settles the content just read into the editor before anything else happens.
  editor.update(() => {}, { discrete: true });
  if (change) {
    const unregister = editor.registerUpdateListener(({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) =>
      syncLexicalUpdateToYjs(binding, silentProvider, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags),
    );
    quietly(() => editor.update(change, { discrete: true }));
    unregister();
    const diff = Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc));
    Y.applyUpdate(doc, diff, origin);
  }
  const text = editor.getEditorState().read(() => $getRoot().getTextContent());
  copy.destroy();
  return text;
}

/**
 * @lexical/yjs reads a new paragraph's attributes just before inserting it,
 * and Yjs warns about each such read. It is harmless, and a log line per sent
 * draft would bury the lines that matter.
 */
function quietly(run: () => void): void {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] !== "string" || !args[0].startsWith("Invalid access: Add Yjs type to a document")) warn(...args);
  };
  try {
    run();
  } finally {
    console.warn = warn;
  }
}

/** Whether the draft has no content at all yet: not even the empty paragraph a browser needs to type into. */
export function isUnstarted(doc: Y.Doc): boolean {
  return doc.get("root", Y.XmlText).length === 0;
}

/** Gives a draft nobody has opened yet its first empty paragraph. */
export function bootstrapDraft(doc: Y.Doc, origin?: unknown): void {
  if (!isUnstarted(doc)) return;
  editDraft(doc, () => $getRoot().append($createParagraphNode()), origin);
}

/** Empties the draft for everyone (it was sent). Deletions, not a new document, so replicas in browsers merge into the empty draft. */
export function clearDraft(doc: Y.Doc, origin?: unknown): void {
  editDraft(doc, () => $getRoot().clear().append($createParagraphNode()), origin);
}

/** Replaces the draft's words with `text` for everyone writing it (an AI draft arriving); lines become line breaks, as the editor makes them. */
export function replaceDraftText(doc: Y.Doc, text: string, origin?: unknown): void {
  editDraft(
    doc,
    () => {
      const paragraph = $createParagraphNode();
      text.split("\n").forEach((line, index) => {
        if (index > 0) paragraph.append($createLineBreakNode());
        if (line) paragraph.append($createTextNode(line));
      });
      $getRoot().clear().append(paragraph);
    },
    origin,
  );
}

/** What the draft says, as plain text. */
export function draftText(doc: Y.Doc): string {
  return editDraft(doc, null);
}
