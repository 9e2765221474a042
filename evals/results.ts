/**
 * What an eval run measures and keeps: figures per task, criterion and split,
 * and a result per case, so a later run can say which cases got worse. The
 * same shapes are written to the report, the baselines and the history, and
 * parsed back with these schemas.
 */
import { z } from "zod";
import { CriterionIdSchema, CriterionScoresSchema } from "./rubric";

export const SPLITS = ["dev", "heldout"] as const;
export const SplitSchema = z.enum(SPLITS);
export type Split = z.infer<typeof SplitSchema>;

export const EVAL_TASKS = ["merges", "summaries", "drafts", "injections", "judge"] as const;
export const EvalTaskSchema = z.enum(EVAL_TASKS);
export type EvalTask = z.infer<typeof EvalTaskSchema>;

export const MetricSchema = z.object({
  /** "drafts.score.grounded@heldout": stable across runs, what baselines are matched on. */
  id: z.string().min(1),
  task: EvalTaskSchema,
  name: z.string().min(1),
  criterion: CriterionIdSchema.optional(),
  split: SplitSchema,
  /** Null when it cannot be computed (a kappa without variation). */
  value: z.number().nullable(),
  better: z.enum(["higher", "lower"]),
  /** The range the value lives in: [0, 1] for shares, [1, 5] for rubric scores, [-1, 1] for kappa. */
  scale: z.tuple([z.number(), z.number()]),
  /** Whether the gate compares it with the baseline. */
  gated: z.boolean(),
  /** How many cases it rests on. */
  n: z.number().int().nonnegative(),
  /** The prompt version it is filed under ("draft-reply@v1"); null for what no prompt drives. */
  prompt: z.string().nullable(),
});
export type Metric = z.infer<typeof MetricSchema>;

export const CaseResultSchema = z.object({
  task: EvalTaskSchema,
  /** Unique within its task: "sup-04", "inj-02#summary". */
  id: z.string().min(1),
  split: SplitSchema,
  prompt: z.string().nullable(),
  passed: z.boolean(),
  /** 0 to 1, higher is better: how a case is compared with its baseline. */
  quality: z.number().min(0).max(1),
  /** What went wrong, for a person. */
  detail: z.string(),
  /** What the AI produced (a draft, a summary, the proposals), for the side-by-side diff. */
  output: z.string().optional(),
  scores: CriterionScoresSchema.optional(),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

/** A measured figure the gate never depends on (the public data in ../shared, when it is there). */
export const ExtraFigureSchema = z.object({ label: z.string(), value: z.string() });
export type ExtraFigure = z.infer<typeof ExtraFigureSchema>;

export const PromptStampSchema = z.object({
  task: z.string(),
  /** "draft-reply@v1". */
  version: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type PromptStamp = z.infer<typeof PromptStampSchema>;

export const ProviderNameSchema = z.enum(["local", "openai"]);
