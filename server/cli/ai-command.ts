import { readFile } from "node:fs/promises";
import { parseConversationLines, type InterchangeConversation } from "../../db/interchange";
import { groupByAccount } from "../../ai/local/summarize";
import { createAiProvider } from "../../ai/openai-provider.server";
import { loadConfig } from "../config.server";
import { mergeDocumentOf, proposeMerges } from "../../ai/merges/propose";
import { CommandError, parseCommandArgs, printJson, UsageError, type Command, type CommandIO } from "./command";

const HELP = `Usage: tandem ai merges --input FILE.jsonl
       tandem ai summarize --input FILE.jsonl [--account ID]
       tandem ai draft --input FILE.jsonl --conversation ID

  merges     Propose which conversations of the file are the same issue:
             {"proposals": [{"conversationIds": [...], "confidence": 0.93, "reason": "..."}]}.
             A conversation appears in at most one proposal.
  summarize  One summary per account across its channels (conversations without
             an account one by one): {"summaries": [{"accountId", "conversationIds",
             "summary", "facts": ["kind: text", ...], "evidence", "stillOpen",
             "promises", "mood", "risk", "riskReasons"}]}. "evidence" ties each
             fact to its conversation and message.
  draft      A recovery-focused reply to one conversation: {"conversationId", "draft",
             "promptVersion", "provider", "model", "citations"}.

The provider is TANDEM_AI_PROVIDER (local by default).

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
  summary: "The AI copilot on a file: ai merges|summarize|draft --input FILE.jsonl",
  help: HELP,

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      input: { type: "string", short: "i" },
      account: { type: "string" },
      conversation: { type: "string", short: "c" },
    });
    const [task, ...extra] = positionals;
    if (extra.length) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    if (task !== "merges" && task !== "summarize" && task !== "draft") throw new UsageError(task ? `Unknown AI task "${task}".` : "Name a task: merges, summarize or draft.");
    if (values.account !== undefined && task !== "summarize") throw new UsageError("--account goes with summarize.");
    if (task === "draft" && !values.conversation) throw new UsageError("--conversation ID is required.");
    if (values.conversation !== undefined && task !== "draft") throw new UsageError("--conversation goes with draft.");
    if (!values.input) throw new UsageError("--input FILE.jsonl is required.");
    const conversations = await readConversations(values.input, io);
    const provider = createAiProvider(loadConfig(io.env).ai, (line) => io.err.write(`${line}\n`));
    const started = performance.now();
    const took = () => `${Math.round(performance.now() - started)} ms`;

    if (task === "merges") {
      const proposals = proposeMerges(conversations.map(mergeDocumentOf));
      io.err.write(`${proposals.length} proposals over ${conversations.length} conversations in ${took()}.\n`);
      printJson(io, { proposals });
      return;
    }
    if (task === "summarize") {
      const chosen = values.account === undefined ? conversations : conversations.filter((conversation) => conversation.account?.id === values.account);
      if (chosen.length === 0) throw new CommandError(`No conversations of account "${values.account}" in ${values.input}.`);
      const summaries = [];
      for (const group of groupByAccount(chosen)) {
        const { facts, provenance, ...summary } = await provider.summarize(group);
        summaries.push({ ...summary, facts: facts.map((fact) => `${fact.kind}: ${fact.text}`), evidence: facts, ...provenance });
      }
      io.err.write(`${summaries.length} summaries in ${took()}.\n`);
      printJson(io, { summaries });
      return;
    }
    const conversation = conversations.find((candidate) => candidate.id === values.conversation);
    if (!conversation) throw new CommandError(`No conversation "${values.conversation}" in ${values.input}.`);
    const related = conversation.account ? conversations.filter((other) => other.id !== conversation.id && other.account?.id === conversation.account!.id) : [];
    const draft = await provider.draft({ conversation, related: related.slice(-50), now: new Date().toISOString() });
    io.err.write(`Draft for ${conversation.id} in ${took()}.\n`);
    printJson(io, {
      conversationId: draft.conversationId,
      draft: draft.draft,
      promptVersion: draft.provenance.promptVersion,
      provider: draft.provenance.provider,
      model: draft.provenance.model,
      citations: draft.citations,
      ...(draft.provenance.fallback ? { fallback: draft.provenance.fallback } : {}),
    });
  },
};
