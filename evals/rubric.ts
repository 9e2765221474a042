/**
 * The recovery rubric: what a good answer to a customer who has had a failure
 * looks like, criterion by criterion. Defined once here and used by the
 * weekly review screen, the AI pre-scorer and the eval graders alike.
 *
 * Criteria have fixed ids (scores are stored against them); a workspace's
 * admins may reword them and change their weights, and each change is a new
 * version of the workspace's rubric, so old scores keep the wording they were
 * given under.
 */
import { z } from "zod";

export const CRITERION_IDS = [
  "acknowledges_failure",
  "takes_ownership",
  "grounded",
  "next_step",
  "recovery_offer",
  "tone",
  "clarity",
  "resolves_or_routes",
] as const;
export const CriterionIdSchema = z.enum(CRITERION_IDS);
export type CriterionId = z.infer<typeof CriterionIdSchema>;

/** Scores run 1 (poor) to 5 (excellent); the anchors describe 1, 3 and 5. */
export const SCORE_LEVELS = [1, 2, 3, 4, 5] as const;
export const ScoreSchema = z.number().int().min(1).max(5);
export type Score = z.infer<typeof ScoreSchema>;

const wording = (what: string, max: number) =>
  z.string().trim().min(1, `${what} cannot be empty`).max(max, `Keep ${what.toLowerCase()} under ${max} characters`);

export const CriterionSchema = z.object({
  id: CriterionIdSchema,
  title: wording("The title", 80),
  /** The question a reviewer answers. */
  question: wording("The question", 300),
  anchors: z.object({ 1: wording("Anchor 1", 400), 3: wording("Anchor 3", 400), 5: wording("Anchor 5", 400) }),
  /** Relative weight in the overall score; 0 leaves the criterion out of it. */
  weight: z.number().min(0, "A weight cannot be negative").max(10, "Keep weights at 10 or under"),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const RubricSchema = z
  .object({
    /** Increases by one with every change. */
    version: z.number().int().positive(),
    criteria: z.array(CriterionSchema).length(CRITERION_IDS.length),
  })
  .refine((rubric) => CRITERION_IDS.every((id) => rubric.criteria.some((criterion) => criterion.id === id)), {
    message: "A rubric has every criterion once",
    path: ["criteria"],
  })
  .refine((rubric) => rubric.criteria.some((criterion) => criterion.weight > 0), {
    message: "At least one criterion needs a weight above 0",
    path: ["criteria"],
  });
export type Rubric = z.infer<typeof RubricSchema>;

/** Scores for some or all criteria of one reply. */
export const CriterionScoresSchema = z.partialRecord(CriterionIdSchema, ScoreSchema);
export type CriterionScores = z.infer<typeof CriterionScoresSchema>;

/**
 * The weighted overall score on the 1–5 scale, over the criteria that were
 * scored; null when none of the weighted ones were.
 */
export function overallScore(rubric: Rubric, scores: CriterionScores): number | null {
  let total = 0;
  let weights = 0;
  for (const criterion of rubric.criteria) {
    const score = scores[criterion.id];
    if (score === undefined || criterion.weight === 0) continue;
    total += score * criterion.weight;
    weights += criterion.weight;
  }
  return weights === 0 ? null : total / weights;
}

/** The rubric every workspace starts with: version 1. */
export const RECOVERY_RUBRIC: Rubric = RubricSchema.parse({
  version: 1,
  criteria: [
    {
      id: "acknowledges_failure",
      title: "Acknowledges the specific failure",
      question: "Does the reply name what went wrong for this customer, in their terms?",
      anchors: {
        1: "Ignores the failure or answers with a generic apology that could go to anyone.",
        3: "Mentions the problem in general words but not what it cost or meant to this customer.",
        5: "Names the specific failure, since when and what it cost the customer, in their own terms.",
      },
      weight: 2,
    },
    {
      id: "takes_ownership",
      title: "Takes ownership without blame",
      question: "Does the reply own the problem on the company's side, without blaming the customer?",
      anchors: {
        1: "Blames the customer, their setup or their team, or deflects to a third party.",
        3: "Neutral: neither blames nor owns (\"the issue occurred\").",
        5: "Owns it plainly (\"this is on us\", \"I'm sorry we let you down\") and puts no blame on the customer.",
      },
      weight: 2,
    },
    {
      id: "grounded",
      title: "Accurate and grounded",
      question: "Is everything it says supported by the thread, the account and the team's knowledge?",
      anchors: {
        1: "Invents causes, facts, fix dates, features or refunds nobody stated.",
        3: "Mostly grounded, with a vague claim or a promise the context only half supports.",
        5: "Every claim and promise is supported by the thread, the account or the team's knowledge; unknowns are said to be unknown.",
      },
      weight: 3,
    },
    {
      id: "next_step",
      title: "Concrete next step with a time",
      question: "Does the customer know what happens next, who does it and when?",
      anchors: {
        1: "No next step, or \"we'll look into it\".",
        3: "A next step without a time, or a time without a clear step.",
        5: "One concrete step the team controls, with a time (\"I'll update you by 15:00 UTC today\").",
      },
      weight: 2,
    },
    {
      id: "recovery_offer",
      title: "Recovery offered where it fits",
      question: "Does the reply offer something to make up for the failure that fits the account?",
      anchors: {
        1: "Nothing offered after a real failure, or an offer the plan cannot honour (money granted by the rep).",
        3: "A token gesture that does not fit the account or the failure.",
        5: "An offer that fits the account and the failure (a written account of what happened, a call, a guided setup), or rightly none for a simple question.",
      },
      weight: 1,
    },
    {
      id: "tone",
      title: "Tone and empathy match the customer",
      question: "Does the tone meet the customer where they are?",
      anchors: {
        1: "Cold, defensive, scripted, or cheerful at an angry customer.",
        3: "Polite but generic; the same words would go to any customer.",
        5: "Warm with an upset customer, direct with a calm one; sounds like a person who read the thread.",
      },
      weight: 1,
    },
    {
      id: "clarity",
      title: "Clear and concise",
      question: "Can the customer read it once and know where they stand?",
      anchors: {
        1: "Long, jargon-filled or disorganised; the point is buried.",
        3: "Understandable, with padding or a paragraph too many.",
        5: "Short paragraphs, plain words, nothing the customer has to decode.",
      },
      weight: 1,
    },
    {
      id: "resolves_or_routes",
      title: "Resolves or routes correctly",
      question: "Does it answer what was asked, or send it to the person who can?",
      anchors: {
        1: "Leaves the customer's questions unanswered, or answers a different question.",
        3: "Answers part of what was asked; the rest is left hanging.",
        5: "Answers every question asked, or routes what it cannot decide (a refund, a contract) to the person who decides, and says so.",
      },
      weight: 2,
    },
  ],
});
