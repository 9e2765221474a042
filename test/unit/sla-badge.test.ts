import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SlaBadge, type SlaBadgeProps } from "../../app/components/sla-badge";

const now = new Date("2026-11-23T10:00:00Z");
const inMinutes = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const render = (props: Omit<SlaBadgeProps, "now">) => renderToStaticMarkup(createElement(SlaBadge, { now, ...props }));
const text = (html: string) => html.replace(/<[^>]+>/g, "");
const state = (html: string) => /sla-badge-(ok|warning|breached)/.exec(html)?.[1];

describe("SlaBadge", () => {
  it("shows the time left to a promise", () => {
    const html = render({ target: "first_response", dueAt: inMinutes(80) });
    expect(text(html)).toBe("First reply due in 1h 20m");
    expect(state(html)).toBe("ok");
    expect(html).toContain('dateTime="2026-11-23T11:20:00.000Z"');
  });

  it("turns to a warning in the last half hour, or from the policy's warning time", () => {
    expect(state(render({ target: "next_response", dueAt: inMinutes(30) }))).toBe("warning");
    expect(state(render({ target: "next_response", dueAt: inMinutes(31) }))).toBe("ok");
    expect(state(render({ target: "next_response", dueAt: inMinutes(90), warnAt: inMinutes(-1) }))).toBe("warning");
    expect(state(render({ target: "next_response", dueAt: inMinutes(20), warnAt: inMinutes(5) }))).toBe("ok");
  });

  it("shows how overdue a broken promise is", () => {
    const html = render({ target: "next_response", dueAt: inMinutes(-35) });
    expect(text(html)).toBe("Next reply overdue 35m");
    expect(state(html)).toBe("breached");
    expect(text(render({ target: "resolution", dueAt: inMinutes(-3 * 24 * 60) }))).toBe("Resolution overdue 3d");
  });

  it("says now rather than zero minutes", () => {
    expect(text(render({ target: "first_response", dueAt: inMinutes(0.5) }))).toBe("First reply due now");
    expect(text(render({ target: "first_response", dueAt: inMinutes(0) }))).toBe("First reply overdue");
  });

  it("shows nothing while the clock is paused or met", () => {
    expect(render({ target: null, dueAt: null })).toBe("");
  });
});
