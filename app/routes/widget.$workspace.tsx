import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { findWorkspaceBySlug } from "../../db/workspaces.server";
import { ChatWidget } from "../components/widget/chat-widget";
import widgetStyles from "../components/widget/widget.css?url";

/**
 * The embeddable customer chat (put it in an iframe). Public: no staff session
 * is read or needed, and the page carries nothing but the workspace's name;
 * the conversation itself comes over the "/chat" socket.io namespace.
 */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: widgetStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Chat with ${data.workspace.name}` : "Chat" },
  { name: "robots", content: "noindex" },
];

export async function loader({ params, context }: LoaderFunctionArgs) {
  const workspace = params.workspace ? findWorkspaceBySlug(context.db, params.workspace) : undefined;
  if (!workspace) throw new Response("Not found", { status: 404 });
  return { workspace: { slug: workspace.slug, name: workspace.name } };
}

export default function WidgetPage() {
  const { workspace } = useLoaderData<typeof loader>();
  return <ChatWidget workspace={workspace} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main className="cw-unavailable" role="alert">
      <div>
        <h1>{notFound ? "This chat isn’t available" : "Chat is having trouble"}</h1>
        <p>{notFound ? "Check the link you were given." : "Please try again in a moment."}</p>
      </div>
    </main>
  );
}
