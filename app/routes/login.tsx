import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { safeRedirect } from "../lib/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Sign in · Tandem" }];

const LoginFormSchema = z.object({
  email: z
    .string("Enter your work email address.")
    .trim()
    .pipe(z.email("Enter your work email address.").max(254, "That email address is too long.")),
  password: z.string("Enter your password.").min(1, "Enter your password.").max(1024, "That password is too long."),
  redirectTo: z.string().optional(),
});

type LoginErrors = { form?: string; email?: string; password?: string };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.userFromCookie(request.headers.get("Cookie"));
  if (user) throw redirect("/inbox");
  return { demoWorkspace: findWorkspaceBySlug(context.db, "demo") !== undefined };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => undefined);
  const parsed = LoginFormSchema.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) {
    const errors: LoginErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "email" || field === "password") errors[field] ??= issue.message;
      else errors.form ??= "The sign-in form was incomplete. Please try again.";
    }
    return data({ errors }, { status: 400 });
  }
  const session = await context.auth.signIn(parsed.data.email, parsed.data.password);
  if (!session) {
    return data({ errors: { form: "That email and password do not match an account." } as LoginErrors }, { status: 401 });
  }
  return redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": session.setCookie } });
}

export default function LoginPage() {
  const { demoWorkspace } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const errors: LoginErrors = actionData?.errors ?? {};
  const signingIn = navigation.state !== "idle" && navigation.formAction === "/login";

  return (
    <main className="page-center login-page">
      <section className="login-card" aria-labelledby="login-title">
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <span>Tandem</span>
        </div>
        <h1 id="login-title">Sign in to your inbox</h1>
        <Form method="post" noValidate className="stack">
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <label className="field">
            <span>Work email</span>
            <input
              name="email"
              type="email"
              autoComplete="email"
              autoFocus
              required
              aria-invalid={errors.email ? true : undefined}
              aria-describedby={errors.email ? "email-error" : undefined}
            />
            {errors.email ? (
              <span className="field-error" id="email-error">
                {errors.email}
              </span>
            ) : null}
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={errors.password ? "password-error" : undefined}
            />
            {errors.password ? (
              <span className="field-error" id="password-error">
                {errors.password}
              </span>
            ) : null}
          </label>
          {errors.form ? (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={signingIn}>
            {signingIn ? "Signing in…" : "Sign in"}
          </button>
        </Form>
        {demoWorkspace ? (
          <p className="hint">
            Demo workspace: sign in as <code>ana@demo.example</code> with password <code>tandem-demo</code>.
          </p>
        ) : null}
      </section>
    </main>
  );
}
