/**
 * The eval datasets (evals/datasets/): conversations in the interchange
 * format and, beside each file, what the evals expect of them. Everything is
 * parsed with zod and checked against the conversations it names (ids exist,
 * injected text is really in the customer's message, patterns compile), so
 * a mistake in a dataset stops the run with its file and case, never skews a
 * score quietly.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { FORBIDDEN_PROMISES } from "../ai/local/reply-claims";
import { KnowledgeSnippetSchema, RiskSchema } from "../ai/tasks";
import { describeIssues, parseConversationLines, type InterchangeConversation } from "../db/interchange";
import { CRITERION_IDS, CriterionIdSchema, CriterionScoresSchema, RECOVERY_RUBRIC, ScoreSchema } from "./rubric";
import { EVAL_DIRS } from "./paths";
import { SplitSchema } from "./results";

export class DatasetError extends Error {}

const CaseId = z.string().min(1).max(100);
const Pattern = z.string().refine((source) => {
  try {
    new RegExp(source, "i");
    return true;
  } catch {
    return false;
  }
}, "not a valid regular expression");
const Claim = z.object({ claim: z.string().min(1), pattern: Pattern });
const Labels = <T extends z.ZodType>(item: T) => z.object({ about: z.string().min(1), conversations: z.string().optional(), cases: z.array(item).min(1) });

const KnowledgeFileSchema = z.object({ about: z.string(), snippets: z.array(KnowledgeSnippetSchema).min(1) });

export const HandScoredCaseSchema = z.object({
  conversationId: CaseId,
  split: SplitSchema,
  replyIndexes: z.array(z.number().int().nonnegative()).min(1),
  scores: z.record(CriterionIdSchema, ScoreSchema),
  note: z.string(),
});
const HandScoredLabelsSchema = Labels(HandScoredCaseSchema).extend({ rubricVersion: z.number().int().positive(), conventions: z.array(z.string()) });

export const MergeCaseSchema = z.object({
  id: CaseId,
  split: SplitSchema,
  source: z.string().min(1),
  about: z.string().optional(),
  conversationIds: z.array(CaseId).min(2),
  groups: z.array(z.array(CaseId).min(2)),
});

export const SummaryCaseSchema = z.object({
  id: CaseId,
  split: SplitSchema,
  accountId: z.string().nullable(),
  conversationIds: z.array(CaseId).min(1),
  mustContain: z.array(z.object({ fact: z.string().min(1), anyOf: z.array(Pattern).min(1) })).min(1),
  mustNotInvent: z.array(Claim),
  risk: z.array(RiskSchema).min(1),
});

export const DraftCaseSchema = z.object({
  conversationId: CaseId,
  split: SplitSchema,
  agentName: z.string().min(1),
  now: z.iso.datetime({ offset: true }),
  minScores: CriterionScoresSchema,
  forbidden: z.array(z.enum(FORBIDDEN_PROMISES)),
  mustNotSay: z.array(Claim),
});

export const InjectionCaseSchema = z.object({
  conversationId: CaseId,
  split: SplitSchema,
  agentName: z.string().min(1),
  now: z.iso.datetime({ offset: true }),
  /** The attack, verbatim from the customer's message: echoing it is a failure. */
  injected: z.array(z.string().min(10)).min(1),
  mustNotSay: z.array(Claim),
});

export type HandScoredCase = z.infer<typeof HandScoredCaseSchema>;
export type MergeCase = z.infer<typeof MergeCaseSchema>;
export type SummaryCase = z.infer<typeof SummaryCaseSchema>;
export type DraftCase = z.infer<typeof DraftCaseSchema>;
export type InjectionCase = z.infer<typeof InjectionCaseSchema>;
export type KnowledgeSnippets = z.infer<typeof KnowledgeFileSchema>["snippets"];

export interface Datasets {
  knowledge: KnowledgeSnippets;
  conversations: Map<string, InterchangeConversation>;
  handScored: HandScoredCase[];
  merges: MergeCase[];
  summaries: SummaryCase[];
  drafts: DraftCase[];
  injections: InjectionCase[];
  /** sha256 over every dataset file: a baseline says which datasets it was measured on. */
  sha256: string;
}

function readText(dir: string, file: string): string {
  try {
    return readFileSync(join(dir, file), "utf8");
  } catch (error) {
    throw new DatasetError(`Cannot read ${join(dir, file)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

const PublicMergeLabelsSchema = z.object({ groups: z.array(z.array(CaseId).min(2)) });

/**
 * The labelled duplicate sets of the public data beside the repository
 * (../shared/data, FILE.jsonl with FILE.labels.json), when it is there. The
 * evals and the merge benchmark report on them; nothing depends on them, and
 * a fresh clone has none.
 */
export function loadPublicMergeSets(dir: string): { name: string; conversations: InterchangeConversation[]; groups: string[][] }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".labels.json"))
    .sort()
    .map((labels) => {
      const name = labels.replace(".labels.json", "");
      const conversations = [...parseConversationLines(readText(dir, `${name}.jsonl`)).records];
      return { name, conversations, groups: parseJson(dir, labels, PublicMergeLabelsSchema).groups };
    });
}

function parseJson<T extends z.ZodType>(dir: string, file: string, schema: T): z.infer<T> {
  let value: unknown;
  try {
    value = JSON.parse(readText(dir, file));
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new DatasetError(`${file}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Conversations of a JSON Lines file; in a dataset, unlike an import, a bad line is an error. */
function parseConversations(dir: string, file: string): InterchangeConversation[] {
  const parsed = parseConversationLines(readText(dir, file));
  const [problem] = parsed.errors;
  if (problem) throw new DatasetError(`${file}:${problem.line}: ${problem.message}`);
  return parsed.records;
}

export function loadDatasets(dir: string = EVAL_DIRS.datasets): Datasets {
  const conversations = new Map<string, InterchangeConversation>();
  for (const file of ["hand-scored.jsonl", "support.jsonl", "injections.jsonl", "merges.jsonl"]) {
    for (const conversation of parseConversations(dir, file)) {
      if (conversations.has(conversation.id)) throw new DatasetError(`${file}: conversation "${conversation.id}" is also in another dataset file.`);
      conversations.set(conversation.id, conversation);
    }
  }
  const need = (file: string, where: string, id: string) => {
    const conversation = conversations.get(id);
    if (!conversation) throw new DatasetError(`${file}: ${where} names conversation "${id}", which no dataset file holds.`);
    return conversation;
  };
  const handLabels = parseJson(dir, "hand-scored.labels.json", HandScoredLabelsSchema);
  if (handLabels.rubricVersion !== RECOVERY_RUBRIC.version) {
    throw new DatasetError(`hand-scored.labels.json: scored under rubric version ${handLabels.rubricVersion}, but the rubric is version ${RECOVERY_RUBRIC.version}: score the replies again.`);
  }
  const handScored = handLabels.cases;
  for (const entry of handScored) {
    const conversation = need("hand-scored.labels.json", `case ${entry.conversationId}`, entry.conversationId);
    if (entry.replyIndexes.some((index) => conversation.messages[index]?.author !== "agent")) throw new DatasetError(`hand-scored.labels.json: case ${entry.conversationId} reviews a message that is not an agent reply.`);
    const missing = CRITERION_IDS.filter((id) => entry.scores[id] === undefined);
    if (missing.length) throw new DatasetError(`hand-scored.labels.json: case ${entry.conversationId} has no score for ${missing.join(", ")}.`);
  }
  const merges = parseJson(dir, "merges.labels.json", Labels(MergeCaseSchema)).cases;
  for (const entry of merges) {
    for (const id of entry.conversationIds) need("merges.labels.json", `set ${entry.id}`, id);
    const members = new Set(entry.conversationIds);
    for (const id of entry.groups.flat()) if (!members.has(id)) throw new DatasetError(`merges.labels.json: set ${entry.id} groups "${id}", which is not one of its conversations.`);
  }
  const summaries = parseJson(dir, "summaries.labels.json", Labels(SummaryCaseSchema)).cases;
  for (const entry of summaries) for (const id of entry.conversationIds) need("summaries.labels.json", `case ${entry.id}`, id);
  const drafts = parseJson(dir, "drafts.labels.json", Labels(DraftCaseSchema)).cases;
  for (const entry of drafts) need("drafts.labels.json", `case ${entry.conversationId}`, entry.conversationId);
  const injections = parseJson(dir, "injections.labels.json", Labels(InjectionCaseSchema)).cases;
  for (const entry of injections) {
    const customerText = need("injections.labels.json", `case ${entry.conversationId}`, entry.conversationId)
      .messages.filter((message) => message.author === "customer")
      .map((message) => message.text)
      .join("\n");
    for (const part of entry.injected) if (!customerText.includes(part)) throw new DatasetError(`injections.labels.json: case ${entry.conversationId}: "${part.slice(0, 40)}…" is not in the customer's messages.`);
  }
  const hash = createHash("sha256");
  for (const file of readdirSync(dir).filter((name) => /\.(jsonl|json)$/.test(name)).sort()) hash.update(file).update(readText(dir, file));
  return {
    knowledge: parseJson(dir, "knowledge.json", KnowledgeFileSchema).snippets,
    conversations,
    handScored,
    merges,
    summaries,
    drafts,
    injections,
    sha256: hash.digest("hex"),
  };
}
