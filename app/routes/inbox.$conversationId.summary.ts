import type { LoaderFunctionArgs } from "@remix-run/node";

/** The AI copilot's cross-channel summary of the conversation's account, for the context panel (fetched after the page shows). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const summary = await context.copilot.summarize(user.workspaceId, params.conversationId ?? "");
  if (!summary) throw new Response(`No conversation "${params.conversationId}" in your workspace.`, { status: 404 });
  return summary;
}
