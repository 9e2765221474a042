import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { parseReviewWeek, weekParam } from "../../db/quality-review";
import { currentRubric, listRubricVersions, saveRubric } from "../../db/quality-reviews.server";
import { CRITERION_IDS, RubricSchema, type Rubric } from "../../evals/rubric";
import { requireReviewer } from "../../server/quality-review.server";
import { AppHeader } from "../components/app-header";
import { ReviewNav } from "../components/review/review-parts";
import { formatDateTime } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Rubric · Tandem" }];

/** Managers score with the rubric; admins change it. */
const canEdit = (role: string) => role === "admin";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireReviewer(context.auth, request, "see the quality rubric");
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    week: weekParam(parseReviewWeek(new URL(request.url).searchParams.get("week"), new Date())),
    editable: canEdit(user.role),
    rubric: currentRubric(context.db, user.workspaceId),
    versions: listRubricVersions(context.db, user.workspaceId),
  };
}

type Outcome = { ok: boolean; message: string; errors?: Record<string, string> };

/** The form's fields, `CRITERION.title`, `CRITERION.anchor3`, `CRITERION.weight`…, as the rubric's criteria. */
function criteriaFrom(form: FormData): unknown[] {
  const field = (id: string, name: string) => form.get(`${id}.${name}`);
  return CRITERION_IDS.map((id) => ({
    id,
    title: field(id, "title"),
    question: field(id, "question"),
    anchors: { 1: field(id, "anchor1"), 3: field(id, "anchor3"), 5: field(id, "anchor5") },
    weight: field(id, "weight") === "" ? Number.NaN : Number(field(id, "weight")),
  }));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await context.auth.requireUser(request);
  if (!canEdit(user.role)) return data<Outcome>({ ok: false, message: "Only admins change the rubric." }, { status: 403 });
  const form = await request.formData().catch(() => new FormData());
  const current = currentRubric(context.db, user.workspaceId);
  const parsed = RubricSchema.safeParse({ version: current.version + 1, criteria: criteriaFrom(form) });
  if (!parsed.success) {
    const errors = Object.fromEntries(
      parsed.error.issues.map((issue) => {
        const [, index, ...rest] = issue.path;
        const id = typeof index === "number" ? CRITERION_IDS[index] : undefined;
        const name = rest[0] === "anchors" ? `anchor${String(rest[1])}` : String(rest[0] ?? "");
        return [id ? `${id}.${name}` : "form", issue.message];
      }),
    );
    return data<Outcome>({ ok: false, message: "The rubric was not saved.", errors }, { status: 400 });
  }
  const saved = saveRubric(context.db, user.workspaceId, parsed.data.criteria, user.id);
  return {
    ok: true,
    message: saved.version === current.version ? "Nothing changed: still version " + current.version + "." : `Saved as version ${saved.version}. Scores already given keep the version they were given under.`,
  } satisfies Outcome;
}

export default function RubricPage() {
  const { user, week, editable, rubric, versions } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = outcome && !outcome.ok ? outcome.errors : undefined;
  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="page review-page">
        <ReviewNav current="rubric" week={week} />
        <div className="review-head">
          <div>
            <h1>Recovery rubric, version {rubric.version}</h1>
            <p className="muted">
              What a good answer to a customer who had a failure looks like. Managers score with it, the AI pre-scores with it, and the evals grade drafts with it.
              {editable ? " A change is saved as a new version." : " Admins can change its wording and weights."}
            </p>
          </div>
        </div>
        {outcome ? (
          <p className={outcome.ok ? "flash flash-ok" : "flash flash-error"} role="status">
            {outcome.message}
          </p>
        ) : null}
        <Form method="post" className="rubric-form" key={rubric.version}>
          {rubric.criteria.map((criterion) => (
            <CriterionFields key={criterion.id} criterion={criterion} editable={editable} errors={errors} />
          ))}
          {editable ? (
            <button type="submit" className="button button-primary" disabled={navigation.state === "submitting"}>
              {navigation.state === "submitting" ? "Saving…" : `Save as version ${rubric.version + 1}`}
            </button>
          ) : null}
        </Form>
        <section className="review-card">
          <h2>Versions</h2>
          {versions.length ? (
            <ul className="rubric-versions">
              {versions.map((version) => (
                <li key={version.version}>
                  Version {version.version} · {formatDateTime(version.createdAt)}
                  {version.createdBy ? ` · ${version.createdBy}` : ""}
                </li>
              ))}
              <li>Version 1 · the built-in recovery rubric</li>
            </ul>
          ) : (
            <p className="muted">Version 1, the built-in recovery rubric: never changed.</p>
          )}
        </section>
      </main>
    </div>
  );
}

function CriterionFields({ criterion, editable, errors }: { criterion: Rubric["criteria"][number]; editable: boolean; errors?: Record<string, string> }) {
  const name = (field: string) => `${criterion.id}.${field}`;
  const error = (field: string) => errors?.[name(field)];
  const text = (field: string, label: string, value: string, rows = 1) => (
    <label>
      {label}
      {rows > 1 ? (
        <textarea name={name(field)} defaultValue={value} rows={rows} readOnly={!editable} aria-invalid={Boolean(error(field))} />
      ) : (
        <input name={name(field)} defaultValue={value} readOnly={!editable} aria-invalid={Boolean(error(field))} />
      )}
      {error(field) ? <span className="field-error">{error(field)}</span> : null}
    </label>
  );
  return (
    <fieldset className="rubric-criterion">
      <legend>{criterion.title}</legend>
      <div className="rubric-criterion-top">
        {text("title", "Title", criterion.title)}
        <label className="rubric-weight">
          Weight
          <input name={name("weight")} type="number" min={0} max={10} step={0.5} defaultValue={criterion.weight} readOnly={!editable} aria-invalid={Boolean(error("weight"))} />
          {error("weight") ? <span className="field-error">{error("weight")}</span> : null}
        </label>
      </div>
      {text("question", "Question", criterion.question)}
      <div className="rubric-anchors">
        {text("anchor1", "1 looks like", criterion.anchors[1], 2)}
        {text("anchor3", "3 looks like", criterion.anchors[3], 2)}
        {text("anchor5", "5 looks like", criterion.anchors[5], 2)}
      </div>
    </fieldset>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
