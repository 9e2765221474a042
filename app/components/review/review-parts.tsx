import { NavLink } from "@remix-run/react";
import type { ReviewReason } from "../../../db/schema";

const REASON_LABELS: Record<ReviewReason, string> = {
  low_csat: "Low CSAT",
  sla_breach: "SLA breached",
  reopened: "Reopened",
  long_thread: "Long thread",
  ai_drafted: "AI-drafted",
  sample: "Sample",
};

/** Why a conversation is in the sample. */
export function ReviewReasons({ reasons }: { reasons: ReviewReason[] }) {
  return (
    <span className="review-reasons">
      {reasons.map((reason) => (
        <span key={reason} className={`review-reason review-reason-${reason}`}>
          {REASON_LABELS[reason]}
        </span>
      ))}
    </span>
  );
}

/** The quality section's own tabs: the week's queue, the results, the rubric. */
export function ReviewNav({ current, week }: { current: "queue" | "results" | "rubric"; week: string }) {
  const tabs = [
    { id: "queue", to: `/review?week=${week}`, label: "Queue" },
    { id: "results", to: `/review/results?week=${week}`, label: "Results" },
    { id: "rubric", to: `/review/rubric?week=${week}`, label: "Rubric" },
  ] as const;
  return (
    <nav className="review-tabs" aria-label="Quality review">
      {tabs.map((tab) => (
        <NavLink key={tab.id} to={tab.to} className={tab.id === current ? "review-tab review-tab-current" : "review-tab"} aria-current={tab.id === current ? "page" : undefined} end>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
