import { SingleBar } from "cli-progress";
import { readFileSync } from "node:fs";
import { closeDatabase, openDatabase } from "../../db/connection.server";
import {
  importConversations,
  importUsageEvents,
  type ConversationImportSummary,
  type UsageImportSummary,
} from "../../db/conversation-import.server";
import { parseConversationLines, parseUsageEventLines, type ParsedLines } from "../../db/interchange";
import { createWorkspace, findWorkspaceBySlug } from "../../db/workspaces.server";
import { loadConfig } from "../config.server";
import {
  CommandError,
  parseCommandArgs,
  printJson,
  UsageError,
  workspaceSlugOption,
  type Command,
  type CommandIO,
} from "./command";

/** Rows per transaction: big enough to be fast, small enough to show progress and keep the lock short. */
const BATCH_SIZE = 500;

/** Imports parsed records a batch at a time, with a progress bar when a person is watching. */
function importInBatches<T, S extends ConversationImportSummary | UsageImportSummary>(
  io: CommandIO,
  parsed: ParsedLines<T>,
  importBatch: (batch: T[]) => S,
) {
  const progress = io.err.isTTY
    ? new SingleBar({ format: "Importing [{bar}] {percentage}% | {value}/{total}", stream: io.err as NodeJS.WriteStream })
    : undefined;
  progress?.start(parsed.records.length, 0);
  const imported: Record<string, number> = {};
  for (let start = 0; start < parsed.records.length; start += BATCH_SIZE) {
    const batch = parsed.records.slice(start, start + BATCH_SIZE);
    for (const [key, count] of Object.entries(importBatch(batch))) imported[key] = (imported[key] ?? 0) + count;
    progress?.update(start + batch.length);
  }
  progress?.stop();
  return { imported, rejected: parsed.errors };
}

export const importCommand: Command = {
  name: "import",
  summary: "Load conversations (or usage events with --usage) from a JSON Lines file",
  help: `Usage: tandem import FILE.jsonl [--workspace SLUG] [--usage]

Loads conversations in the interchange format into the database at TANDEM_DB,
or product usage events with --usage. Idempotent by conversation id: importing
a file again stores nothing twice. A line that does not match the format is
reported with its line number and skipped; the rest of the file still loads.
The workspace (default "demo") is created if it does not exist.

Prints {"workspace", "file", "imported": {...}, "rejected": [{"line", "message"}]}.
Exits 0 when every line loaded, 1 when any line was rejected or the file could
not be read, 2 on bad usage.`,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      workspace: { type: "string", short: "w" },
      usage: { type: "boolean" },
    });
    if (positionals.length !== 1) throw new UsageError("Name exactly one JSON Lines file to import.");
    const file = positionals[0]!;
    const slug = workspaceSlugOption(values.workspace);

    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new CommandError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }

    const db = openDatabase(loadConfig(io.env).databasePath);
    try {
      let workspace = findWorkspaceBySlug(db, slug);
      if (!workspace) {
        workspace = createWorkspace(db, { slug, name: slug });
        io.err.write(`Created workspace "${slug}".\n`);
      }
      const workspaceId = workspace.id;
      const outcome = values.usage
        ? importInBatches(io, parseUsageEventLines(text), (batch) => importUsageEvents(db, workspaceId, batch))
        : importInBatches(io, parseConversationLines(text), (batch) => importConversations(db, workspaceId, batch));
      for (const { line, message } of outcome.rejected) io.err.write(`${file}:${line}: ${message}\n`);
      printJson(io, { workspace: slug, file, ...outcome });
      if (outcome.rejected.length) {
        throw new CommandError(`${outcome.rejected.length} line(s) rejected; every other line loaded.`);
      }
    } finally {
      closeDatabase(db);
    }
  },
};
