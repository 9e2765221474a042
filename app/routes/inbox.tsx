import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useNavigate, useParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { listInbox } from "../../db/conversations.server";
import { Avatar } from "../components/avatar";
import { ChannelBadge } from "../components/channel-badge";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { LiveStatus } from "../components/live-status";
import { ShortcutsDialog } from "../components/shortcuts-dialog";
import { formatDuration, formatMoney } from "../lib/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Inbox (${data.conversations.length}) · Tandem` : "Inbox · Tandem" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  return {
    user: { name: user.name, role: user.role, workspaceName: user.workspaceName },
    conversations: listInbox(context.db, user.workspaceId, "open"),
    now: new Date(),
  };
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** Enter on a link or button is that control's own (Sign out, Shortcuts, a row the keys focused). */
const isInteractive = (target: EventTarget | null) =>
  target instanceof Element && target.closest("a[href], button, summary, [role='button'], [role='link']") !== null;

/** j/k move through the list, Enter opens, Esc returns, ? explains; never while typing. */
function useInboxKeyboard(ids: string[], openId: string | undefined) {
  const navigate = useNavigate();
  const [selected, setSelected] = useState(() => Math.max(0, openId ? ids.indexOf(openId) : 0));
  const [helpOpen, setHelpOpen] = useState(false);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (openId && ids.includes(openId)) setSelected(ids.indexOf(openId));
  }, [openId, ids]);

  const focusRow = useCallback((index: number) => {
    const link = list.current?.querySelectorAll<HTMLAnchorElement>("a.inbox-row")[index];
    link?.focus();
    link?.scrollIntoView({ block: "nearest" });
  }, []);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      // The shortcuts dialog is modal: only "?" reaches the list; Esc is the dialog's own to close it.
      if (helpOpen) {
        if (event.key === "?") setHelpOpen(false);
        return;
      }
      const move = (by: number) => {
        event.preventDefault();
        const next = Math.min(ids.length - 1, Math.max(0, selected + by));
        setSelected(next);
        focusRow(next);
      };
      if (event.key === "j") move(1);
      else if (event.key === "k") move(-1);
      else if (event.key === "Enter" && !isInteractive(event.target) && ids[selected]) {
        event.preventDefault();
        navigate(`/inbox/${ids[selected]}`);
      } else if (event.key === "Escape" && openId) navigate("/inbox");
      else if (event.key === "?") setHelpOpen(true);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [ids, selected, openId, navigate, focusRow, helpOpen]);

  return { selected, list, helpOpen, closeHelp: () => setHelpOpen(false), openHelp: () => setHelpOpen(true) };
}

export default function InboxLayout() {
  const { user, conversations, now } = useLoaderData<typeof loader>();
  const { conversationId } = useParams();
  // Stable between renders: a new array each render would re-run the "follow the open conversation"
  // effect after every j/k press and snap the selection back to the open row.
  const ids = useMemo(() => conversations.map((c) => c.publicId), [conversations]);
  const keyboard = useInboxKeyboard(ids, conversationId);

  return (
    <div className="app-shell">
      <header className="app-header">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={24} height={24} />
          <span>Tandem</span>
          <span className="workspace-name">{user.workspaceName}</span>
        </div>
        <div className="header-actions">
          <LiveStatus />
          <button type="button" className="button button-quiet" onClick={keyboard.openHelp} aria-keyshortcuts="?">
            Shortcuts <kbd>?</kbd>
          </button>
          <span className="current-user">
            <Avatar name={user.name} size="sm" />
            <span>
              {user.name} <span className="role">{user.role}</span>
            </span>
          </span>
          <Form method="post" action="/logout">
            <button type="submit" className="button button-quiet">
              Sign out
            </button>
          </Form>
        </div>
      </header>
      <div className={`inbox ${conversationId ? "inbox-has-open" : ""}`}>
        <nav className="inbox-list" aria-label="Open conversations">
          <div className="inbox-list-header">
            <h1>Open</h1>
            <span className="count">{conversations.length}</span>
          </div>
          {conversations.length === 0 ? (
            <p className="empty-state">Inbox zero. Every customer has an answer.</p>
          ) : (
            <ol ref={keyboard.list}>
              {conversations.map((conversation, index) => (
                <li key={conversation.publicId}>
                  <NavLink
                    to={`/inbox/${conversation.publicId}`}
                    prefetch="intent"
                    className={({ isActive }) =>
                      `inbox-row${isActive ? " active" : ""}${index === keyboard.selected ? " selected" : ""}`
                    }
                  >
                    <div className="row-top">
                      <ChannelBadge channel={conversation.channel} />
                      <span className="customer">{conversation.contactName ?? "Unknown customer"}</span>
                      {conversation.accountName ? (
                        <span className="account">
                          <span className="account-name">{conversation.accountName}</span>
                          {conversation.accountPlan ? <span className={`plan plan-${conversation.accountPlan}`}>{conversation.accountPlan}</span> : null}
                        </span>
                      ) : null}
                      <span
                        className={`waiting${conversation.waitingSince && now.getTime() - conversation.waitingSince.getTime() > 24 * 3_600_000 ? " waiting-long" : ""}`}
                        title={conversation.waitingSince ? "Waiting for a reply" : "Last activity"}
                      >
                        {formatDuration(now.getTime() - (conversation.waitingSince ?? conversation.lastMessageAt).getTime())}
                      </span>
                    </div>
                    {/* Chat and Slack rarely have a subject: their latest message, on two lines, stands in. */}
                    <div className={conversation.subject ? "row-subject" : "row-subject row-subject-preview"}>
                      {conversation.priority === "urgent" || conversation.priority === "high" ? (
                        <span className={`priority priority-${conversation.priority}`}>{conversation.priority}</span>
                      ) : null}
                      {conversation.subject ?? conversation.preview}
                    </div>
                    <div className="row-bottom">
                      <span className="preview">{conversation.subject ? conversation.preview : null}</span>
                      <span className="assignee">
                        {conversation.assigneeName ? (
                          <>
                            <Avatar name={conversation.assigneeName} size="sm" />
                            <span className="sr-only">Assigned to {conversation.assigneeName}</span>
                          </>
                        ) : (
                          <span className="unassigned">Unassigned</span>
                        )}
                      </span>
                    </div>
                    {conversation.accountMrrCents ? (
                      <span className="sr-only">{formatMoney(conversation.accountMrrCents)} a month</span>
                    ) : null}
                  </NavLink>
                </li>
              ))}
            </ol>
          )}
        </nav>
        <main className="inbox-detail">
          <Outlet />
        </main>
      </div>
      <ShortcutsDialog open={keyboard.helpOpen} onClose={keyboard.closeHelp} />
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <main className="page-center">
      <GeneralErrorBoundary />
    </main>
  );
}
