import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { listOpenChannelAlerts } from "../../db/channel-alerts.server";
import { listOpenDeadLetters, resolveDeadLetter } from "../../db/dead-letters.server";
import { listRecentDeliveries } from "../../db/deliveries.server";
import { retryDeadLetter } from "../../server/inbox/dead-letters.server";
import { AppHeader } from "../components/app-header";
import { ChannelBadge } from "../components/channel-badge";
import { formatDateTime } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "Channels · Tandem" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    alerts: listOpenChannelAlerts(context.db, user.workspaceId),
    deadLetters: listOpenDeadLetters(context.db, user.workspaceId).map((letter) => ({
      ...letter,
      payload: letter.payload.length > 4_000 ? `${letter.payload.slice(0, 4_000)}…` : letter.payload,
    })),
    deliveries: listRecentDeliveries(context.db, user.workspaceId, 50),
  };
}

const ChannelActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), deadLetterId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("dismiss"), deadLetterId: z.coerce.number().int().positive() }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const form = await request.formData().catch(() => undefined);
  const parsed = ChannelActionSchema.safeParse(form ? Object.fromEntries(form) : {});
  if (!parsed.success) return data({ message: "That action was not understood.", ok: false }, { status: 400 });
  if (parsed.data.intent === "dismiss") {
    const done = resolveDeadLetter(context.db, user.workspaceId, parsed.data.deadLetterId);
    return done
      ? { message: "Dismissed: the message stays on record.", ok: true }
      : data({ message: "That dead letter is gone or already handled.", ok: false }, { status: 404 });
  }
  const result = await retryDeadLetter(context.services, user.workspaceId, parsed.data.deadLetterId);
  switch (result.status) {
    case "stored":
      return { message: `Stored in ${result.conversationId}.`, ok: true };
    case "still_failing":
      return data({ message: `Still failing: ${result.reason}`, ok: false }, { status: 422 });
    case "not_found":
      return data({ message: "That dead letter is gone or already handled.", ok: false }, { status: 404 });
  }
}

export default function ChannelsPage() {
  const { user, alerts, deadLetters, deliveries } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="app-shell">
      <AppHeader user={user} />
      <main className="page">
        <h1>Channels</h1>
        <p className="page-lede">Nothing a customer sends is lost or paused silently: what needs a person shows here.</p>
        {outcome ? (
          <p className={outcome.ok ? "flash flash-ok" : "flash flash-error"} role="status">
            {outcome.message}
          </p>
        ) : null}

        <section aria-labelledby="alerts-title" className="panel">
          <h2 id="alerts-title">Alerts</h2>
          {alerts.length === 0 ? (
            <p className="muted">Every channel is flowing and delivering.</p>
          ) : (
            <ul className="alert-list">
              {alerts.map((alert) => (
                <li key={alert.id} className={`channel-alert channel-alert-${alert.kind}`}>
                  <ChannelBadge channel={alert.channel} />
                  <span>{alert.message}</span>
                  <time dateTime={alert.raisedAt.toISOString()}>{formatDateTime(alert.raisedAt)}</time>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="dead-letters-title" className="panel">
          <h2 id="dead-letters-title">
            Dead letters <span className="count">{deadLetters.length}</span>
          </h2>
          {deadLetters.length === 0 ? (
            <p className="muted">No message is waiting for a person.</p>
          ) : (
            <ul className="dead-letters">
              {deadLetters.map((letter) => (
                <li key={letter.id}>
                  <div className="dead-letter-head">
                    <strong>{letter.channel}</strong>
                    <time dateTime={letter.receivedAt.toISOString()}>{formatDateTime(letter.receivedAt)}</time>
                  </div>
                  <p className="dead-letter-reason">{letter.reason}</p>
                  <details>
                    <summary>The message as received</summary>
                    <pre>{letter.payload}</pre>
                  </details>
                  <Form method="post" className="inline-actions">
                    <input type="hidden" name="deadLetterId" value={letter.id} />
                    <button className="button" name="intent" value="retry" disabled={navigation.state !== "idle"}>
                      Retry
                    </button>
                    <button className="button button-quiet" name="intent" value="dismiss" disabled={navigation.state !== "idle"}>
                      Dismiss
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="outbox-title" className="panel">
          <h2 id="outbox-title">Outbox</h2>
          {deliveries.length === 0 ? (
            <p className="muted">No reply has been sent yet.</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Conversation</th>
                  <th scope="col">Channel</th>
                  <th scope="col">To</th>
                  <th scope="col">Reply</th>
                  <th scope="col">Status</th>
                  <th scope="col">Written</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((delivery) => (
                  <tr key={delivery.id}>
                    <td>
                      <Link to={`/inbox/${delivery.conversationId}`}>{delivery.conversationId}</Link>
                    </td>
                    <td>
                      <ChannelBadge channel={delivery.channel} />
                    </td>
                    <td>{typeof delivery.envelope.to === "string" ? delivery.envelope.to : delivery.transport}</td>
                    <td className="truncate">{delivery.text}</td>
                    <td>
                      <span className={`delivery delivery-${delivery.status}`} title={delivery.lastError ?? undefined}>
                        {delivery.status === "sent" && delivery.transport === "outbox" ? "in outbox" : delivery.status}
                        {delivery.attempts > 1 ? ` (${delivery.attempts} tries)` : ""}
                      </span>
                    </td>
                    <td>{formatDateTime(delivery.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </main>
    </div>
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
