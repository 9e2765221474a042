import { describe, expect, it } from "vitest";
import { deriveTimeline } from "../../db/conversations.server";
import type { ConversationStatus } from "../../db/interchange";
import { createBusinessCalendar } from "../../server/sla/business-calendar";
import { currentSlaClock, customerWaits, runningSlaClocks } from "../../server/sla/clock";

type Kind = "customer" | "agent" | "bot";

/** Minutes after Monday 23 November 2026, 00:00 UTC. */
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 0, minute));
const thread = (...steps: [Kind, number][]) =>
  steps.map(([authorKind, minute]) => ({ authorKind, sentAt: at(minute) }));
const facts = (steps: [Kind, number][], status: ConversationStatus = "open") => ({
  status,
  waits: customerWaits(thread(...steps)),
});

/** Round the clock in UTC, so business minutes are plain minutes. */
const allDay = createBusinessCalendar({
  timeZone: "UTC",
  weeklySchedule: Array.from({ length: 7 }, (): [number, number][] => [[0, 1440]]),
  holidays: [],
});
const policy = { firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 300, warnBeforeMinutes: 15 };

describe("customerWaits", () => {
  it("opens a wait at the customer's first message and closes it at the next agent reply; bots answer nothing", () => {
    expect(
      customerWaits(
        thread(["customer", 0], ["customer", 5], ["bot", 6], ["agent", 30], ["agent", 31], ["customer", 90]),
      ),
    ).toEqual([
      { since: at(0), answeredAt: at(30) },
      { since: at(90), answeredAt: null },
    ]);
  });

  it("ignores agent messages before the customer wrote", () => {
    expect(customerWaits(thread(["agent", 0], ["customer", 10]))).toEqual([{ since: at(10), answeredAt: null }]);
  });

  it("agrees with deriveTimeline on when the customer started waiting and the first response", () => {
    const threads: [Kind, number][][] = [
      [],
      [["agent", 0]],
      [
        ["customer", 0],
        ["bot", 1],
      ],
      [
        ["customer", 0],
        ["agent", 20],
        ["customer", 30],
        ["customer", 40],
      ],
      [
        ["agent", 0],
        ["customer", 5],
        ["agent", 9],
        ["bot", 10],
        ["customer", 50],
        ["agent", 70],
      ],
      [
        ["customer", 40],
        ["agent", 10],
        ["customer", 0],
      ],
    ];
    for (const steps of threads) {
      const waits = customerWaits(thread(...steps));
      const timeline = deriveTimeline(thread(...steps));
      const open = waits.at(-1)?.answeredAt === null ? waits.at(-1)!.since : null;
      expect(open).toEqual(timeline.waitingSince);
      expect(waits[0]?.answeredAt ?? null).toEqual(timeline.firstResponseAt);
    }
  });
});

describe("the SLA clock", () => {
  it("runs the first-response clock from the customer's first message", () => {
    expect(
      currentSlaClock(
        facts([
          ["customer", 0],
          ["bot", 1],
          ["customer", 5],
        ]),
        policy,
        allDay,
      ),
    ).toEqual({
      target: "first_response",
      dueAt: at(60),
      warnAt: at(45),
    });
  });

  it("runs no clock before the customer writes, nor once closed or snoozed", () => {
    expect(currentSlaClock(facts([["agent", 0]]), policy, allDay)).toBeNull();
    expect(currentSlaClock(facts([["customer", 0]], "closed"), policy, allDay)).toBeNull();
    expect(currentSlaClock(facts([["customer", 0]], "snoozed"), policy, allDay)).toBeNull();
  });

  it("pauses while the agent spoke last: waiting on the customer", () => {
    expect(
      runningSlaClocks(
        facts([
          ["customer", 0],
          ["agent", 20],
        ]),
        policy,
        allDay,
      ),
    ).toEqual([]);
  });

  it("runs the next-response clock when the customer writes again", () => {
    expect(
      currentSlaClock(
        facts([
          ["customer", 0],
          ["agent", 20],
          ["customer", 500],
        ]),
        policy,
        allDay,
      ),
    ).toEqual({
      target: "next_response",
      dueAt: at(620),
      warnAt: at(605),
    });
  });

  it("keeps a first response due while only bots have answered", () => {
    expect(
      currentSlaClock(
        facts([
          ["customer", 0],
          ["bot", 1],
          ["bot", 2],
        ]),
        policy,
        allDay,
      )?.target,
    ).toBe("first_response");
  });

  it("counts only the customer's waiting towards resolution", () => {
    // 50 + 100 minutes waited; the 1000 minutes waiting on the customer in between do not count.
    const clocks = runningSlaClocks(
      facts([
        ["customer", 0],
        ["agent", 50],
        ["customer", 1050],
        ["agent", 1150],
        ["customer", 2000],
      ]),
      policy,
      allDay,
    );
    expect(clocks).toEqual([
      { target: "next_response", dueAt: at(2120), warnAt: at(2105) },
      // 300 − 150 = 150 minutes of budget left from 2000.
      { target: "resolution", dueAt: at(2150), warnAt: at(2135) },
    ]);
  });

  it("shows the resolution clock when it falls due before the reply clock", () => {
    // 280 minutes of the 300 already spent: 20 left, less than the next-response 120.
    const clock = currentSlaClock(
      facts([
        ["customer", 0],
        ["agent", 280],
        ["customer", 400],
      ]),
      policy,
      allDay,
    );
    expect(clock).toEqual({ target: "resolution", dueAt: at(420), warnAt: at(405) });
  });

  it("keeps the resolution due time of the wait in which the budget ran out", () => {
    // The first wait lasted 400 minutes: resolution fell due at 300, and stays due then.
    const clocks = runningSlaClocks(
      facts([
        ["customer", 0],
        ["agent", 400],
        ["customer", 500],
      ]),
      policy,
      allDay,
    );
    expect(clocks[0]).toEqual({ target: "resolution", dueAt: at(300), warnAt: at(285) });
    expect(clocks[1]?.target).toBe("next_response");
  });

  it("warns from the start when the promise is shorter than the warning", () => {
    const tight = { ...policy, firstResponseMinutes: 10 };
    expect(currentSlaClock(facts([["customer", 7]]), tight, allDay)).toEqual({
      target: "first_response",
      dueAt: at(17),
      warnAt: at(7),
    });
  });

  it("runs in business time", () => {
    const officeHours = createBusinessCalendar({
      timeZone: "Europe/London",
      weeklySchedule: [[], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], []],
      holidays: ["2026-11-24"],
    });
    // Monday 17:30: 30 minutes on Monday, Tuesday is a holiday, the last 30 on Wednesday from 08:00.
    const clock = currentSlaClock(facts([["customer", 17 * 60 + 30]]), policy, officeHours);
    expect(clock).toEqual({
      target: "first_response",
      dueAt: new Date("2026-11-25T08:30:00Z"),
      warnAt: new Date("2026-11-25T08:15:00Z"),
    });
  });
});
