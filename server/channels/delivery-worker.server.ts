import { clearChannelAlerts, raiseChannelAlert } from "../../db/channel-alerts.server";
import type { TandemDatabase } from "../../db/connection.server";
import { listPendingDeliveries, markDeliveryAttemptFailed, markDeliverySent } from "../../db/deliveries.server";
import type { InboxEventBus } from "../inbox/events.server";
import type { ChannelTransports } from "./transports.server";

export const DELIVERY_DEFAULTS = {
  /** Attempts before a delivery is marked failed and the channel alerts. */
  maxAttempts: 5,
  /** How often pending deliveries (retries) are looked at. */
  retryIntervalMs: 5_000,
};

export interface DeliveryWorker {
  /** Delivers what is pending now; resolves when this round is done. */
  kick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sends pending replies through their channel's transport, one round at a time.
 * Every reply was stored with its delivery row first, so a crash or a failing
 * relay loses nothing: the next round retries, and the last failure raises a
 * visible channel alert.
 */
export function startDeliveryWorker(deps: {
  db: TandemDatabase;
  events: InboxEventBus;
  transports: ChannelTransports;
  now?: () => Date;
  options?: Partial<typeof DELIVERY_DEFAULTS>;
}): DeliveryWorker {
  const options = { ...DELIVERY_DEFAULTS, ...deps.options };
  const now = () => deps.now?.() ?? new Date();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function round(): Promise<void> {
    for (const { delivery, text, conversationId } of listPendingDeliveries(deps.db)) {
      if (stopped) return;
      try {
        await deps.transports.get(delivery.channel).deliver(delivery.envelope, { messageId: delivery.messageId, conversationId, text });
        markDeliverySent(deps.db, delivery.id, now());
        clearChannelAlerts(deps.db, { workspaceId: delivery.workspaceId, channel: delivery.channel, kind: "delivery_failed", at: now() });
      } catch (error) {
        const message = (error as Error).message || String(error);
        const updated = markDeliveryAttemptFailed(deps.db, delivery.id, message, options.maxAttempts);
        if (updated.status === "failed") {
          const alert = raiseChannelAlert(deps.db, {
            workspaceId: delivery.workspaceId,
            channel: delivery.channel,
            kind: "delivery_failed",
            message: `A ${delivery.channel} reply could not be delivered after ${updated.attempts} attempts: ${message}`,
            at: now(),
          });
          if (alert) {
            deps.events.emit("alert.raised", {
              workspaceId: alert.workspaceId,
              channel: alert.channel,
              kind: alert.kind,
              message: alert.message,
            });
          }
        }
      }
    }
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => void kick(), options.retryIntervalMs);
  timer.unref();
  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
