import type { ReactNode } from "react";
import type { RepContext } from "../../db/account-conversations.server";
import type { IdentityKind } from "../../db/schema";
import { formatDate, formatMoney } from "../lib/format";
import { Avatar } from "./avatar";
import { ConversationsSection } from "./context-panel/conversations";
import { HealthSection } from "./context-panel/health";
import { daysUntil, plural } from "./context-panel/time";

const IDENTITY_LABELS: Record<IdentityKind, string> = { email: "Email", chat_visitor: "Chat visitor", slack_user: "Slack user" };
/** Renewals this close are highlighted; within a week, in red. */
const RENEWAL_SOON_DAYS = 30;
const RENEWAL_URGENT_DAYS = 7;

/**
 * The rep context panel: who is writing, their account, how the account uses
 * the product, and every conversation the account has had, before the rep types.
 */
export function ContextPanel({ context, now, copilot }: { context: RepContext; now: Date; copilot?: ReactNode }) {
  const { contact, account, health, related } = context;
  return (
    <aside className="context-panel" aria-label="Customer context">
      {copilot}
      <section aria-labelledby="ctx-customer-title">
        <h3 id="ctx-customer-title">Customer</h3>
        {contact ? (
          <>
            <p className="context-name">
              <Avatar name={contact.name} />
              {contact.name ?? "Unknown customer"}
            </p>
            {contact.identities.length ? (
              <dl className="facts">
                {contact.identities.map((identity) => (
                  <div key={`${identity.kind}:${identity.value}`}>
                    <dt>{IDENTITY_LABELS[identity.kind]}</dt>
                    <dd className="ctx-identity">
                      {identity.kind === "email" ? <EmailAddress value={identity.value} /> : identity.value}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </>
        ) : (
          <p className="muted ctx-empty">No contact details.</p>
        )}
      </section>

      <section aria-labelledby="ctx-account-title">
        <h3 id="ctx-account-title">Account</h3>
        {account ? (
          <>
            <p className="context-name">{account.name}</p>
            <dl className="facts">
              {account.plan ? (
                <div>
                  <dt>Plan</dt>
                  <dd>
                    <span className={`plan plan-${account.plan.toLowerCase()}`}>{account.plan}</span>
                  </dd>
                </div>
              ) : null}
              {account.mrrCents !== null ? (
                <div>
                  <dt>MRR</dt>
                  <dd>{formatMoney(account.mrrCents)}</dd>
                </div>
              ) : null}
              {account.seats !== null ? (
                <div>
                  <dt>Seats</dt>
                  <dd>{account.seats}</dd>
                </div>
              ) : null}
              {account.renewalAt ? <RenewalFact renewalAt={account.renewalAt} now={now} /> : null}
              {health?.trialDay !== undefined ? (
                <div>
                  <dt>Trial</dt>
                  <dd className="attention">Day {health.trialDay}</dd>
                </div>
              ) : null}
              <div>
                <dt>Owner</dt>
                <dd className="ctx-owner">
                  {account.ownerName ? (
                    <>
                      <Avatar name={account.ownerName} size="sm" />
                      {account.ownerName}
                    </>
                  ) : (
                    <span className="muted">No owner</span>
                  )}
                </dd>
              </div>
            </dl>
          </>
        ) : (
          <p className="muted ctx-empty">Not linked to an account.</p>
        )}
      </section>

      <HealthSection health={health} now={now} />
      <ConversationsSection related={related} now={now} />
    </aside>
  );
}

function RenewalFact({ renewalAt, now }: { renewalAt: Date; now: Date }) {
  const days = daysUntil(renewalAt, now);
  const urgency = days < 0 || days <= RENEWAL_URGENT_DAYS ? "urgent" : days <= RENEWAL_SOON_DAYS ? "soon" : "later";
  return (
    <div>
      <dt>Renewal</dt>
      <dd>
        {formatDate(renewalAt)}{" "}
        <span className={`ctx-due ctx-due-${urgency}`}>
          {days < 0 ? `lapsed ${plural(-days, "day")} ago` : days === 0 ? "today" : `in ${plural(days, "day")}`}
        </span>
      </dd>
    </div>
  );
}

/** A long address wraps after its "@", not mid-word. */
function EmailAddress({ value }: { value: string }) {
  const at = value.indexOf("@");
  if (at < 0) return <>{value}</>;
  return (
    <>
      {value.slice(0, at + 1)}
      <wbr />
      {value.slice(at + 1)}
    </>
  );
}
