import { readFile } from "node:fs/promises";
import { parseConversationLines, type InterchangeConversation } from "../../db/interchange";
import { mergeDocumentOf, proposeMerges } from "../../ai/merges/propose";
import { CommandError, parseCommandArgs, printJson, UsageError, type Command, type CommandIO } from "./command";

const HELP = `Usage: tandem ai merges --input FILE.jsonl

  merges   Propose which conversations of the file are the same issue:
           {"proposals": [{"conversationIds": [...], "confidence": 0.93, "reason": "..."}]}.
           A conversation appears in at most one proposal.

FILE is in the conversation interchange format (JSON Lines). A line that does
not parse is reported on stderr with its number and skipped.`;

/** The file's conversations, oldest first; bad lines are reported, not fatal. */
async function readConversations(path: string, io: CommandIO): Promise<InterchangeConversation[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new CommandError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  const parsed = parseConversationLines(text);
  for (const problem of parsed.errors) io.err.write(`${path}:${problem.line}: ${problem.message}\n`);
  if (parsed.records.length === 0) throw new CommandError(`No conversations in ${path}.`);
  return [...parsed.records].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

export const aiCommand: Command = {
  name: "ai",
  summary: "The AI copilot on a file: ai merges --input FILE.jsonl",
  help: HELP,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { input: { type: "string", short: "i" } });
    const [task, ...extra] = positionals;
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    if (task !== "merges") throw new UsageError(task ? `Unknown AI task "${task}".` : "Name a task: merges.");
    if (!values.input) throw new UsageError("--input FILE.jsonl is required.");
    const conversations = await readConversations(values.input, io);
    const started = performance.now();
    const proposals = proposeMerges(conversations.map(mergeDocumentOf));
    io.err.write(`${proposals.length} proposals over ${conversations.length} conversations in ${Math.round(performance.now() - started)} ms.\n`);
    printJson(io, { proposals });
  },
};
