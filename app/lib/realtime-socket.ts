import { io, type Socket } from "socket.io-client";

let shared: ReturnType<typeof openSocket> | null = null;

/**
 * The tab's one socket.io connection, shared by everything live on the page
 * (the status light, the inbox's live reloads); it closes when the last
 * holder lets go. Each holder removes its own listeners before releasing.
 */
export function holdRealtimeSocket(): { socket: Socket; release(): void } {
  shared ??= openSocket();
  const held = shared;
  held.holders++;
  let released = false;
  return {
    socket: held.socket,
    release() {
      if (released) return;
      released = true;
      if (--held.holders > 0) return;
      held.unfollowNetwork();
      held.socket.close();
      if (shared === held) shared = null;
    },
  };
}

/** Without a network, reconnect attempts only fail: the socket rests while the browser is offline and knocks again once it is back. */
function openSocket(): { socket: Socket; holders: number; unfollowNetwork(): void } {
  const socket = io({ transports: ["websocket"], withCredentials: true, autoConnect: navigator.onLine });
  const offline = () => socket.disconnect();
  const online = () => socket.connect();
  window.addEventListener("offline", offline);
  window.addEventListener("online", online);
  return {
    socket,
    holders: 0,
    unfollowNetwork() {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
    },
  };
}
