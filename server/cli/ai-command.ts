import { readFile } from "node:fs/promises";
import { parseConversationLines, type InterchangeConversation } from "../../db/interchange";
import { groupByAccount, summarizeAccount } from "../../ai/local/summarize";
import { mergeDocumentOf, proposeMerges } from "../../ai/merges/propose";
import { CommandError, parseCommandArgs, printJson, UsageError, type Command, type CommandIO } from "./command";

const HELP = `Usage: tandem ai merges --input FILE.jsonl
       tandem ai summarize --input FILE.jsonl [--account ID]

  merges     Propose which conversations of the file are the same issue:
             {"proposals": [{"conversationIds": [...], "confidence": 0.93, "reason": "..."}]}.
             A conversation appears in at most one proposal.
  summarize  One summary per account across its channels (conversations without
             an account one by one): {"summaries": [{"accountId", "conversationIds",
             "summary", "facts": ["kind: text", ...], "evidence", "stillOpen",
             "promises", "mood", "risk", "riskReasons"}]}. "evidence" ties each
             fact to its conversation and message.

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
  summary: "The AI copilot on a file: ai merges|summarize --input FILE.jsonl",
  help: HELP,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { input: { type: "string", short: "i" }, account: { type: "string" } });
    const [task, ...extra] = positionals;
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    if (task !== "merges" && task !== "summarize") throw new UsageError(task ? `Unknown AI task "${task}".` : "Name a task: merges or summarize.");
    if (values.account !== undefined && task !== "summarize") throw new UsageError("--account goes with summarize.");
    if (!values.input) throw new UsageError("--input FILE.jsonl is required.");
    const conversations = await readConversations(values.input, io);
    const started = performance.now();
    if (task === "merges") {
      const proposals = proposeMerges(conversations.map(mergeDocumentOf));
      io.err.write(`${proposals.length} proposals over ${conversations.length} conversations in ${Math.round(performance.now() - started)} ms.\n`);
      printJson(io, { proposals });
      return;
    }
    const chosen = values.account === undefined ? conversations : conversations.filter((conversation) => conversation.account?.id === values.account);
    if (chosen.length === 0) throw new CommandError(`No conversations of account "${values.account}" in ${values.input}.`);
    const summaries = groupByAccount(chosen).map((group) => {
      const { facts, ...summary } = summarizeAccount(group);
      return { ...summary, facts: facts.map((fact) => `${fact.kind}: ${fact.text}`), evidence: facts };
    });
    io.err.write(`${summaries.length} summaries in ${Math.round(performance.now() - started)} ms.\n`);
    printJson(io, { summaries });
  },
};
