import { openDatabase } from "../../db/connection.server";
import { importConversations } from "../../db/conversation-import.server";
import { InterchangeConversationSchema } from "../../db/interchange";
import { createWorkspace } from "../../db/workspaces.server";
import { countInboxViews, listInboxView, parseInboxQuery, buildViewWhere, viewOrder } from "../../db/inbox-views.server";
import { generateConversations } from "./generate-conversations";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { conversations } from "../../db/schema";

console.log("start");
const db = openDatabase(":memory:");
const ws = createWorkspace(db, { slug: "b", name: "B" });
const convs = generateConversations(100_000).map((c) => InterchangeConversationSchema.parse(c));
let t = Date.now();
const r = importConversations(db, ws.id, convs);
console.log("import", Date.now() - t, "ms", JSON.stringify(r).slice(0, 200));
db.$client.exec("analyze");
const viewer = { workspaceId: ws.id, userId: 1, teamId: 1 };
for (const q of ["", "view=unassigned", "view=closed", "view=sla", "view=team", "q=AccessDenied", "q=export&view=closed", "channel=email&priority=high", "tag=x"]) {
  const query = parseInboxQuery(new URLSearchParams(q));
  t = performance.now();
  const rows = listInboxView(db, viewer, query);
  const t1 = performance.now();
  const counts = countInboxViews(db, viewer, query);
  const t2 = performance.now();
  console.log(q.padEnd(30), "list", (t1 - t).toFixed(1), "ms", rows.length, "counts", (t2 - t1).toFixed(1), "ms", JSON.stringify(counts));
}
const d = new SQLiteSyncDialect();
for (const view of ["open", "closed", "unassigned", "sla"] as const) {
  const q = d.sqlToQuery(sql`select id from ${conversations} where ${buildViewWhere(view, {}, viewer, new Date())} order by ${sql.join(viewOrder(view), sql`, `)} limit 200`);
  console.log(view, (db.$client.prepare("explain query plan " + q.sql).all(...q.params) as any[]).map((r) => r.detail).join(" | "));
}
