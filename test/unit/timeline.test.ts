import { describe, expect, it } from "vitest";
import { deriveTimeline } from "../../db/conversations.server";

type Kind = "customer" | "agent" | "bot";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 8, minute));
const thread = (...steps: [Kind, number][]) => steps.map(([authorKind, minute]) => ({ authorKind, sentAt: at(minute) }));

describe("deriveTimeline", () => {
  it("has no times for an empty thread", () => {
    expect(deriveTimeline([])).toEqual({ lastMessageAt: null, waitingSince: null, firstResponseAt: null });
  });

  it("starts the clock at the customer's first message", () => {
    expect(deriveTimeline(thread(["customer", 0]))).toEqual({
      lastMessageAt: at(0),
      waitingSince: at(0),
      firstResponseAt: null,
    });
  });

  it("keeps the clock at the first of several unanswered customer messages", () => {
    const timeline = deriveTimeline(thread(["customer", 0], ["customer", 5], ["customer", 9]));
    expect(timeline.waitingSince).toEqual(at(0));
    expect(timeline.lastMessageAt).toEqual(at(9));
  });

  it("does not stop the clock for a bot auto-reply", () => {
    const timeline = deriveTimeline(thread(["customer", 0], ["bot", 1]));
    expect(timeline.waitingSince).toEqual(at(0));
    expect(timeline.firstResponseAt).toBeNull();
    expect(timeline.lastMessageAt).toEqual(at(1));
  });

  it("clears waiting and records the first response when an agent replies", () => {
    expect(deriveTimeline(thread(["customer", 0], ["bot", 1], ["agent", 20]))).toEqual({
      lastMessageAt: at(20),
      waitingSince: null,
      firstResponseAt: at(20),
    });
  });

  it("restarts the clock at the customer's next message after an agent reply, keeping the first response", () => {
    const timeline = deriveTimeline(thread(["customer", 0], ["agent", 20], ["agent", 21], ["customer", 30], ["customer", 40]));
    expect(timeline.waitingSince).toEqual(at(30));
    expect(timeline.firstResponseAt).toEqual(at(20));
    expect(timeline.lastMessageAt).toEqual(at(40));
  });

  it("has the customer waiting again after a bot message that follows an agent reply", () => {
    const timeline = deriveTimeline(thread(["customer", 0], ["agent", 10], ["customer", 15], ["bot", 16]));
    expect(timeline.waitingSince).toEqual(at(15));
  });

  it("does not count an outbound agent message before the customer wrote as a first response", () => {
    const outbound = deriveTimeline(thread(["agent", 0]));
    expect(outbound).toEqual({ lastMessageAt: at(0), waitingSince: null, firstResponseAt: null });

    const answered = deriveTimeline(thread(["agent", 0], ["customer", 10], ["agent", 25]));
    expect(answered.firstResponseAt).toEqual(at(25));
    expect(answered.waitingSince).toBeNull();
  });

  it("orders by time, not by the order it was given", () => {
    const shuffled = thread(["agent", 20], ["customer", 30], ["customer", 0]);
    const timeline = deriveTimeline(shuffled);
    expect(timeline).toEqual({ lastMessageAt: at(30), waitingSince: at(30), firstResponseAt: at(20) });
    // and leaves the caller's array as it was
    expect(shuffled.map((message) => message.sentAt)).toEqual([at(20), at(30), at(0)]);
  });
});
