import { useEffect, useState } from "react";
import { holdRealtimeSocket } from "../lib/realtime-socket";

type LiveState = "connecting" | "live" | "offline";

const LABELS: Record<LiveState, string> = { connecting: "Connecting…", live: "Live", offline: "Offline" };

/** The rep's real-time link to the workspace: socket.io, authenticated by the session cookie. */
export function LiveStatus() {
  const [state, setState] = useState<LiveState>("connecting");
  useEffect(() => {
    const { socket, release } = holdRealtimeSocket();
    const live = () => setState("live");
    const offline = () => setState("offline");
    if (socket.connected) live();
    else if (!navigator.onLine) offline();
    socket.on("connect", live);
    socket.on("disconnect", offline);
    socket.on("connect_error", offline);
    return () => {
      socket.off("connect", live);
      socket.off("disconnect", offline);
      socket.off("connect_error", offline);
      release();
    };
  }, []);
  return (
    <span className={`live-status live-status-${state}`} role="status" aria-live="polite">
      <span className="live-dot" aria-hidden />
      {LABELS[state]}
    </span>
  );
}
