import { useEffect, useState } from "react";
import { io } from "socket.io-client";

type LiveState = "connecting" | "live" | "offline";

const LABELS: Record<LiveState, string> = { connecting: "Connecting…", live: "Live", offline: "Offline" };

/** The rep's real-time link to the workspace: socket.io, authenticated by the session cookie. */
export function LiveStatus() {
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const socket = io({ transports: ["websocket"], withCredentials: true });
    socket.on("connect", () => setState("live"));
    socket.on("disconnect", () => setState("offline"));
    socket.on("connect_error", () => setState("offline"));
    return () => {
      socket.close();
    };
  }, []);
  return (
    <span className={`live-status live-status-${state}`} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden />
      {LABELS[state]}
    </span>
  );
}
