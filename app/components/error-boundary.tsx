import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, { title: string; hint: string }> = {
  400: { title: "That request was not understood", hint: "Check what you entered and try again." },
  401: { title: "Please sign in", hint: "Your session has ended." },
  403: { title: "Not in your workspace", hint: "You can only see your own workspace." },
  404: { title: "Not found", hint: "It may have been merged, deleted, or never existed." },
};

/** One place that turns an error status into words a rep understands; never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : undefined;
  const message = MESSAGES[status] ?? {
    title: "Something went wrong",
    hint: "Nothing you did was lost. Try again in a moment.",
  };
  return (
    <section className="error-card" role="alert">
      <p className="error-status">{status}</p>
      <h1>{message.title}</h1>
      <p>{detail ?? message.hint}</p>
      <Link to="/inbox" className="button">
        Back to the inbox
      </Link>
    </section>
  );
}

/** A route's whole page when it fails: the route modules export it as their ErrorBoundary. */
export function PageErrorBoundary() {
  return (
    <main className="page-center">
      <GeneralErrorBoundary />
    </main>
  );
}
