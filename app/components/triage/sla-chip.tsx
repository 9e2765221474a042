import { formatDuration } from "../../lib/format";

const TARGET_LABELS: Record<string, string> = {
  first_response: "First reply",
  next_response: "Next reply",
  resolution: "Resolution",
};

/** The running SLA clock: calm while far off, amber once its policy's warning time has passed, red once breached. */
export function SlaChip({
  dueAt,
  warnAt,
  target,
  now,
  compact = false,
}: {
  dueAt: Date;
  /** When the policy starts warning; a clock stored before warnings were kept warns only at its due time. */
  warnAt: Date | null;
  target: string | null;
  now: Date;
  compact?: boolean;
}) {
  const left = dueAt.getTime() - now.getTime();
  const state = left <= 0 ? "breached" : now.getTime() >= (warnAt ?? dueAt).getTime() ? "at-risk" : "ok";
  const label = TARGET_LABELS[target ?? ""] ?? "SLA";
  const text = left <= 0 ? `${formatDuration(-left)} over` : formatDuration(left);
  return (
    <span
      className={`sla-chip sla-${state}`}
      title={left <= 0 ? `${label} overdue by ${formatDuration(-left)}` : `${label} due in ${formatDuration(left)}`}
    >
      <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden>
        <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="1.6" />
        <path d="M8 4.5V8l2.2 2.2" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      {compact ? text : `${label} ${left <= 0 ? `overdue ${formatDuration(-left)}` : `in ${text}`}`}
    </span>
  );
}
