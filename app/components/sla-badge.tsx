import type { SlaTarget } from "../../db/schema";
import { SLA_TARGET_LABELS } from "../../server/sla/clock";
import { formatDateTime, formatDuration } from "../lib/format";

const MINUTE = 60_000;
/** Without the policy's own warning time, a clock is at risk in its last half hour (the policies' default). */
const DEFAULT_WARNING_MS = 30 * MINUTE;

export type SlaState = "ok" | "warning" | "breached";

export interface SlaBadgeProps {
  /** The conversation's running clock (`slaTarget`, `slaDueAt`); nothing shows while it is paused or met. */
  target: SlaTarget | null;
  dueAt: Date | null;
  now: Date;
  /** When the policy warns; when absent, the last 30 minutes. */
  warnAt?: Date | null;
}

/** The promise a rep is working against: "First reply due in 1h 20m", "Next reply overdue 35m". */
export function SlaBadge({ target, dueAt, now, warnAt }: SlaBadgeProps) {
  if (!target || !dueAt) return null;
  const left = dueAt.getTime() - now.getTime();
  const state: SlaState =
    left <= 0 ? "breached" : (warnAt ? now >= warnAt : left <= DEFAULT_WARNING_MS) ? "warning" : "ok";
  const label = SLA_TARGET_LABELS[target];
  const text =
    state === "breached"
      ? `${label} overdue${-left >= MINUTE ? ` ${formatDuration(-left)}` : ""}`
      : `${label} due ${left >= MINUTE ? `in ${formatDuration(left)}` : "now"}`;
  return (
    <span className={`sla-badge sla-badge-${state}`} title={`${label} due ${formatDateTime(dueAt)}`}>
      <time dateTime={dueAt.toISOString()}>{text}</time>
    </span>
  );
}
