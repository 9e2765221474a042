/**
 * The local rubric pre-scorer: scores an agent's reply on each criterion of
 * the recovery rubric by reading it against the thread, the account and the
 * team's knowledge, offline and deterministically, each score with its
 * reason and the verbatim sentences it rests on. Its cues were tuned on the
 * dev split of the hand-scored conversations (evals/datasets/hand-scored.*),
 * all single replies to a first message, and on the demo manager's reviews
 * of whole closed threads (db/seed/demo-reviews.ts), an independent reader;
 * they are measured on the hand-scored held-out split by `npm run evals`.
 */
import type { InterchangeConversation } from "../../db/interchange";
import type { CriterionId, Score } from "../../evals/rubric";
import { MONEY_BACK, recoveryOffers } from "../recovery-policy";
import { repliesUnderReview, ReplyScoreInputSchema, type CriterionScore, type ReplyScore, type ReplyScoreInput, type ScoreEvidence } from "../tasks";
import { ERROR_TOKEN, saysFailure, sentencesOf } from "./facts";
import {
  causeClaims,
  COMMITMENT,
  contentSentences,
  forbiddenPromises,
  groundsOf,
  sentenceSpans,
  specificsOf,
  stemsOf,
  supportShare,
  TIME_GIVEN,
  unsupportedSpecifics,
  type Sentence,
} from "./reply-claims";

/** A sentence and the message it is in. */
interface Quoted extends Sentence {
  messageIndex: number;
}

/** Everything the criteria read, worked out once. */
interface Reading {
  reply: Quoted[];
  replyText: string;
  customer: Quoted[];
  /** What the customer wrote since the team last answered: what this reply answers. */
  recent: Quoted[];
  /** The questions and requests among it. */
  asks: Quoted[];
  problem: Quoted[];
  /** Something went wrong on our side: a failure the customer did not fix themselves on the reply's advice. */
  failure: boolean;
  /** The customer confirmed, between the replies under review, that what they asked is done or works. */
  settled: boolean;
  /** Sentences in which the writer reports having done what was asked (sent, attached, built, unlocked…). */
  done: Quoted[];
  upset: boolean;
  plan: string | undefined;
  support: Set<string>;
  sources: string;
  /** The knowledge snippets that speak to what the customer wrote, as text. */
  relevant: string[];
}

const APOLOGY = /\b(sorry|apologi[sz]e|apologies)\b/i;
const GENERIC_APOLOGY = /\b(apologi[sz]e for (any|the) inconvenience|sorry for (any|the) (trouble|inconvenience)|sorry about (this|that)|thank you for (contacting|reaching out)|thanks for reaching out)\b/i;
const OWNS = /\b((is|'s) on us|should(n'?t| not) have happened|(that'?s|this is|it'?s|that is) our (failure|fault|mistake|bug)|ours to fix|our (mistake|fault|bug|failure|error)|we let you down|I take (full )?responsibility|not (something|anything) on your (side|end)|our \w+ release (broke|renamed|changed))\b/i;
/** A sentence without what it quotes: the customer's words said back are not the writer's. */
const ownWords = (text: string) => text.replace(/“[^”]*”|"[^"]*"/g, "");
/** Blame, or the customer sent elsewhere: against ownership, and defensive in tone. */
const BLAMES = /\b(you should have (\w+ed|known|done|read|set)|your team should|should have (uploaded|checked|read|configured)|customer'?s responsibility|user error|as per our documentation|documented in our|you'?ll need to (raise|contact|ask)|we don'?t control|your admin selected|(was|is) configured to)\b/i;
/** Work handed back to the customer for a failure of ours: against ownership, not hostile. */
const PUSHES_WORK = /\b(clear (the|your) cache|check all the settings|can you check|(it|this) could be any)\b/i;
const SENT_ELSEWHERE = /\b(you'?ll need to (raise|contact|ask)|raise (it|this) with|contact (their|your|ADP|Okta)|please email)\b/i;
const VAGUE_STEP = /\b(look(ing)? into (it|this)|get back to you as soon as|I'?m on it|do everything I can)\b/i;
const CLOSING = /\b(let (me|us) know if|don'?t hesitate|anything else|any further questions)\b/i;
const CUSTOMER_STEP = /\b(please|you can|you'?ll need to|an admin needs to|can you|reply (here|with)|tell me|send me|open|turn on|upload|download|check)\b/i;
/** The writer reports an action taken for the customer: the request done rather than promised. */
const DONE =
  /\b((I'?ve|I have|we'?ve|we have)( now| also| just| already)? (sent|attached|built|created|set up|added|updated|unlocked|removed|booked|scheduled|reissued|enabled|changed|moved|invited|shared|applied)|(are|is) (now )?live)\b/i;
/** A customer saying it worked, or thanking for it. */
const CONFIRMED = /\b(that (was it|did it|worked|fixed it)|works|worked|fixed it|(data|it|everything) is back|looks? right|numbers match|exactly what we needed|perfect|thanks|thank you|thx|loves? it)\b/i;
/** The reply hands the customer something to do to fix it. */
const ASKS_CUSTOMER_TO_ACT = /\b(could you|can you|please|you can|make sure)\b/i;
/** Another team of ours committed to a step: as good as the writer's own. */
const TEAM_STEP = /\b(our|the) [\w ]{0,25}team (is|are|will|'ll) \w+/i;
/** A place named in the reply ("backups in Dublin"): a fact the sources must back. */
const PLACE = /(?<=\S )(?:in|at|from) ([A-Z][a-z]{2,})\b/g;
/** A fix or change reported as made by someone else: the writer cannot vouch for it unless the thread or knowledge says so. */
const CHANGE_CLAIMED = /\b((the|our) [\w ]{0,25}team (has|have) (now )?(added|deployed|fixed|shipped|released|changed|put in)|(fix|change|rule) has (now )?been (deployed|released|shipped|added))\b/i;
/** Warmth with a calm customer: a person's welcome rather than a form's. */
const WARM = /\b(lovely to (meet|hear)|great to (hear|see|meet)|nice to (meet|hear)|happy to help|wonderful|good luck|welcome aboard)\b/i;
const ANGER = /\b(unacceptable|ridiculous|furious|angry|tired of|sick of|fed up|isn'?t enough|not enough|third time|second time|considering not renewing|not renew\w*|cancel\w*|switch(ing)? to|privacy incident|not an option|seriously)\b/i;
/** Whatever happened or was asked, said back in time: since Tuesday, this morning, 90 minutes. */
const WHEN_SAID = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|this morning|last night|tonight|this week|since)\b/gi;
const OFFER_FITS = /\b(written (account|incident report|summary)|send you a (short |written )?summary of what|short (note|written account)|incident report|post-?mortem|call with (the|our) engineer|set up a call|walk you through|\d+-minute call|guided setup)\b/i;
const TOKEN_GESTURE = /\b(swag|voucher|gift|t-?shirt|priority support|a small token)\b/i;
const MONEY_ROUTED_BY_REP = /\b(I'?ve|I have|I'?m|I am) (passed|passing|forwarded|forwarding|asked|escalated|sent)\b/i;
const CHEERFUL = /(\p{Extended_Pictographic}|great news|awesome|amazing|happy to help|have an? (great|wonderful|awesome|fantastic)|!\s*$)/iu;
const SCRIPTED =
  /\b(thank you for contacting|thanks for reaching out|any further questions|we apologi[sz]e for any inconvenience|your request has been forwarded|please be advised|valued customer|don'?t hesitate|take (all )?\w+ (of this nature )?very seriously|I hope (you are|you'?re) having|thank you for your patience|appropriate team|reach(ing)? out to us)\b/gi;
const EMPATHY = /\b(I'?m (so |really |very )?sorry|I understand|I can hear|you'?re right|every right|not the experience|serious problem|that'?s (a lot|frustrating|hard))\b/i;
const DEFENSIVE = /\b(we don'?t control|customer'?s responsibility|as per our|your team should have)\b/i;
const JARGON = /\b(tenancy|provisioned|middleware|upstream|thundering|idempotent|gateway|token-bucket|backoff|jitter|synchroni[sz]ation|contingent|uplift|leverage|utili[sz]e|per se)\b/gi;
/** Guesswork offered as explanation. */
const SPECULATION = /\b(could be any|might be|may be caused|probably|we have seen cases|can be tricky|it depends)\b/gi;
const ASK = /\?\s*$|\b(can you|could you|please|I want|I need|we need|how do|what is|is there|tell me|help|fix it)\b/i;

const clamp = (score: number): Score => Math.min(5, Math.max(1, Math.round(score))) as Score;
const wordsIn = (text: string) => text.split(/\s+/).filter(Boolean).length;

function quotedSentences(conversation: InterchangeConversation, indexes: number[]): Quoted[] {
  return indexes.flatMap((messageIndex) => sentenceSpans(conversation.messages[messageIndex]!.text).map((span) => ({ ...span, messageIndex })));
}

function read(input: ReturnType<typeof ReplyScoreInputSchema.parse>): Reading {
  const { conversation } = input;
  const replyIndexes = repliesUnderReview(input);
  const first = Math.min(...replyIndexes);
  const before = conversation.messages.slice(0, first);
  const customerIndexes = before.flatMap((message, index) => (message.author === "customer" ? [index] : []));
  const lastAnswer = before.findLastIndex((message) => message.author === "agent");
  const customerText = customerIndexes.map((index) => conversation.messages[index]!.text).join("\n");
  const reply = replyIndexes.flatMap((messageIndex) => contentSentences(conversation.messages[messageIndex]!.text).map((span) => ({ ...span, messageIndex })));
  const customer = quotedSentences(conversation, customerIndexes);
  // What the customer wrote between the replies under review: whether it worked, in their words.
  const last = Math.max(...replyIndexes);
  const laterIndexes = conversation.messages.flatMap((message, index) => (message.author === "customer" && index > first && index < last ? [index] : []));
  const lastWord = laterIndexes.length ? conversation.messages[laterIndexes.at(-1)!]!.text : "";
  const settled = CONFIRMED.test(lastWord) && !ANGER.test(lastWord);
  const confirmed = laterIndexes.some((index) => CONFIRMED.test(conversation.messages[index]!.text));

  // An error code alone (HTTP 429 on a question about limits) is something to take up, not yet a failure of ours.
  const problem = customer.filter((sentence) => saysFailure(sentence.text) || (sentence.text.match(ERROR_TOKEN) ?? []).length > 0);
  // A setup problem the customer fixed on the reply's advice, and said so, was theirs to fix, not our failure.
  const fixedByCustomer = confirmed && contentSentences(conversation.messages[first]!.text).some((span) => ASKS_CUSTOMER_TO_ACT.test(span.text));
  const failure = problem.some((sentence) => saysFailure(sentence.text)) && !fixedByCustomer;

  const account = input.account ?? conversation.account ?? null;
  const { relevant, support } = groundsOf(before, input.knowledge);
  const thread = before.map((message) => message.text).join("\n");
  const accountFacts = account ? [account.name, account.plan, account.mrr, account.seats].filter((value) => value !== undefined).join(" ") : "";
  return {
    reply,
    replyText: reply.map((sentence) => sentence.text).join(" "),
    customer,
    recent: customer.filter((sentence) => sentence.messageIndex > lastAnswer),
    asks: customer.filter((sentence) => sentence.messageIndex > lastAnswer && ASK.test(sentence.text)),
    problem,
    failure,
    settled,
    done: reply.filter((sentence) => DONE.test(sentence.text)),
    // Shouting (AGAIN, THIRD), angry words, or wink's sentiment well below neutral; a request for money alone is not anger.
    upset:
      ANGER.test(customerText) ||
      /\b[A-Z]{5,}\b/.test(customerText.replace(/\b[A-Z0-9]*_[A-Z0-9_]+\b/g, "")) ||
      (failure && sentencesOf(customerText).some((sentence) => sentence.sentiment <= -0.6)),
    plan: account?.plan,
    support,
    // Numbers and names are checked against all the team knows: quoting any snippet exactly is grounded.
    sources: [
      thread,
      accountFacts,
      ...recoveryOffers(account?.plan, true).map((offer) => offer.offer),
      ...input.knowledge.map((snippet) => `${snippet.title}. ${snippet.text}`),
    ].join("\n"),
    relevant,
  };
}

type Scored = { score: Score; reason: string; evidence: Quoted[] };

/** Sentences that tell the customer something: not apologies, promises, pleasantries or sign-posts alone. */
const informs = (reading: Reading) =>
  reading.reply.filter(
    (sentence) =>
      wordsIn(sentence.text) >= 6 &&
      !COMMITMENT.test(sentence.text) &&
      !VAGUE_STEP.test(sentence.text) &&
      !CLOSING.test(sentence.text) &&
      !(sentence.text.match(SCRIPTED) ?? []).length &&
      !/^(I'?m|I am|we'?re|we are) (so |really |very )?sorry\b[^:]*$/i.test(sentence.text),
  );

/** The knowledge snippet the reply draws on most, and how much of it: a question answered from the knowledge shares its words, not the customer's. */
function knowledgeUsed(reading: Reading, said: Set<string>): number {
  return Math.max(0, ...reading.relevant.map((snippet) => [...stemsOf(snippet)].filter((stem) => said.has(stem)).length));
}

/** How much of what the customer said went wrong (or asked) the reply says back, with their specifics. */
function acknowledgesFailure(reading: Reading): Scored {
  const said = stemsOf(reading.replyText);
  const sharedWith = (sentences: Quoted[]) => {
    const wanted = stemsOf(sentences.map((sentence) => sentence.text).join(" "));
    const shared = [...wanted].filter((stem) => said.has(stem));
    return { sentences, wanted, shared, share: shared.length / Math.max(1, Math.min(wanted.size, 8)) };
  };
  // A request is taken up in its details (which day, how many), not only in the sentence that asks.
  const candidates = reading.problem.length ? [sharedWith(reading.problem)] : [sharedWith(reading.asks.length ? reading.asks : reading.customer), sharedWith(reading.recent)];
  const { sentences: about, wanted, shared } = candidates.reduce((best, candidate) => (candidate.share > best.share ? candidate : best));
  let share = Math.max(...candidates.map((candidate) => candidate.share));
  if (!reading.failure && knowledgeUsed(reading, said) >= 4) share = Math.max(share, 0.45);
  const best = reading.reply.filter((sentence) => [...stemsOf(sentence.text)].some((stem) => wanted.has(stem))).slice(0, 1);
  const generic = reading.reply.some((sentence) => GENERIC_APOLOGY.test(sentence.text));
  const customerText = reading.customer.map((sentence) => sentence.text).join(" ");
  const details = [...specificsOf(customerText).numbers, ...(customerText.match(WHEN_SAID) ?? []).map((word) => word.toLowerCase())];
  const detailed = details.some((detail) => specificsOf(reading.replyText).numbers.has(detail) || reading.replyText.toLowerCase().includes(detail));
  const owned = reading.reply.some((sentence) => APOLOGY.test(sentence.text) || EMPATHY.test(sentence.text) || OWNS.test(sentence.text));
  let score = share >= 0.6 ? 5 : share >= 0.4 ? 4 : share >= 0.25 ? 3 : share >= 0.12 ? 2 : 1;
  // Five needs the customer's own specifics (since when, how many); a failure passed over without a word of regret is not acknowledged.
  if (reading.failure && !detailed) score = Math.min(score, 4);
  if (reading.failure && !owned) score = Math.min(score, reading.upset ? 2 : 3);
  if (generic && score <= 3) score -= 1;
  const what = reading.failure ? "what went wrong" : "what was asked";
  const reason =
    score >= 4
      ? `Says back ${what} in the customer's terms (${shared.slice(0, 5).join(", ")}).`
      : score === 3
        ? `Mentions ${what} only in general words.`
        : `Does not take up ${what}${generic ? "; the apology could go to anyone" : ""}.`;
  return { score: clamp(score), reason, evidence: [...about.slice(0, 1), ...best] };
}

function takesOwnership(reading: Reading): Scored {
  const blames = reading.reply.filter((sentence) => BLAMES.test(ownWords(sentence.text)) || PUSHES_WORK.test(ownWords(sentence.text)));
  const deflects = causeClaims(reading.reply, reading.support).filter((cause) => cause.elsewhere);
  const owns = reading.reply.filter((sentence) => OWNS.test(sentence.text));
  const against = [...new Set([...blames, ...reading.reply.filter((sentence) => deflects.some((cause) => cause.sentence === sentence.text))])];
  if (against.length) {
    return {
      score: against.length >= 2 && !owns.length ? 1 : owns.length ? 3 : 2,
      reason: "Puts the problem on the customer's side or on another company.",
      evidence: against.slice(0, 2),
    };
  }
  if (owns.length) return { score: 5, reason: "Owns the problem plainly, with no blame on the customer.", evidence: owns.slice(0, 1) };
  if (!reading.failure) return { score: 5, reason: "Nothing went wrong to own, and nobody is blamed.", evidence: [] };
  return { score: 3, reason: "Neither blames nor owns the failure.", evidence: reading.reply.filter((sentence) => APOLOGY.test(sentence.text)).slice(0, 1) };
}

function grounded(reading: Reading): Scored {
  const promises = forbiddenPromises(reading.reply.map((sentence) => sentence.text).join("\n"), reading.support);
  const deflected = causeClaims(reading.reply, reading.support).filter((cause) => !cause.supported && cause.elsewhere).length;
  const sources = reading.sources.toLowerCase();
  const jargon = [...new Set((reading.replyText.match(JARGON) ?? []).map((word) => word.toLowerCase()))].filter((word) => !sources.includes(word));
  const places = [...new Set(reading.reply.flatMap((sentence) => [...sentence.text.matchAll(PLACE)].map((match) => match[1]!)))].filter((place) => !sources.includes(place.toLowerCase()));
  // What the writer reports having done (an invite for 14:00, a total read after the clean-up) is theirs to report, like a commitment.
  const unsupported = [...places, ...unsupportedSpecifics(reading.reply.filter((sentence) => !DONE.test(sentence.text)), reading.sources), ...jargon];
  const claimed = reading.reply.filter((sentence) => CHANGE_CLAIMED.test(sentence.text) && supportShare(sentence.text, reading.support) < 0.6);
  const cited = reading.reply.filter((sentence) => /\b(as per|according to|documented in|as stated in) our\b/i.test(sentence.text));
  const money = promises.some((claim) => claim.kind === "money_granted");
  const others = promises.filter((claim) => claim.kind !== "money_granted").length;
  const guesses = (reading.replyText.match(SPECULATION) ?? []).length;
  // Where a customer's data lives goes into their audits: a place nothing backs weighs beyond an unsupported figure.
  let score = 5 - (others ? others + 1 : 0) - deflected - Math.min(2, unsupported.length) - (places.length ? 1 : 0) - (claimed.length ? 1 : 0) - (cited.length ? 1 : 0) - Math.min(2, guesses);
  if (money) score = Math.min(score, 2) - (others ? 1 : 0);
  const quiet = !reading.reply.some((sentence) => wordsIn(sentence.text) >= 6 && !VAGUE_STEP.test(sentence.text) && !CLOSING.test(sentence.text) && !(sentence.text.match(SCRIPTED) ?? []).length);
  if (quiet) score = Math.min(score, 4);
  const evidence = reading.reply.filter(
    (sentence) => promises.some((claim) => claim.sentence === sentence.text) || cited.includes(sentence) || claimed.includes(sentence) || unsupported.some((specific) => sentence.text.toLowerCase().includes(specific)),
  );
  const problems = [
    ...new Set(promises.map((claim) => claim.kind.replace("_", " "))),
    ...(unsupported.length ? [`specifics nothing supports (${unsupported.slice(0, 3).join(", ")})`] : []),
    ...(claimed.length ? ["a change reported that nothing confirms"] : []),
    ...(cited.length ? ["documentation nobody was shown"] : []),
    ...(guesses ? ["guesswork offered as explanation"] : []),
  ];
  return {
    score: clamp(score),
    reason: problems.length
      ? `Says what the thread and knowledge do not support: ${problems.join("; ")}.`
      : quiet
        ? "Invents nothing, but says almost nothing either."
        : "Everything it says is in the thread, the account or the team's knowledge.",
    evidence: evidence.slice(0, 3),
  };
}

function nextStep(reading: Reading): Scored {
  const committed = reading.reply.filter((sentence) => (COMMITMENT.test(sentence.text) || TEAM_STEP.test(sentence.text)) && !VAGUE_STEP.test(sentence.text) && !CLOSING.test(sentence.text));
  const timed = committed.filter((sentence) => TIME_GIVEN.test(sentence.text));
  // An hour on the clock, or within the hour; a meeting the writer has already booked at one counts as much as a promise.
  const clock = [...timed, ...reading.done].filter((sentence) => /\d{1,2}:\d{2}|\d ?(am|pm)\b|\bwithin (the|an) hour\b/i.test(sentence.text));
  const forCustomer = reading.reply.filter((sentence) => CUSTOMER_STEP.test(sentence.text) && !CLOSING.test(sentence.text));
  const vague = reading.reply.filter((sentence) => VAGUE_STEP.test(sentence.text) || CLOSING.test(sentence.text));
  if (clock.length) return { score: 5, reason: "A step the team takes, with a time.", evidence: clock.slice(0, 1) };
  if (timed.length) return { score: 4, reason: "A step the team takes, with a day but no hour.", evidence: timed.slice(0, 1) };
  // A settled thread, or a request done, leaves nothing to follow up: a step with a time would be padding.
  if (reading.settled) return { score: 4, reason: "The customer confirmed it works: nothing is left to follow up.", evidence: reading.reply.slice(-1) };
  if (reading.done.length && !reading.failure) return { score: 4, reason: "What was asked is done: nothing is left to follow up.", evidence: reading.done.slice(0, 1) };
  if (!reading.failure && (committed.length || forCustomer.length)) return { score: 4, reason: "The question is answered and the customer knows what to do.", evidence: [...committed, ...forCustomer].slice(0, 1) };
  if (committed.length) return { score: 3, reason: "A next step without a time.", evidence: committed.slice(0, 1) };
  if (forCustomer.length) return { score: 2, reason: "Only the customer has something to do.", evidence: forCustomer.slice(0, 1) };
  return { score: 1, reason: vague.length ? "Only \"we'll look into it\"." : "No next step.", evidence: vague.slice(0, 1) };
}

function recoveryOffer(reading: Reading): Scored {
  const replyText = reading.reply.map((sentence) => sentence.text).join("\n");
  const granted = forbiddenPromises(replyText, reading.support).filter((claim) => claim.kind === "money_granted");
  if (granted.length) return { score: 1, reason: "Grants money the rep cannot give.", evidence: reading.reply.filter((sentence) => sentence.text === granted[0]!.sentence) };
  const offers = reading.reply.filter((sentence) => OFFER_FITS.test(sentence.text));
  if (offers.length) return { score: 5, reason: "Offers a recovery that fits the account.", evidence: offers.slice(0, 1) };
  const tokens = reading.reply.filter((sentence) => TOKEN_GESTURE.test(sentence.text));
  if (tokens.length) return { score: 3, reason: "A token gesture that does not fit the failure.", evidence: tokens.slice(0, 1) };
  if (!reading.failure) return { score: 5, reason: "A question, not a failure: rightly nothing offered.", evidence: [] };
  const askedMoney = reading.customer.some((sentence) => MONEY_BACK.test(sentence.text));
  const routed = reading.reply.filter((sentence) => MONEY_ROUTED_BY_REP.test(sentence.text));
  if (askedMoney && routed.length) return { score: 4, reason: "Passes the request for money to the person who decides.", evidence: routed.slice(0, 1) };
  const serious = reading.upset || reading.plan === "enterprise";
  return { score: serious ? 1 : 2, reason: "Nothing offered after a real failure.", evidence: reading.problem.slice(0, 1) };
}

function tone(reading: Reading, acknowledged: Score): Scored {
  const defensive = reading.reply.filter((sentence) => DEFENSIVE.test(ownWords(sentence.text)) || BLAMES.test(ownWords(sentence.text)));
  const cheerful = reading.reply.filter((sentence) => CHEERFUL.test(sentence.text));
  const scripted = reading.replyText.match(SCRIPTED) ?? [];
  const empathy = reading.reply.filter((sentence) => EMPATHY.test(sentence.text) || OWNS.test(sentence.text));
  const words = wordsIn(reading.replyText);
  if (defensive.length) return { score: 1, reason: "Defensive: argues with the customer instead of helping.", evidence: defensive.slice(0, 1) };
  if (reading.upset && cheerful.length >= 2 && !empathy.length) return { score: 1, reason: "Cheerful at an upset customer.", evidence: cheerful.slice(0, 1) };
  if (scripted.length >= 2 && acknowledged <= 2) return { score: 1, reason: "Scripted: the same words would go to anyone.", evidence: [] };
  if (words < 12) return { score: 2, reason: "Curt.", evidence: reading.reply.slice(0, 1) };
  if (scripted.length || (cheerful.length && reading.upset)) return { score: 3, reason: "Polite but scripted in places.", evidence: cheerful.slice(0, 1) };
  if (reading.upset) return empathy.length ? { score: 5, reason: "Warm with an upset customer.", evidence: empathy.slice(0, 1) } : { score: 2, reason: "Flat with an upset customer.", evidence: [] };
  const warm = reading.reply.filter((sentence) => WARM.test(sentence.text));
  if (warm.length && acknowledged >= 3) return { score: 5, reason: "Warm with a calm customer, and reads the thread.", evidence: warm.slice(0, 1) };
  return { score: acknowledged >= 4 ? 5 : acknowledged === 3 ? 4 : 3, reason: acknowledged >= 4 ? "Direct with a calm customer; reads the thread." : "Polite but generic.", evidence: [] };
}

function clarity(reading: Reading, replyMessages: string[]): Scored {
  const words = wordsIn(reading.replyText);
  const average = words / Math.max(1, reading.reply.length);
  const longest = Math.max(0, ...replyMessages.flatMap((text) => text.split(/\n\s*\n/)).map(wordsIn));
  // Pleasantries pad a long reply; a short one they only make bland.
  const padding = words >= 60 ? (reading.replyText.match(SCRIPTED) ?? []).length : 0;
  const jargon = new Set((reading.replyText.match(JARGON) ?? []).map((word) => word.toLowerCase()));
  let score = 5;
  if (average > 30) score -= 2;
  else if (average > 24) score -= 1;
  if (longest > 90) score -= 2;
  else if (longest > 65) score -= 1;
  if (words > 150) score -= 1;
  score -= padding >= 4 ? 3 : padding >= 2 ? 1 : 0;
  if (jargon.size >= 2) score -= 1;
  if (words < 8) score = Math.min(score, 3);
  const problems = [
    average > 24 ? "long sentences" : "",
    longest > 65 ? "a wall of text" : "",
    words > 150 ? "long" : "",
    padding >= 2 ? "padding" : "",
    jargon.size >= 2 ? `jargon (${[...jargon].slice(0, 3).join(", ")})` : "",
    words < 8 ? "too short to tell the customer where they stand" : "",
  ].filter(Boolean);
  return { score: clamp(score), reason: problems.length ? `Harder to read than it needs to be: ${problems.join(", ")}.` : "Short paragraphs and plain words.", evidence: [] };
}

function resolvesOrRoutes(reading: Reading, acknowledged: Score, groundedScore: Score): Scored {
  const replyText = reading.reply.map((sentence) => sentence.text).join("\n");
  const said = stemsOf(replyText);
  const asks = reading.asks.length ? reading.asks : reading.problem.slice(0, 1);
  const explained = informs(reading).length > 0;
  const timedStep = reading.reply.some((sentence) => COMMITMENT.test(sentence.text) && TIME_GIVEN.test(sentence.text));
  const grantedMoney = forbiddenPromises(replyText, reading.support).some((claim) => claim.kind === "money_granted");
  /** 1 answered or routed, 0.5 half (left to the customer, or promised for later), 0 not at all. */
  const answer = (ask: Quoted): number => {
    if (MONEY_BACK.test(ask.text)) return grantedMoney || MONEY_ROUTED_BY_REP.test(replyText) ? 1 : /\b(billing|decided by|decides)\b/i.test(replyText) ? 0.5 : 0;
    const wanted = [...stemsOf(ask.text)];
    if (wanted.length < 2) return explained && acknowledged >= 3 ? 1 : timedStep ? 0.5 : 0;
    const shared = wanted.filter((stem) => said.has(stem)).length;
    if (shared >= 2 || shared / wanted.length >= 0.4 || knowledgeUsed(reading, said) >= 4) return explained ? 1 : 0.5;
    return 0;
  };
  // What the customer confirmed works, or the reply reports done, is answered by doing it.
  const answers = asks.map((ask) => (reading.settled || (reading.done.length && !MONEY_BACK.test(ask.text)) ? 1 : answer(ask)));
  const share = answers.length ? answers.reduce((sum, value) => sum + value, 0) / answers.length : 1;
  let score = share >= 1 ? 5 : share >= 0.75 ? 4 : share >= 0.5 ? 3 : share > 0 ? 2 : 1;
  if (reading.failure && acknowledged <= 2) score = Math.min(score, 2);
  // An answer that rests on what nothing supports does not quite settle the question.
  if (groundedScore <= 2) score = Math.min(score, 4);
  if (grantedMoney || reading.reply.some((sentence) => SENT_ELSEWHERE.test(sentence.text))) score = Math.min(score, 2);
  if (!explained && !timedStep && reading.reply.every((sentence) => VAGUE_STEP.test(sentence.text) || CLOSING.test(sentence.text) || wordsIn(sentence.text) < 6)) score = 1;
  const unanswered = asks.filter((_, index) => answers[index] === 0);
  return {
    score: clamp(score),
    reason: unanswered.length
      ? `Leaves ${unanswered.length} of ${asks.length} things asked without an answer.`
      : score >= 4
        ? "Answers what was asked, or routes it to who decides."
        : "Answers, but not the way the customer needs.",
    evidence: (unanswered.length ? unanswered : asks).slice(0, 2),
  };
}

const evidenceOf = (quoted: Quoted[]): ScoreEvidence[] => quoted.map((sentence) => ({ messageIndex: sentence.messageIndex, quote: sentence.text.slice(0, 600) }));

export function scoreReplyLocally(raw: ReplyScoreInput): ReplyScore {
  const input = ReplyScoreInputSchema.parse(raw);
  const reading = read(input);
  const acknowledged = acknowledgesFailure(reading);
  const accurate = grounded(reading);
  const byCriterion: Record<CriterionId, Scored> = {
    acknowledges_failure: acknowledged,
    takes_ownership: takesOwnership(reading),
    grounded: accurate,
    next_step: nextStep(reading),
    recovery_offer: recoveryOffer(reading),
    tone: tone(reading, acknowledged.score),
    clarity: clarity(reading, repliesUnderReview(input).map((index) => input.conversation.messages[index]!.text)),
    resolves_or_routes: resolvesOrRoutes(reading, acknowledged.score, accurate.score),
  };
  // Admins reword and reweigh criteria; the ids, and so what each score measures, stay.
  const scores: CriterionScore[] = input.rubric.criteria.map(({ id }) => ({
    criterion: id,
    score: byCriterion[id].score,
    reason: byCriterion[id].reason,
    evidence: evidenceOf(byCriterion[id].evidence),
  }));
  return { scores };
}
