import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { z } from "zod";
import { KnowledgeSnippetTextSchema } from "../../ai/tasks";
import { addKnowledge, DuplicateSnippetTitle, listKnowledge, removeKnowledge, updateKnowledge } from "../../db/knowledge.server";
import { AppHeader } from "../components/app-header";
import { formatDateTime } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Knowledge · Tandem" }];

/** Reps read the knowledge AI drafts use; managers and admins write it. */
const canEdit = (role: string) => role === "manager" || role === "admin";

const KnowledgeActionSchema = z.discriminatedUnion("intent", [
  KnowledgeSnippetTextSchema.extend({ intent: z.literal("add") }),
  KnowledgeSnippetTextSchema.extend({ intent: z.literal("update"), id: z.string().regex(/^kb-\d+$/) }),
  z.object({ intent: z.literal("remove"), id: z.string().regex(/^kb-\d+$/) }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    editable: canEdit(user.role),
    snippets: listKnowledge(context.db, user.workspaceId),
  };
}

type Outcome = { ok: boolean; message: string; errors?: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await context.auth.requireUser(request);
  if (!canEdit(user.role)) return data<Outcome>({ ok: false, message: "Only managers and admins change the team's knowledge." }, { status: 403 });
  const form = await request.formData().catch(() => undefined);
  const parsed = KnowledgeActionSchema.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) {
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message]));
    return data<Outcome>({ ok: false, message: "The snippet was not saved.", errors }, { status: 400 });
  }
  const change = parsed.data;
  try {
    if (change.intent === "add") {
      addKnowledge(context.db, user.workspaceId, change, user.id);
      return { ok: true, message: `Added “${change.title}”.` } satisfies Outcome;
    }
    const done =
      change.intent === "update"
        ? updateKnowledge(context.db, user.workspaceId, change.id, change, user.id)
        : removeKnowledge(context.db, user.workspaceId, change.id);
    if (!done) return data<Outcome>({ ok: false, message: "That snippet is gone: someone removed it." }, { status: 404 });
    return { ok: true, message: change.intent === "update" ? `Saved “${change.title}”.` : "Removed the snippet." } satisfies Outcome;
  } catch (error) {
    if (error instanceof DuplicateSnippetTitle) return data<Outcome>({ ok: false, message: error.message, errors: { title: error.message } }, { status: 409 });
    throw error;
  }
}

export default function KnowledgePage() {
  const { user, editable, snippets } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const [query, setQuery] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return snippets.filter((snippet) => words.every((word) => `${snippet.title} ${snippet.text}`.toLowerCase().includes(word)));
  }, [snippets, query]);
  // A saved edit closes its form.
  useEffect(() => {
    if (outcome?.ok) setEditing(null);
  }, [outcome]);

  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="page knowledge-page">
        <h1>Knowledge</h1>
        <p className="muted">
          Known issues, how-tos and policies in the team's own words. AI drafts say only what the conversation, the account and these snippets support, and cite
          the snippets they use.
        </p>
        {outcome ? (
          <p className={outcome.ok ? "flash flash-ok" : "flash flash-error"} role="status">
            {outcome.message}
          </p>
        ) : null}
        <input
          type="search"
          className="knowledge-search"
          placeholder="Filter snippets"
          aria-label="Filter snippets"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        {editable ? (
          <details className="knowledge-add" open={snippets.length === 0}>
            <summary>Add a snippet</summary>
            <SnippetForm intent="add" errors={editing === null && !outcome?.ok ? outcome?.errors : undefined} />
          </details>
        ) : null}
        {shown.length === 0 ? (
          <p className="empty-state">{snippets.length ? "No snippet matches the filter." : "No knowledge yet: drafts rely on the conversation and the account alone."}</p>
        ) : (
          <ul className="knowledge-list" aria-label="Snippets">
            {shown.map((snippet) => (
              <li key={snippet.id} id={snippet.id} className="knowledge-snippet">
                {editing === snippet.id ? (
                  <SnippetForm intent="update" snippet={snippet} errors={outcome && !outcome.ok ? outcome.errors : undefined} onCancel={() => setEditing(null)} />
                ) : (
                  <>
                    <h2>{snippet.title}</h2>
                    <p>{snippet.text}</p>
                    <div className="knowledge-foot muted">
                      <span>
                        {snippet.id} · updated {formatDateTime(snippet.updatedAt)}
                      </span>
                      {editable ? (
                        <span className="knowledge-actions">
                          <button type="button" className="button button-quiet" onClick={() => setEditing(snippet.id)}>
                            Edit
                          </button>
                          <Form method="post" onSubmit={(event) => !confirm(`Remove “${snippet.title}”?`) && event.preventDefault()}>
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="id" value={snippet.id} />
                            <button type="submit" className="button button-quiet">
                              Remove
                            </button>
                          </Form>
                        </span>
                      ) : null}
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}

function SnippetForm({
  intent,
  snippet,
  errors,
  onCancel,
}: {
  intent: "add" | "update";
  snippet?: { id: string; title: string; text: string };
  errors?: Record<string, string>;
  onCancel?: () => void;
}) {
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const form = useRef<HTMLFormElement>(null);
  // A snippet that was added leaves an empty form for the next one.
  useEffect(() => {
    if (intent === "add" && navigation.state === "idle" && !errors) form.current?.reset();
  }, [intent, navigation.state, errors]);
  return (
    <Form method="post" className="knowledge-form" ref={form}>
      <input type="hidden" name="intent" value={intent} />
      {snippet ? <input type="hidden" name="id" value={snippet.id} /> : null}
      <label>
        Title
        <input name="title" defaultValue={snippet?.title} required maxLength={200} aria-invalid={Boolean(errors?.title)} />
      </label>
      {errors?.title ? <span className="field-error">{errors.title}</span> : null}
      <label>
        What a reply may say
        <textarea name="text" defaultValue={snippet?.text} required maxLength={4_000} rows={4} aria-invalid={Boolean(errors?.text)} />
      </label>
      {errors?.text ? <span className="field-error">{errors.text}</span> : null}
      <div className="knowledge-form-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Saving…" : intent === "add" ? "Add snippet" : "Save"}
        </button>
        {onCancel ? (
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </Form>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
