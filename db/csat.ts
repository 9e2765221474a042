/** CSAT rules shared by the server and the public rating page: what a token, score and comment may be. */
import { z } from "zod";

/** What a token in a URL must look like before it is looked up at all. */
export const CsatTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

export const CsatScoreSchema = z.coerce.number().int().min(1).max(5);
/** A score as it arrives in a link or form: exactly one digit from 1 to 5 ("3", never "03", "3.0" or "0x3"). */
export const CsatScoreParamSchema = z
  .string()
  .regex(/^[1-5]$/, "A score is a whole number from 1 to 5.")
  .transform(Number);

export const CSAT_COMMENT_MAX = 2_000;
export const CsatCommentSchema = z.string().trim().min(1).max(CSAT_COMMENT_MAX);

export const CSAT_SCORE_LABELS = { 1: "Very poor", 2: "Poor", 3: "Okay", 4: "Good", 5: "Excellent" } as const;
export const csatScoreLabel = (score: number): string => CSAT_SCORE_LABELS[score as keyof typeof CSAT_SCORE_LABELS] ?? "";
