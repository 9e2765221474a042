/**
 * How fast `tandem import` loads 10,000 conversations into a fresh SQLite file,
 * run as a user runs it (the real command, a child process), then again on the
 * same file to time the idempotent re-import.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toJsonLines } from "../../db/interchange";
import { generateConversations } from "./generate-conversations";

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
function runImport(file: string, databasePath: string) {
  const started = performance.now();
  const result = spawnSync(process.execPath, ["server/cli/tandem.mjs", "import", file, "--workspace", "bench"], {
    env: { ...process.env, TANDEM_DB: databasePath },
    encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`tandem import failed (${result.status}):\n${result.stderr}`);
  return { seconds, summary: JSON.parse(result.stdout) as { imported: Record<string, number> } };
}

const dir = mkdtempSync(join(tmpdir(), "tandem-bench-"));
try {
  const conversations = generateConversations(CONVERSATIONS);
  const messageCount = conversations.reduce((n, c) => n + c.messages.length, 0);
  const file = join(dir, "conversations.jsonl");
  writeFileSync(file, toJsonLines(conversations));
  const databasePath = join(dir, "bench.db");

  const first = runImport(file, databasePath);
  const again = runImport(file, databasePath);

  const mb = statSync(file).size / 1e6;
  console.log(`tandem import: ${CONVERSATIONS} conversations, ${messageCount} messages (${mb.toFixed(1)} MB of JSON Lines)`);
  console.table({
    "first import": {
      seconds: +first.seconds.toFixed(2),
      "conversations/s": Math.round(CONVERSATIONS / first.seconds),
      "messages/s": Math.round(messageCount / first.seconds),
      "messages stored": first.summary.imported.messagesCreated,
    },
    "re-import (idempotent)": {
      seconds: +again.seconds.toFixed(2),
      "conversations/s": Math.round(CONVERSATIONS / again.seconds),
      "messages/s": Math.round(messageCount / again.seconds),
      "messages stored": again.summary.imported.messagesCreated,
    },
  });
  console.log("Times include starting the command (Node, tsx, opening and migrating the database).");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
