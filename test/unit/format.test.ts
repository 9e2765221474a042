import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDuration, formatMoney, initials } from "../../app/lib/format";
import { safeRedirect } from "../../app/lib/safe-redirect";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("formatDuration", () => {
  it.each([
    [0, "now"],
    [59 * SECOND, "now"],
    [-5 * MINUTE, "now"],
    [MINUTE, "1m"],
    [45 * MINUTE + 59 * SECOND, "45m"],
    [59 * MINUTE, "59m"],
    [HOUR, "1h"],
    [3 * HOUR + 20 * MINUTE, "3h 20m"],
    [23 * HOUR + 59 * MINUTE, "23h 59m"],
    [DAY, "1d"],
    [2 * DAY + 4 * HOUR + 30 * MINUTE, "2d 4h"],
    [2 * DAY + 30 * MINUTE, "2d"],
    [400 * DAY, "400d"],
  ])("formats %i ms as %s", (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe("formatMoney", () => {
  it("prints whole US dollars from cents", () => {
    expect(formatMoney(420_000)).toBe("$4,200");
    expect(formatMoney(0)).toBe("$0");
    expect(formatMoney(4_950)).toBe("$50");
  });

  it("prints nothing when there is no amount", () => {
    expect(formatMoney(null)).toBeNull();
    expect(formatMoney(undefined)).toBeNull();
  });
});

describe("formatDateTime and formatDate", () => {
  it("print in UTC whatever the machine's time zone, from a Date or an ISO string", () => {
    expect(formatDateTime(new Date("2026-11-23T08:05:00Z"))).toBe("Mon 23 Nov, 08:05 UTC");
    expect(formatDateTime("2026-11-22T23:30:00-01:00")).toBe("Mon 23 Nov, 00:30 UTC");
    expect(formatDate("2026-12-31T23:59:00Z")).toBe("31 Dec 2026");
  });
});

describe("initials", () => {
  it.each([
    ["Dana Ruiz", "DR"],
    ["maya", "M"],
    ["  Ana  de la Cruz ", "AC"],
    ["", "?"],
    ["   ", "?"],
    [null, "?"],
    [undefined, "?"],
  ])("of %j is %s", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe("safeRedirect", () => {
  it.each(["/inbox", "/inbox/c-1017", "/inbox?status=open#top", "/"])("keeps the same-site path %s", (path) => {
    expect(safeRedirect(path)).toBe(path);
  });

  it.each([
    ["a protocol-relative URL", "//evil.example"],
    ["a protocol-relative URL with a path", "//evil.example/inbox"],
    ["an absolute http URL", "http://evil.example"],
    ["an absolute https URL", "https://evil.example/inbox"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a backslash path browsers read as protocol-relative", "/\\evil.example"],
    ["a tab browsers strip to make //", "/\t/evil.example"],
    ["a newline browsers strip to make //", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["a relative path", "inbox"],
    ["the empty string", ""],
  ])("falls back to the inbox for %s", (_what, to) => {
    expect(safeRedirect(to)).toBe("/inbox");
  });

  it("falls back when there is no usable value", () => {
    expect(safeRedirect(null)).toBe("/inbox");
    expect(safeRedirect(undefined)).toBe("/inbox");
    expect(safeRedirect(new File(["/inbox"], "redirect.txt"))).toBe("/inbox");
  });

  it("uses the given fallback", () => {
    expect(safeRedirect("//evil.example", "/login")).toBe("/login");
  });

  it("never yields a location that a browser resolves to another site", () => {
    const attempts = ["/inbox", "//evil.example", "/\\evil.example", "/\t/evil.example", "/\n\\evil.example", "/ /x"];
    for (const attempt of attempts) {
      const resolved = new URL(safeRedirect(attempt), "https://tandem.example/login");
      expect(resolved.origin, JSON.stringify(attempt)).toBe("https://tandem.example");
    }
  });
});
