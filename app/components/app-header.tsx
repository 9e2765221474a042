import { Form, NavLink, useSubmit } from "@remix-run/react";
import type { ReactNode } from "react";
import { canReview } from "../../db/quality-review";
import { forgetThisBrowser } from "../lib/browser-storage";
import { Avatar } from "./avatar";
import { LiveStatus } from "./live-status";

export interface AppHeaderUser {
  name: string;
  role: string;
  workspaceName: string;
}

/**
 * The bar across the top of every signed-in page: brand and workspace, the
 * main sections, live status, who is signed in and Sign out. `actions` go
 * before the user (the inbox's Shortcuts button).
 */
export function AppHeader({ user, actions }: { user: AppHeaderUser; actions?: ReactNode }) {
  const submit = useSubmit();
  return (
    <header className="app-header">
      <div className="brand">
        <img src="/favicon.svg" alt="" width={24} height={24} />
        <span>Tandem</span>
        <span className="workspace-name">{user.workspaceName}</span>
        <nav className="app-nav" aria-label="Sections">
          <NavLink to="/inbox" className="app-nav-link" prefetch="intent">
            Inbox
          </NavLink>
          <NavLink to="/accounts" className="app-nav-link" prefetch="intent">
            Accounts
          </NavLink>
          <NavLink to="/knowledge" className="app-nav-link" prefetch="intent">
            Knowledge
          </NavLink>
          <NavLink to="/reports" className="app-nav-link" prefetch="intent">
            Reports
          </NavLink>
          {canReview(user.role) ? (
            <NavLink to="/review" className="app-nav-link" prefetch="intent">
              Quality
            </NavLink>
          ) : null}
          {canReview(user.role) ? (
            <NavLink to="/evals" className="app-nav-link" prefetch="intent">
              Evals
            </NavLink>
          ) : null}
          <NavLink to="/channels" className="app-nav-link" prefetch="intent">
            Channels
          </NavLink>
        </nav>
      </div>
      <div className="header-actions">
        <LiveStatus />
        {actions}
        <span className="current-user">
          <Avatar name={user.name} size="sm" />
          <span>
            {user.name} <span className="role">{user.role}</span>
          </span>
        </span>
        <Form
          method="post"
          action="/logout"
          onSubmit={(event) => {
            // Signing out forgets this browser's copies of the workspace first.
            event.preventDefault();
            const form = event.currentTarget;
            void forgetThisBrowser().then(() => submit(form));
          }}
        >
          <button type="submit" className="button button-quiet">
            Sign out
          </button>
        </Form>
      </div>
    </header>
  );
}
