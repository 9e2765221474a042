/**
 * One interface for every AI provider. `local` (the default) runs in
 * process, offline and deterministic; `openai` speaks to any
 * OpenAI-compatible endpoint and falls back to `local`, saying so, when the
 * endpoint fails. Merge proposals are the local index's for both: they are
 * computed incrementally as messages arrive, not by asking a model.
 */
import { draftReply } from "./local/draft";
import { scoreReplyLocally } from "./local/score-reply";
import { summarizeAccount } from "./local/summarize";
import { currentPrompt } from "./prompts.server";
import type { AccountSummary, Draft, DraftInput, ReplyScore, ReplyScoreInput, SummaryInput } from "./tasks";

/** Where an output came from: stored with it, shown with it. */
export interface Provenance {
  provider: "local" | "openai";
  model: string;
  promptVersion: string;
  /** Set when the configured provider failed and the local one answered instead. */
  fallback?: string;
}

export interface AiProvider {
  readonly name: "local" | "openai";
  readonly model: string;
  summarize(input: SummaryInput): Promise<AccountSummary & { provenance: Provenance }>;
  /** `onText` receives the draft so far as it is written (all of it at once for `local`; a fallback replaces it). */
  draft(input: DraftInput, onText?: (chunk: string) => void): Promise<Draft & { provenance: Provenance }>;
  /** The rubric pre-scorer: one score per criterion, each with its reason and verbatim evidence. The evals' judge, too. */
  scoreReply(input: ReplyScoreInput): Promise<ReplyScore & { provenance: Provenance }>;
}

export const LOCAL_MODEL = "tandem-local-1";

export const localProvider: AiProvider = {
  name: "local",
  model: LOCAL_MODEL,
  async summarize(input) {
    return { ...summarizeAccount(input), provenance: { provider: "local", model: LOCAL_MODEL, promptVersion: currentPrompt("summarize").version } };
  },
  async draft(input, onText) {
    const draft = draftReply(input);
    onText?.(draft.draft);
    return { ...draft, provenance: { provider: "local", model: LOCAL_MODEL, promptVersion: currentPrompt("draft-reply").version } };
  },
  async scoreReply(input) {
    return scoreReplyWithLocalProvider(input);
  },
};

/** The local provider's pre-score, synchronously: for work inside a database transaction, as the demo seed's. */
export function scoreReplyWithLocalProvider(input: ReplyScoreInput): ReplyScore & { provenance: Provenance } {
  return { ...scoreReplyLocally(input), provenance: { provider: "local", model: LOCAL_MODEL, promptVersion: currentPrompt("judge-reply").version } };
}
