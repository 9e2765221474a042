/**
 * When a channel has gone quiet for longer than its own rhythm. The rhythm is
 * learnt from the gaps between recent inbound messages: silence well beyond
 * the usual longest gap (weekends included, since they are in the history)
 * suggests the channel broke, not that customers stopped writing.
 */
export const QUIET_CHANNEL_RULES = {
  /** History looked at to learn the rhythm. */
  lookbackMs: 14 * 24 * 60 * 60 * 1000,
  /** Fewer inbound messages than this in the lookback: too little to know a rhythm. */
  minimumMessages: 8,
  /** Silence must exceed this multiple of the 95th-percentile gap… */
  gapMultiple: 2,
  /** …and never alerts sooner than this. */
  minimumSilenceMs: 2 * 60 * 60 * 1000,
};

export interface QuietVerdict {
  quiet: boolean;
  silenceMs: number;
  usualGapMs: number;
}

/** `arrivals` are inbound message times within the lookback, in any order. */
export function judgeChannelSilence(arrivals: Date[], now: Date, rules = QUIET_CHANNEL_RULES): QuietVerdict | undefined {
  if (arrivals.length < rules.minimumMessages) return undefined;
  const times = arrivals.map((d) => d.getTime()).sort((a, b) => a - b);
  const gaps = times.slice(1).map((t, i) => t - times[i]!).sort((a, b) => a - b);
  const usualGapMs = gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.95))] ?? 0;
  const silenceMs = now.getTime() - times.at(-1)!;
  const threshold = Math.max(rules.minimumSilenceMs, usualGapMs * rules.gapMultiple);
  return { quiet: silenceMs > threshold, silenceMs, usualGapMs };
}
