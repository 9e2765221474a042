import type { Channel } from "../../db/interchange";
import { CHANNEL_LABELS } from "../lib/format";

const ICONS: Record<Channel, string> = {
  email: "M2 4h12v8H2z M2 4l6 5 6-5",
  chat: "M2 3h12v8H6l-4 3z",
  slack: "M6 2v12 M10 2v12 M2 6h12 M2 10h12",
};

export function ChannelBadge({ channel }: { channel: Channel }) {
  return (
    <span className={`channel channel-${channel}`} title={CHANNEL_LABELS[channel]}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden>
        <path d={ICONS[channel]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      <span className="channel-label">{CHANNEL_LABELS[channel]}</span>
    </span>
  );
}
