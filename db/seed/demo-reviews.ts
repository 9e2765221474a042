/**
 * The demo manager's weekly quality reviews: Maya Okafor's scores of the
 * agent replies in the demo's closed conversations (c-1001 to c-1015)
 * against the recovery rubric, version 1, with her one-line coaching note.
 *
 * Scored by hand from the threads, the account and the team's knowledge,
 * without looking at the AI pre-score, so the calibration of the pre-scorer
 * that the demo shows is measured against an independent reader.
 */
import type { CriterionId, Score } from "../../evals/rubric";

export interface DemoReview {
  conversationId: string;
  scores: Record<CriterionId, Score>;
  coachingNote: string;
}

export const DEMO_REVIEWS: DemoReview[] = [
  {
    conversationId: "c-1001",
    scores: { acknowledges_failure: 4, takes_ownership: 5, grounded: 4, next_step: 4, recovery_offer: 5, tone: 4, clarity: 5, resolves_or_routes: 5 },
    coachingNote:
      "Exact answer, and the workspace default is a thoughtful extra; mirror Mike's words next time: he asked about the Job Costs export, not a scheduled one.",
  },
  {
    conversationId: "c-1002",
    scores: { acknowledges_failure: 4, takes_ownership: 5, grounded: 4, next_step: 4, recovery_offer: 5, tone: 4, clarity: 5, resolves_or_routes: 5 },
    coachingNote:
      "Quick, correct diagnosis and nice reassurance for a super admin; when you close, leave the door open (\"reply here if the first sync looks off\") rather than just closing.",
  },
  {
    conversationId: "c-1003",
    scores: { acknowledges_failure: 5, takes_ownership: 5, grounded: 4, next_step: 5, recovery_offer: 5, tone: 5, clarity: 5, resolves_or_routes: 5 },
    coachingNote:
      "A model booking reply: a time in their time zone, an agenda and a fallback; just check the agenda fits their stack (is GA4 confirmed?) before the invite goes out.",
  },
  {
    conversationId: "c-1004",
    scores: { acknowledges_failure: 4, takes_ownership: 5, grounded: 5, next_step: 4, recovery_offer: 5, tone: 5, clarity: 4, resolves_or_routes: 5 },
    coachingNote:
      "Great proactive work: you built it instead of explaining it. Agree the time zone and recipients of the 8am digest with Nora before switching it on.",
  },
  {
    conversationId: "c-1005",
    scores: { acknowledges_failure: 3, takes_ownership: 3, grounded: 3, next_step: 5, recovery_offer: 2, tone: 3, clarity: 5, resolves_or_routes: 4 },
    coachingNote:
      "You kept Kenji posted and hit your hour, but own the delay up front instead of a breezy sorry at the end, drop \"shouldn't happen again\" unless engineering has said so, and offer Northwind a short written account.",
  },
  {
    conversationId: "c-1006",
    scores: { acknowledges_failure: 3, takes_ownership: 3, grounded: 2, next_step: 4, recovery_offer: 2, tone: 3, clarity: 5, resolves_or_routes: 4 },
    coachingNote:
      "Fast cleanup, but a VP's pipeline doubled and she got no apology, and \"permanent fix\" and \"shouldn't happen again\" are promises engineering hadn't made: say what is known and what isn't.",
  },
  {
    conversationId: "c-1007",
    scores: { acknowledges_failure: 4, takes_ownership: 5, grounded: 3, next_step: 4, recovery_offer: 5, tone: 4, clarity: 5, resolves_or_routes: 4 },
    coachingNote:
      "Quick and complete for Sofia, but corrections to an issued invoice are the billing team's call (they answer within two business days): loop them in rather than reissuing it yourself.",
  },
  {
    conversationId: "c-1008",
    scores: { acknowledges_failure: 5, takes_ownership: 5, grounded: 4, next_step: 4, recovery_offer: 5, tone: 5, clarity: 5, resolves_or_routes: 5 },
    coachingNote:
      "Textbook: you answered the cursor question and the real cause behind it, then fed the docs gap back to the docs team. More of this.",
  },
  {
    conversationId: "c-1009",
    scores: { acknowledges_failure: 5, takes_ownership: 5, grounded: 4, next_step: 4, recovery_offer: 5, tone: 4, clarity: 5, resolves_or_routes: 4 },
    coachingNote:
      "Fast and friendly, but confirm who you're talking to (the email on the account) before unlocking anything for an anonymous chat visitor.",
  },
  {
    conversationId: "c-1010",
    scores: { acknowledges_failure: 5, takes_ownership: 5, grounded: 5, next_step: 5, recovery_offer: 5, tone: 5, clarity: 5, resolves_or_routes: 5 },
    coachingNote: "Clean commercial handling: a co-termed quote, a same-day promise, and you kept it. Nothing to change.",
  },
  {
    conversationId: "c-1011",
    scores: { acknowledges_failure: 5, takes_ownership: 5, grounded: 2, next_step: 4, recovery_offer: 5, tone: 5, clarity: 4, resolves_or_routes: 4 },
    coachingNote:
      "Right shape for an audit answer, but EU backups stay in Frankfurt, not Dublin: check the data-location note before anything goes into a customer's audit file, and send Victoria a correction.",
  },
  {
    conversationId: "c-1012",
    scores: { acknowledges_failure: 4, takes_ownership: 4, grounded: 4, next_step: 4, recovery_offer: 5, tone: 4, clarity: 5, resolves_or_routes: 5 },
    coachingNote:
      "Right fix and a useful prevention tip; open by acknowledging that their numbers have been stale since yesterday before going into the how-to.",
  },
  {
    conversationId: "c-1013",
    scores: { acknowledges_failure: 5, takes_ownership: 5, grounded: 3, next_step: 4, recovery_offer: 5, tone: 4, clarity: 5, resolves_or_routes: 3 },
    coachingNote:
      "Good recommendation, but scheduled reports only go to allowed domains: Greg needs to add the board members' domains under Settings → Security first, or the PDFs never arrive.",
  },
  {
    conversationId: "c-1014",
    scores: { acknowledges_failure: 4, takes_ownership: 5, grounded: 3, next_step: 3, recovery_offer: 4, tone: 5, clarity: 4, resolves_or_routes: 4 },
    coachingNote:
      "Much better recovery: sorry up front and honest about what the first fix missed. Don't claim a dedupe rule engineering hasn't confirmed, and date the review summary before her Thursday board meeting.",
  },
  {
    conversationId: "c-1015",
    scores: { acknowledges_failure: 5, takes_ownership: 5, grounded: 4, next_step: 4, recovery_offer: 5, tone: 5, clarity: 5, resolves_or_routes: 5 },
    coachingNote: "Fast, exact and in Hannah's own register: a two-minute answer done right.",
  },
];
