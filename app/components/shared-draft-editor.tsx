import { CollaborationPlugin } from "@lexical/react/LexicalCollaborationPlugin";
import { LexicalCollaboration } from "@lexical/react/LexicalCollaborationContext";
import { LexicalComposer } from "@lexical/react/LexicalComposer";
import { useLexicalComposerContext } from "@lexical/react/LexicalComposerContext";
import { ContentEditable } from "@lexical/react/LexicalContentEditable";
import { LexicalErrorBoundary } from "@lexical/react/LexicalErrorBoundary";
import { OnChangePlugin } from "@lexical/react/LexicalOnChangePlugin";
import { PlainTextPlugin } from "@lexical/react/LexicalPlainTextPlugin";
import type { Provider } from "@lexical/yjs";
import { $getRoot, type EditorState, type LexicalEditor } from "lexical";
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { draftDocName } from "../../sync/inbox-doc";
import { replicaName } from "../lib/browser-storage";
import { followNetwork, syncUrl } from "./live-inbox";

/** A colour per rep for their caret in others' editors, stable across sessions. */
const CURSOR_COLOURS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2"];

/** The editor's text as it is sent: plain text, paragraphs and line breaks as newlines. */
export function draftTextOf(editor: LexicalEditor): string {
  return editor.getEditorState().read(() => $getRoot().getTextContent());
}

/**
 * A conversation's shared reply draft (`draft/ID`): a Lexical editor bound to
 * the draft's Yjs document, so reps writing the same answer see each other's
 * words and carets as they type. The draft is also kept in this browser's
 * IndexedDB, so words written offline survive and merge on reconnect. The
 * server starts each draft off (browsers never bootstrap it) and empties it
 * once it is sent. Browser-only: render it after hydration.
 */
export function SharedDraftEditor({
  conversationId,
  workspaceSlug,
  user,
  editable,
  label,
  placeholder,
  editorRef,
  onChange,
}: {
  conversationId: string;
  workspaceSlug: string;
  user: { id: number; name: string };
  editable: boolean;
  label: string;
  placeholder: string;
  editorRef: MutableRefObject<LexicalEditor | null>;
  /** The draft's text after every change; `local` is false for a co-writer's change arriving. */
  onChange(text: string, local: boolean): void;
}) {
  const closers = useRef<(() => void)[]>([]);
  // Until the editor holds the started draft, what a rep typed would never reach the others.
  const [ready, setReady] = useState(false);
  const markReady = useCallback(() => setReady(true), []);
  // Stable, or the plugin reconnects on every render.
  const awarenessData = useMemo(() => ({ user: { id: user.id, name: user.name } }), [user.id, user.name]);
  // React's StrictMode (development) unmounts and remounts at once; the collaboration plugin keeps the provider
  // it made across that, so only a real unmount may destroy it (a destroyed provider stops sending the rep's words).
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      setTimeout(() => {
        if (!mounted.current) for (const close of closers.current.splice(0)) close();
      });
    };
  }, []);

  const providerFactory = useCallback(
    (id: string, docs: Map<string, Y.Doc>): Provider => {
      let doc = docs.get(id);
      if (!doc) {
        doc = new Y.Doc();
        docs.set(id, doc);
      }
      const name = draftDocName(id);
      // The plugin connects once it has bound the editor.
      const provider = new WebsocketProvider(syncUrl(), name, doc, { connect: false, disableBc: true });
      // The plugin connects once its editor observes the document. Only then may this browser's replica fill it
      // (the editor would miss what it already held), and only online may the provider knock.
      let replica: IndexeddbPersistence | null = null;
      const connect = provider.connect.bind(provider);
      provider.connect = () => {
        replica ??= new IndexeddbPersistence(replicaName(workspaceSlug, name), doc);
        if (navigator.onLine) connect();
      };
      const unfollow = followNetwork(provider);
      closers.current.push(() => {
        unfollow();
        provider.destroy();
        void replica?.destroy();
      });
      return provider as unknown as Provider;
    },
    [workspaceSlug],
  );

  return (
    <LexicalCollaboration>
      <LexicalComposer
        initialConfig={{
          namespace: `reply-${conversationId}`,
          // The collaboration plugin fills the editor from the shared document.
          editorState: null,
          // Read-only until bound to the started draft (EditorHandle opens it): a keystroke before then would be lost.
          editable: false,
          theme: { paragraph: "draft-paragraph" },
          onError: (error) => {
            throw error;
          },
        }}
      >
        <div className="draft-editor-shell">
          <PlainTextPlugin
            contentEditable={
              <ContentEditable
                className="draft-editor"
                aria-label={label}
                aria-placeholder={placeholder}
                aria-busy={!ready}
                placeholder={<div className="draft-placeholder">{ready ? placeholder : "Loading the draft…"}</div>}
              />
            }
            ErrorBoundary={LexicalErrorBoundary}
          />
        </div>
        <CollaborationPlugin
          id={conversationId}
          providerFactory={providerFactory}
          shouldBootstrap={false}
          username={user.name}
          cursorColor={CURSOR_COLOURS[user.id % CURSOR_COLOURS.length]}
          awarenessData={awarenessData}
        />
        <OnChangePlugin
          ignoreSelectionChange
          onChange={(state, _editor, tags) => onChange(state.read(() => $getRoot().getTextContent()), !tags.has("collaboration"))}
        />
        <EditorHandle editorRef={editorRef} editable={editable && ready} onStarted={markReady} />
      </LexicalComposer>
    </LexicalCollaboration>
  );
}

/**
 * Hands the editor to the composer, keeps its editability in step with the
 * reply lock, and says when the editor holds the started draft: the server's
 * paragraph (or this browser's replica of it) has been drawn into the editor,
 * not merely into the Yjs document. A keystroke before that would land in an
 * editor that does not match the document and never reach the others.
 */
function EditorHandle({
  editorRef,
  editable,
  onStarted,
}: {
  editorRef: MutableRefObject<LexicalEditor | null>;
  editable: boolean;
  onStarted: () => void;
}) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    const started = (state: EditorState) => state.read(() => $getRoot().getChildrenSize() > 0);
    if (started(editor.getEditorState())) return onStarted();
    const stop = editor.registerUpdateListener(({ editorState }) => {
      if (!started(editorState)) return;
      stop();
      onStarted();
    });
    return stop;
  }, [editor, onStarted]);
  useEffect(() => {
    editorRef.current = editor;
    return () => {
      editorRef.current = null;
    };
  }, [editor, editorRef]);
  useEffect(() => editor.setEditable(editable), [editor, editable]);
  return null;
}
