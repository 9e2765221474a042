import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

/** Who a sync client connects as: an API token, or a signed-in rep's session cookie. */
export type SyncCredentials = { token: string } | { cookie: string };

/** A stock y-websocket client, as any integration (or the browser) uses it; destroy it when done. */
export function connectSync(port: number, documentName: string, credentials: SyncCredentials, doc = new Y.Doc()) {
  const cookie = "cookie" in credentials ? credentials.cookie : undefined;
  class SessionWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, cookie ? { headers: { cookie } } : {});
    }
  }
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/sync`, documentName, doc, {
    WebSocketPolyfill: SessionWebSocket as unknown as typeof globalThis.WebSocket,
    params: "token" in credentials ? { token: credentials.token } : {},
    disableBc: true,
  });
  return { doc, provider };
}

export function synced(provider: WebsocketProvider): Promise<void> {
  return provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once("sync", (isSynced: boolean) => isSynced && resolve()));
}
