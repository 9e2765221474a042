import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation, useNavigate, useParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { PRIORITIES } from "../../db/interchange";
import {
  countInboxViews,
  INBOX_VIEW_LABELS,
  INBOX_VIEWS,
  inboxFilterOptions,
  listAssignableMembers,
  listInboxView,
  listTeams,
  parseInboxQuery,
  type InboxViewRow,
} from "../../db/inbox-views.server";
import { markNotificationsRead, notificationsFor } from "../../db/notifications.server";
import { AppHeader } from "../components/app-header";
import { Avatar } from "../components/avatar";
import { ChannelBadge } from "../components/channel-badge";
import { FOCUS_REPLY_EVENT } from "../components/reply-composer";
import { ShortcutsDialog } from "../components/shortcuts-dialog";
import { FilterBar, ViewsSidebar } from "../components/triage/inbox-sidebar";
import { NotificationsBell } from "../components/triage/notifications-bell";
import { LiveInboxProvider, PresenceAvatars, SyncStatusBadge, useTriageView } from "../components/live-inbox";
import { SlaChip } from "../components/triage/sla-chip";
import { TriageProvider, useTriage } from "../components/triage/triage-provider";
import triageStyles from "../components/triage/triage.css?url";
import { useLiveRevalidation } from "../components/triage/use-live-revalidation";
import { formatDuration, formatMoney } from "../lib/format";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: triageStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.views.find((view) => view.id === data.query.view)?.label ?? "Inbox"} (${data.views.find((view) => view.id === data.query.view)?.count ?? 0}) · Tandem`
      : "Inbox · Tandem",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const query = parseInboxQuery(new URL(request.url).searchParams);
  const now = new Date();
  const members = listAssignableMembers(context.db, user.workspaceId);
  const viewer = { workspaceId: user.workspaceId, userId: user.id, teamId: members.find((m) => m.id === user.id)?.teamId ?? null };
  const counts = countInboxViews(context.db, viewer, query, now);
  return {
    user: { id: user.id, name: user.name, role: user.role, workspaceName: user.workspaceName, workspaceSlug: user.workspaceSlug },
    query,
    views: INBOX_VIEWS.map((id) => ({ id, label: INBOX_VIEW_LABELS[id], count: counts[id] })),
    conversations: listInboxView(context.db, viewer, query, { now }),
    filters: inboxFilterOptions(context.db, user.workspaceId),
    members,
    teams: listTeams(context.db, user.workspaceId),
    notifications: notificationsFor(context.db, user.workspaceId, user.id),
    now,
  };
}

/** The layout's own form: the bell's "Mark all read". */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await context.auth.requireUser(request);
  const form = await request.formData();
  if (form.get("intent") !== "read-notifications") {
    return data({ ok: false as const, error: 'Unknown intent: the inbox only takes "read-notifications".' }, { status: 400 });
  }
  const read = markNotificationsRead(context.db, user.workspaceId, user.id, new Date());
  return { ok: true as const, message: `${read} marked read.` };
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/** Enter on a link or button is that control's own (Sign out, Shortcuts, a row the keys focused). */
const isInteractive = (target: EventTarget | null) =>
  target instanceof Element && target.closest("a[href], button, summary, [role='button'], [role='link']") !== null;

/**
 * j/k move, Enter opens, Esc returns, a assigns, c closes (or reopens), s
 * snoozes, / searches, ? explains; never while typing, never under a menu.
 */
function useInboxKeyboard(rows: InboxViewRow[], openId: string | undefined, searchInput: React.RefObject<HTMLInputElement>) {
  const navigate = useNavigate();
  const location = useLocation();
  const triage = useTriage();
  // Stable between renders: a new array each render would re-run the "follow the open conversation"
  // effect after every j/k press and snap the selection back to the open row.
  const ids = useMemo(() => rows.map((c) => c.publicId), [rows]);
  const [selected, setSelected] = useState(() => Math.max(0, openId ? ids.indexOf(openId) : 0));
  const [helpOpen, setHelpOpen] = useState(false);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (openId && ids.includes(openId)) setSelected(ids.indexOf(openId));
  }, [openId, ids]);
  // The list shrank (a closed or reassigned row left the view): stay on the row that took its place.
  const current = Math.min(selected, Math.max(0, ids.length - 1));

  const rowLinks = useCallback(() => [...(list.current?.querySelectorAll<HTMLAnchorElement>("a.inbox-row") ?? [])], []);
  const focusRow = useCallback(
    (index: number) => {
      const link = rowLinks()[index];
      link?.focus();
      link?.scrollIntoView({ block: "nearest" });
    },
    [rowLinks],
  );

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      // A triage menu is modal and handles its own keys.
      if (triage.menuOpen) return;
      // The shortcuts dialog is modal: only "?" reaches the list; Esc is the dialog's own to close it.
      if (helpOpen) {
        if (event.key === "?") setHelpOpen(false);
        return;
      }
      // The row with the keyboard focus is the one the rep sees picked, even before a navigation it started has landed.
      const focused = rowLinks().indexOf(document.activeElement as HTMLAnchorElement);
      const at = focused >= 0 ? focused : current;
      const row = rows[at];
      const move = (by: number) => {
        event.preventDefault();
        const next = Math.min(ids.length - 1, Math.max(0, at + by));
        setSelected(next);
        focusRow(next);
      };
      if (event.key === "j") move(1);
      else if (event.key === "k") move(-1);
      else if (event.key === "Enter" && !isInteractive(event.target) && row) {
        event.preventDefault();
        navigate(`/inbox/${row.publicId}${location.search}`);
      } else if (event.key === "Escape" && openId) navigate(`/inbox${location.search}`);
      else if (event.key === "?") setHelpOpen(true);
      else if (event.key === "/") {
        event.preventDefault();
        searchInput.current?.focus();
        searchInput.current?.select();
      } else if (event.key === "a" && row) {
        event.preventDefault();
        triage.openAssign({ publicId: row.publicId, assigneeId: row.assigneeId });
      } else if (event.key === "s" && row) {
        event.preventDefault();
        triage.openSnooze({ publicId: row.publicId, assigneeId: row.assigneeId });
      } else if (event.key === "r" && openId) {
        event.preventDefault();
        window.dispatchEvent(new Event(FOCUS_REPLY_EVENT));
      } else if (event.key === "c" && row) {
        event.preventDefault();
        triage.act(row.publicId, { intent: "status", status: row.status === "closed" ? "open" : "closed" });
      }
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [rows, ids, current, openId, navigate, rowLinks, focusRow, helpOpen, triage, location.search, searchInput]);

  return { selected: current, list, helpOpen, closeHelp: () => setHelpOpen(false), openHelp: () => setHelpOpen(true) };
}

export default function InboxLayout() {
  const { user, members, teams } = useLoaderData<typeof loader>();
  return (
    <LiveInboxProvider user={user} workspaceSlug={user.workspaceSlug}>
      <TriageProvider members={members} teams={teams} currentUserId={user.id}>
        <InboxShell />
      </TriageProvider>
    </LiveInboxProvider>
  );
}

const EMPTY_STATES: Record<string, string> = {
  unassigned: "Nothing waiting for an owner.",
  mine: "Nothing assigned to you. Enjoy it, or pick one up from Unassigned.",
  team: "Your team's queue is clear.",
  open: "Inbox zero. Every customer has an answer.",
  sla: "No SLA clock is close to running out.",
  snoozed: "Nothing snoozed.",
  closed: "No closed conversations yet.",
};

function InboxShell() {
  const { user, query, views, conversations, filters, notifications, now } = useLoaderData<typeof loader>();
  const { conversationId } = useParams();
  const location = useLocation();
  const searchInput = useRef<HTMLInputElement>(null);
  const keyboard = useInboxKeyboard(conversations, conversationId, searchInput);
  useLiveRevalidation(user.id);
  const view = views.find((candidate) => candidate.id === query.view)!;
  const filtered = Boolean(query.channel || query.account || query.tag || query.priority || query.q);

  return (
    <div className="app-shell">
      <AppHeader
        user={user}
        actions={
          <>
            <NotificationsBell unread={notifications.unread} latest={notifications.latest} now={now} />
            <button type="button" className="button button-quiet" onClick={keyboard.openHelp} aria-keyshortcuts="?">
              Shortcuts <kbd>?</kbd>
            </button>
          </>
        }
      />
      <div className={`inbox inbox-triage ${conversationId ? "inbox-has-open" : ""}`}>
        <ViewsSidebar views={views} current={query.view} />
        <section className="inbox-column">
          <FilterBar
            ref={searchInput}
            filters={query}
            accounts={filters.accounts}
            tags={filters.tags}
            priorities={PRIORITIES}
          />
          <nav className="inbox-list" aria-label="Conversations">
            <div className="inbox-list-header">
              <h1>{view.label}</h1>
              <span className="count">{view.count}</span>
              {query.q ? <span className="list-context">matching “{query.q}”</span> : null}
              {conversations.length < view.count ? (
                <span className="list-context">showing {conversations.length}</span>
              ) : null}
              <SyncStatusBadge />
            </div>
            {conversations.length === 0 ? (
              <p className="empty-state">{filtered ? "No conversations match these filters." : EMPTY_STATES[query.view]}</p>
            ) : (
              <ol ref={keyboard.list}>
                {conversations.map((conversation, index) => (
                  <InboxRow
                    key={conversation.publicId}
                    row={conversation}
                    selected={index === keyboard.selected}
                    search={location.search}
                    now={now}
                  />
                ))}
              </ol>
            )}
          </nav>
        </section>
        <main className="inbox-detail">
          <Outlet />
        </main>
      </div>
      <ShortcutsDialog open={keyboard.helpOpen} onClose={keyboard.closeHelp} />
    </div>
  );
}

/** One conversation in the list, with triage from the live inbox where it changed after the list loaded. */
function InboxRow({ row, selected, search, now }: { row: InboxViewRow; selected: boolean; search: string; now: Date }) {
  const { members } = useTriage();
  const conversation = useTriageView(row, now);
  const tags = conversation.tags ?? row.tags;
  const assigneeName =
    conversation.assigneeId === row.assigneeId ? row.assigneeName : (members.find((member) => member.id === conversation.assigneeId)?.name ?? null);
  return (
    <li>
      <NavLink
        to={`/inbox/${conversation.publicId}${search}`}
        prefetch="intent"
        className={({ isActive }) =>
          `inbox-row${isActive ? " active" : ""}${selected ? " selected" : ""}`
        }
      >
        <div className="row-top">
          <ChannelBadge channel={conversation.channel} />
          <span className="customer">{conversation.contactName ?? "Unknown customer"}</span>
          <PresenceAvatars conversationId={conversation.publicId} />
          {conversation.accountName ? (
            <span className="account">
              <span className="account-name">{conversation.accountName}</span>
              {conversation.accountPlan ? (
                <span className={`plan plan-${conversation.accountPlan}`}>{conversation.accountPlan}</span>
              ) : null}
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
        {conversation.snippet ? (
          <div className="row-snippet">
            {conversation.snippet.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
          </div>
        ) : null}
        <div className="row-bottom">
          <span className="preview">{conversation.subject && !conversation.snippet ? conversation.preview : null}</span>
          {tags.length ? (
            <span className="row-tags">
              {tags.slice(0, 3).map((tag) => (
                <span key={tag} className="tag-chip tag-chip-small">
                  {tag}
                </span>
              ))}
              {tags.length > 3 ? <span className="tag-chip tag-chip-small">+{tags.length - 3}</span> : null}
            </span>
          ) : null}
          {conversation.status === "open" && conversation.slaDueAt ? (
            <SlaChip dueAt={conversation.slaDueAt} warnAt={conversation.slaWarnAt} target={conversation.slaTarget} now={now} compact />
          ) : null}
          {conversation.status === "snoozed" ? (
            <span className="snooze-chip">
              {conversation.snoozedUntil ? `wakes in ${formatDuration(conversation.snoozedUntil.getTime() - now.getTime())}` : "until reply"}
            </span>
          ) : null}
          <span className="assignee">
            {assigneeName ? (
              <>
                <Avatar name={assigneeName} size="sm" />
                <span className="sr-only">Assigned to {assigneeName}</span>
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
  );
}

export { PageErrorBoundary as ErrorBoundary } from "../components/error-boundary";
