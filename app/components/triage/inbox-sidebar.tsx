import { Form, Link, useLocation, useNavigate } from "@remix-run/react";
import { forwardRef } from "react";
import { CHANNEL_LABELS } from "../../lib/format";

export interface ViewCount {
  id: string;
  label: string;
  count: number;
}

export interface InboxFilters {
  view: string;
  channel?: string;
  account?: string;
  tag?: string;
  priority?: string;
  q?: string;
}

const VIEW_ICONS: Record<string, string> = {
  unassigned: "M10 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-6 7c0-3 2.7-5 6-5s6 2 6 5",
  mine: "M10 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-6 7c0-3 2.7-5 6-5s6 2 6 5 M14 3.5l1.5 1.5 3-3",
  team: "M7 9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Zm6.5 0a2.5 2.5 0 1 0 0-5 M2 16c0-2.5 2.2-4.5 5-4.5s5 2 5 4.5 M13.5 11.5c2.6 0 4.5 2 4.5 4.5",
  open: "M3 5h14v10H3z M3 11h4l1 2h4l1-2h4",
  sla: "M10 17a7 7 0 1 0 0-14 7 7 0 0 0 0 14Z M10 6v4l2.5 2.5",
  snoozed: "M15.5 12.5A6.5 6.5 0 0 1 7.5 4.5a6.5 6.5 0 1 0 8 8Z",
  closed: "M4 10.5l4 4 8-9",
};

/** The URL for the same inbox with some parameters changed ("" or undefined removes one). */
export function inboxHref(pathname: string, search: string, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === "") params.delete(key);
    else params.set(key, value);
  }
  if (params.get("view") === "open") params.delete("view");
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ""}`;
}

function filterUrl(pathname: string, form: HTMLFormElement): string {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (typeof value === "string" && value.trim()) params.set(key, value.trim());
  }
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ""}`;
}

/** The left column: the saved views with their counts. */
export function ViewsSidebar({ views, current }: { views: ViewCount[]; current: string }) {
  const location = useLocation();
  return (
    <nav className="views-sidebar" aria-label="Views">
      <h2 className="views-title">Views</h2>
      {views.map((view) => (
        <Link
          key={view.id}
          to={inboxHref("/inbox", location.search, { view: view.id })}
          className={`view-link view-${view.id}${view.id === current ? " active" : ""}`}
          aria-current={view.id === current ? "page" : undefined}
          prefetch="intent"
        >
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden>
            <path d={VIEW_ICONS[view.id]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span className="view-label">{view.label}</span>
          <span className="view-count">{view.count}</span>
        </Link>
      ))}
    </nav>
  );
}

/** Search and filters above the list: a GET form, so every state is a URL. */
export const FilterBar = forwardRef<
  HTMLInputElement,
  {
    filters: InboxFilters;
    accounts: { id: string; name: string }[];
    tags: string[];
    priorities: readonly string[];
  }
>(function FilterBar({ filters, accounts, tags, priorities }, searchRef) {
  const location = useLocation();
  const navigate = useNavigate();
  const active = Boolean(filters.channel || filters.account || filters.tag || filters.priority || filters.q);
  return (
    <Form
      method="get"
      action={location.pathname}
      className="filter-bar"
      role="search"
      // Without JavaScript the form submits as it is; with it, empty fields stay out of the URL.
      onSubmit={(event) => {
        event.preventDefault();
        navigate(filterUrl(location.pathname, event.currentTarget));
      }}
      onChange={(event) => {
        if ((event.target as HTMLElement).tagName === "SELECT") navigate(filterUrl(location.pathname, event.currentTarget), { replace: true });
      }}
    >
      {filters.view !== "open" ? <input type="hidden" name="view" value={filters.view} /> : null}
      <div className="search-field">
        <svg viewBox="0 0 20 20" width="15" height="15" aria-hidden>
          <path d="M9 15A6 6 0 1 0 9 3a6 6 0 0 0 0 12Zm4.5-1.5L17 17" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
        <input
          ref={searchRef}
          key={filters.q ?? ""}
          type="search"
          name="q"
          defaultValue={filters.q ?? ""}
          placeholder="Search messages"
          aria-label="Search messages"
          aria-keyshortcuts="/"
          onKeyDown={(event) => {
            if (event.key === "Escape") event.currentTarget.blur();
          }}
        />
        <kbd aria-hidden>/</kbd>
      </div>
      <div className="filter-selects">
        <select name="channel" defaultValue={filters.channel ?? ""} aria-label="Channel" key={`channel-${filters.channel}`}>
          <option value="">All channels</option>
          {Object.entries(CHANNEL_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <select name="account" defaultValue={filters.account ?? ""} aria-label="Account" key={`account-${filters.account}`}>
          <option value="">All accounts</option>
          {accounts.map((account) => (
            <option key={account.id} value={account.id}>
              {account.name}
            </option>
          ))}
        </select>
        <select name="tag" defaultValue={filters.tag ?? ""} aria-label="Tag" key={`tag-${filters.tag}`}>
          <option value="">All tags</option>
          {tags.map((tag) => (
            <option key={tag} value={tag}>
              {tag}
            </option>
          ))}
        </select>
        <select name="priority" defaultValue={filters.priority ?? ""} aria-label="Priority" key={`priority-${filters.priority}`}>
          <option value="">Any priority</option>
          {priorities.map((priority) => (
            <option key={priority} value={priority}>
              {priority[0]!.toUpperCase() + priority.slice(1)}
            </option>
          ))}
        </select>
        {active ? (
          <Link className="clear-filters" to={inboxHref(location.pathname, "", { view: filters.view })}>
            Clear
          </Link>
        ) : null}
      </div>
    </Form>
  );
});
