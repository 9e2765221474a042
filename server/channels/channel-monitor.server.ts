import { clearChannelAlerts, raiseChannelAlert } from "../../db/channel-alerts.server";
import { inboundArrivalsSince } from "../../db/channel-health.server";
import type { TandemDatabase } from "../../db/connection.server";
import type { InboxEventBus } from "../inbox/events.server";
import { judgeChannelSilence, QUIET_CHANNEL_RULES } from "./quiet-channel";

const hours = (ms: number) => `${Math.max(1, Math.round(ms / 3_600_000))} h`;

export interface ChannelMonitor {
  scanNow(): void;
  stop(): void;
}

/**
 * Watches every workspace's channels for unusual silence: raises a visible
 * "quiet" alert once, and clears it when messages flow again.
 */
export function startChannelMonitor(deps: {
  db: TandemDatabase;
  events: InboxEventBus;
  now?: () => Date;
  intervalMs?: number;
}): ChannelMonitor {
  const now = () => deps.now?.() ?? new Date();
  function scanNow() {
    const at = now();
    for (const { workspaceId, channel, arrivals } of inboundArrivalsSince(
      deps.db,
      new Date(at.getTime() - QUIET_CHANNEL_RULES.lookbackMs),
    )) {
      const verdict = judgeChannelSilence(arrivals, at);
      if (!verdict) continue;
      if (!verdict.quiet) {
        clearChannelAlerts(deps.db, { workspaceId, channel, kind: "quiet", at });
        continue;
      }
      const alert = raiseChannelAlert(deps.db, {
        workspaceId,
        channel,
        kind: "quiet",
        message: `No ${channel} message for ${hours(verdict.silenceMs)}, while the usual longest gap is ${hours(verdict.usualGapMs)}. Check that the channel still delivers.`,
        at,
      });
      if (alert) deps.events.emit("alert.raised", { workspaceId, channel, kind: "quiet", message: alert.message });
    }
  }
  const timer = setInterval(scanNow, deps.intervalMs ?? 5 * 60_000);
  timer.unref();
  return { scanNow, stop: () => clearInterval(timer) };
}
