import { io, type Socket } from "socket.io-client";

let shared: { socket: Socket; holders: number } | null = null;

/**
 * The tab's one socket.io connection, shared by everything live on the page
 * (the status light, the inbox's live reloads); it closes when the last
 * holder lets go. Each holder removes its own listeners before releasing.
 */
export function holdRealtimeSocket(): { socket: Socket; release(): void } {
  shared ??= { socket: io({ transports: ["websocket"], withCredentials: true }), holders: 0 };
  const held = shared;
  held.holders++;
  let released = false;
  return {
    socket: held.socket,
    release() {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      held.socket.close();
      if (shared === held) shared = null;
    },
  };
}
