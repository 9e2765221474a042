/**
 * What a draft may offer to make up for a failure, by plan: gestures the team
 * can always honour. Money (refunds, credits) is never offered by a draft; a
 * request for it is passed to a person who may decide it.
 */
export interface RecoveryOffer {
  /** The offer, as a sentence in the reply. */
  offer: string;
  /** When it fits: only after a real failure, or also for a question. */
  after: "failure" | "any";
}

const OFFERS: Record<string, RecoveryOffer[]> = {
  enterprise: [
    { offer: "Once it is fixed, I'll send you a short written account of what happened and what we changed so it doesn't happen again.", after: "failure" },
    { offer: "If it helps, I can set up a call with the engineer working on it.", after: "failure" },
  ],
  growth: [{ offer: "Once it is fixed, I'll send you a short note on what happened and what we changed.", after: "failure" }],
  trial: [
    { offer: "I'd also be glad to walk you through the setup in a 30-minute call, so the rest of your trial goes smoothly.", after: "any" },
  ],
};

export function recoveryOffers(plan: string | undefined, failure: boolean): RecoveryOffer[] {
  return (OFFERS[plan ?? ""] ?? OFFERS.growth!).filter((offer) => offer.after === "any" || failure);
}

/** Words that ask for money back: the draft routes these to a person, never grants them. */
export const MONEY_BACK = /\b(refund\w*|money back|credit( note)?(?! card)|compensat\w*|reimburs\w*|charge ?back)\b/i;
