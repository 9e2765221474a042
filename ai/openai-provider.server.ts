/**
 * The `openai` provider: any OpenAI-compatible endpoint (OPENAI_BASE_URL,
 * OPENAI_API_KEY, TANDEM_AI_MODEL). Summaries and rubric scores go through
 * langchain's chat model with structured output, drafts stream through the
 * openai SDK. All time out, retry with back-off (the SDK's, on 429 and 5xx), and check the
 * answer against the task's schema: an answer that does not fit is asked
 * for once more, then the local provider answers instead and the output says
 * why. Customer text travels inside <customer_data> as data.
 */
import type { ChatOpenAI } from "@langchain/openai";
import type OpenAI from "openai";
import { z } from "zod";
import { draftReply } from "./local/draft";
import { localProvider, type AiProvider, type Provenance } from "./provider.server";
import { currentPrompt } from "./prompts.server";
import { recoveryOffers } from "./recovery-policy";
import {
  AccountSummarySchema,
  CriterionScoreSchema,
  DraftInputSchema,
  DraftSchema,
  ReplyScoreInputSchema,
  ReplyScoreSchema,
  repliesUnderReview,
  type ReplyScore,
  type SummaryInput,
} from "./tasks";

export interface OpenAiSettings {
  apiKey?: string;
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
  /** Retries after the first attempt, with exponential back-off. */
  maxRetries?: number;
}

export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

/** What the model is asked for; ids and provenance are added from the input, never taken from the model. */
const SummaryAnswerSchema = AccountSummarySchema.omit({ accountId: true, conversationIds: true });
/** The judge's answer before its evidence is checked against the thread and its scores put in the rubric's order. */
const ReplyScoreAnswerSchema = z.object({ scores: z.array(CriterionScoreSchema) });

/** Customer-written material, fenced: nothing inside can close the fence. */
function customerData(value: unknown): string {
  return `<customer_data>\n${JSON.stringify(value, null, 1).replace(/<\/?customer_data/gi, (tag) => tag.replace("<", "‹"))}\n</customer_data>`;
}

/** The conversations as the model reads them: every message numbered, so facts can point at it. */
function conversationsForModel(conversations: SummaryInput["conversations"]) {
  return conversations.map((conversation) => ({
    conversationId: conversation.id,
    channel: conversation.channel,
    status: conversation.status,
    subject: conversation.subject,
    messages: conversation.messages.map((message, messageIndex) => ({ messageIndex, author: message.author, at: message.at, text: message.text })),
  }));
}

export function createOpenAiProvider(settings: OpenAiSettings, log: (line: string) => void = () => {}): AiProvider {
  const model = settings.model ?? DEFAULT_OPENAI_MODEL;
  const apiKey = settings.apiKey ?? "not-needed"; // local OpenAI-compatible servers ignore it, the SDK requires one
  const timeout = settings.timeoutMs ?? 30_000;
  const maxRetries = settings.maxRetries ?? 2;
  // The SDKs load on first use: a server on the local provider never carries them (about 12 MB of heap).
  let sdks: Promise<{ client: OpenAI; chat: ChatOpenAI }> | undefined;
  const connect = () =>
    (sdks ??= Promise.all([import("openai"), import("@langchain/openai")]).then(([{ default: OpenAI }, { ChatOpenAI }]) => ({
      client: new OpenAI({ apiKey, baseURL: settings.baseUrl, timeout, maxRetries }),
      chat: new ChatOpenAI({ model, apiKey, timeout, maxRetries, temperature: 0.2, configuration: { baseURL: settings.baseUrl } }),
    })));
  const provenance = (promptVersion: string): Provenance => ({ provider: "openai", model, promptVersion });
  const fellBack = (what: string, error: unknown) => {
    const reason = `${what} failed (${error instanceof Error ? error.message : String(error)}); the local provider answered instead.`;
    log(reason);
    return reason;
  };
  /** An answer in `schema`'s shape, finished by `finish`; one that does not fit either is asked for once more, then the last error is thrown. */
  async function structured<S extends z.ZodObject, R>(schema: S, name: string, messages: [string, string][], finish: (answer: z.infer<S>) => R): Promise<R> {
    const runnable = (await connect()).chat.withStructuredOutput(schema, { name, method: "jsonSchema" });
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return finish(schema.parse(await runnable.invoke(messages)));
      } catch (error) {
        lastError = error;
        if (!(error instanceof z.ZodError) && !(error instanceof SyntaxError) && !isOutputParseError(error)) break;
      }
    }
    throw lastError;
  }

  return {
    name: "openai",
    model,

    async summarize(input) {
      const prompt = currentPrompt("summarize");
      const known = new Set(input.conversations.flatMap((c) => c.messages.map((_, i) => `${c.id}#${i}`)));
      // A fact that points at no message was not read from the conversations: it is dropped.
      const real = <T extends { source: { conversationId: string; messageIndex: number } }>(facts: T[]) =>
        facts.filter((fact) => known.has(`${fact.source.conversationId}#${fact.source.messageIndex}`));
      try {
        const summary = await structured(
          SummaryAnswerSchema,
          "account_summary",
          [
            ["system", prompt.text],
            ["human", `Account: ${JSON.stringify(input.account)}\n${customerData(conversationsForModel(input.conversations))}`],
          ],
          (answer) =>
            AccountSummarySchema.parse({
              ...answer,
              facts: real(answer.facts),
              stillOpen: real(answer.stillOpen),
              promises: real(answer.promises),
              accountId: input.account?.id ?? null,
              conversationIds: input.conversations.map((conversation) => conversation.id),
            }),
        );
        return { ...summary, provenance: provenance(prompt.version) };
      } catch (error) {
        const local = await localProvider.summarize(input);
        return { ...local, provenance: { ...local.provenance, fallback: fellBack("The summary from the OpenAI-compatible endpoint", error) } };
      }
    },

    async draft(raw, onText) {
      const prompt = currentPrompt("draft-reply");
      const input = DraftInputSchema.parse(raw);
      // The local draft's grounding (the facts it cites) is what the model may rely on, and what the draft cites.
      const grounded = draftReply(input);
      const plan = input.conversation.account?.plan;
      const context = {
        rep: input.agentName,
        now: input.now,
        account: input.conversation.account ?? null,
        allowedRecovery: recoveryOffers(plan, true).map((offer) => offer.offer),
        knowledge: input.knowledge,
        conversation: conversationsForModel([input.conversation])[0],
        otherConversationsOfTheAccount: conversationsForModel(input.related),
      };
      try {
        const stream = await (await connect()).client.chat.completions.create({
          model,
          stream: true,
          temperature: 0.3,
          messages: [
            { role: "system", content: prompt.text },
            { role: "user", content: `Write the reply to conversation ${input.conversation.id}.\n${customerData(context)}` },
          ],
        });
        let text = "";
        for await (const chunk of stream) {
          const piece = chunk.choices[0]?.delta?.content ?? "";
          if (!piece) continue;
          text += piece;
          onText?.(text);
        }
        const draft = DraftSchema.parse({ conversationId: input.conversation.id, draft: text.trim(), citations: grounded.citations });
        return { ...draft, provenance: provenance(prompt.version) };
      } catch (error) {
        onText?.(grounded.draft);
        const local = await localProvider.draft(input);
        return { ...local, provenance: { ...local.provenance, fallback: fellBack("The draft from the OpenAI-compatible endpoint", error) } };
      }
    },

    async scoreReply(raw) {
      const prompt = currentPrompt("judge-reply");
      const input = ReplyScoreInputSchema.parse(raw);
      const { conversation, rubric } = input;
      const reviewed = repliesUnderReview(input);
      // Evidence is quoted from a reply under review or from the customer, verbatim; anything else the model "quotes" is dropped.
      const quotable = (messageIndex: number, quote: string) =>
        (reviewed.includes(messageIndex) || conversation.messages[messageIndex]?.author === "customer") && conversation.messages[messageIndex]!.text.includes(quote);
      const order = rubric.criteria.map((criterion) => criterion.id);
      try {
        const score = await structured(
          ReplyScoreAnswerSchema,
          "reply_score",
          [
            ["system", prompt.text],
            [
              "human",
              `Rubric (version ${rubric.version}): ${JSON.stringify(rubric.criteria.map(({ weight: _weight, ...criterion }) => criterion))}\n` +
                `Account: ${JSON.stringify(input.account ?? conversation.account ?? null)}\n` +
                `Knowledge: ${JSON.stringify(input.knowledge)}\n` +
                `Messages under review: ${reviewed.join(", ")}\n${customerData(conversationsForModel([conversation])[0])}`,
            ],
          ],
          (answer): ReplyScore =>
            ReplyScoreSchema.parse({
              scores: [...answer.scores]
                .sort((a, b) => order.indexOf(a.criterion) - order.indexOf(b.criterion))
                .map((entry) => ({ ...entry, evidence: entry.evidence.filter((evidence) => quotable(evidence.messageIndex, evidence.quote)) })),
            }),
        );
        return { ...score, provenance: provenance(prompt.version) };
      } catch (error) {
        const local = await localProvider.scoreReply(input);
        return { ...local, provenance: { ...local.provenance, fallback: fellBack("The rubric scores from the OpenAI-compatible endpoint", error) } };
      }
    },
  };
}

/** langchain reports an answer it could not parse as JSON this way. */
function isOutputParseError(error: unknown): boolean {
  return error instanceof Error && /OutputParserException|Failed to parse|Unexpected token|JSON/i.test(`${error.name} ${error.message}`);
}

/** The configured provider: `local` unless TANDEM_AI_PROVIDER says `openai`. */
export function createAiProvider(config: { provider: "local" | "openai"; openai: OpenAiSettings }, log?: (line: string) => void): AiProvider {
  return config.provider === "openai" ? createOpenAiProvider(config.openai, log) : localProvider;
}
