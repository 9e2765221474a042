import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { formatDuration } from "../../lib/format";

export interface BellNotification {
  id: number;
  kind: string;
  text: string;
  createdAt: Date;
  readAt: Date | null;
  conversationId: string | null;
}

const KIND_LABELS: Record<string, string> = {
  mention: "Mention",
  assignment: "Assigned",
  sla_warning: "SLA warning",
  sla_breach: "SLA breach",
  channel_alert: "Channel",
};

/** The header's bell: unread count, the latest notifications, mark all read. */
export function NotificationsBell({ unread, latest, now }: { unread: number; latest: BellNotification[]; now: Date }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const fetcher = useFetcher();
  const shownUnread = fetcher.state !== "idle" ? 0 : unread;

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div className="bell" ref={box}>
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-haspopup="true"
        aria-label={shownUnread ? `Notifications, ${shownUnread} unread` : "Notifications"}
        onClick={() => setOpen((value) => !value)}
      >
        <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden>
          <path
            d="M10 2.5a5 5 0 0 0-5 5v2.6L3.6 13a.8.8 0 0 0 .7 1.2h11.4a.8.8 0 0 0 .7-1.2L15 10.1V7.5a5 5 0 0 0-5-5Z M8 15.5a2 2 0 0 0 4 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
            strokeLinejoin="round"
          />
        </svg>
        {shownUnread ? <span className="bell-count">{shownUnread > 99 ? "99+" : shownUnread}</span> : null}
      </button>
      {open ? (
        <div className="bell-panel" role="region" aria-label="Notifications">
          <div className="bell-panel-head">
            <strong>Notifications</strong>
            {unread ? (
              <fetcher.Form method="post" action="/inbox">
                <button type="submit" name="intent" value="read-notifications" className="link-button">
                  Mark all read
                </button>
              </fetcher.Form>
            ) : null}
          </div>
          {latest.length === 0 ? (
            <p className="bell-empty">Nothing yet. Mentions and assignments show up here.</p>
          ) : (
            <div className="bell-items">
              {latest.map((notification) => {
                const body = (
                  <>
                    <span className={`bell-kind bell-kind-${notification.kind}`}>{KIND_LABELS[notification.kind] ?? notification.kind}</span>
                    <span className="bell-text">{notification.text}</span>
                    <span className="bell-time">{formatDuration(now.getTime() - notification.createdAt.getTime())} ago</span>
                  </>
                );
                const className = `bell-item${notification.readAt ? "" : " unread"}`;
                return notification.conversationId ? (
                  <Link key={notification.id} to={`/inbox/${notification.conversationId}`} className={className} onClick={() => setOpen(false)}>
                    {body}
                  </Link>
                ) : (
                  <div key={notification.id} className={className}>
                    {body}
                  </div>
                );
              })}
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}
