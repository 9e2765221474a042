import type { Channel } from "../../../db/interchange";

/** The channel badges' hues, a step brighter so stacked bars read apart. */
export const CHANNEL_COLORS: Record<Channel, string> = {
  email: "#4c8ee0",
  chat: "#40a85a",
  slack: "#a45fc7",
};

/** Red for 1 through green for 5. */
export const CSAT_COLORS = ["#e8590c", "#f59f00", "#fcc419", "#82c91e", "#2f9e44"] as const;

export const LINE_COLOR = "#3b5bdb";
