import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { holdRealtimeSocket } from "../../lib/realtime-socket";

/**
 * Reloads the inbox's data when anything in the workspace changes: the
 * server relays "conversation:changed" to the workspace's room; a burst of
 * changes (an import, a busy minute) becomes one reload ~300 ms after the last.
 * A notification for this user refreshes the bell the same way.
 */
export function useLiveRevalidation(userId: number, delayMs = 300) {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;

  useEffect(() => {
    const { socket, release } = holdRealtimeSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (latest.current.state === "idle") latest.current.revalidate();
        else soon();
      }, delayMs);
    };
    const forMe = (notification: { userId?: number }) => {
      if (notification.userId === userId) soon();
    };
    socket.on("conversation:changed", soon);
    socket.on("notification:created", forMe);
    return () => {
      clearTimeout(timer);
      socket.off("conversation:changed", soon);
      socket.off("notification:created", forMe);
      release();
    };
  }, [userId, delayMs]);
}
