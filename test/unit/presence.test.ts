import { describe, expect, it } from "vitest";
import { readPresence } from "../../sync/presence";

describe("readPresence", () => {
  const ana = { id: 1, name: "Ana Lopez" };
  const ben = { id: 2, name: "Ben Carter" };

  it("lists each rep once, merging their tabs, sorted by name, without the one asking", () => {
    const states = new Map<number, unknown>([
      [10, { user: ben, viewing: "c-1017", composing: null }],
      [11, { user: ben, viewing: null, composing: "c-1020" }],
      [12, { user: ana, viewing: "c-1040" }],
      [13, { user: { id: 3, name: "Chloe Park" }, viewing: "c-1022" }],
    ]);
    expect(readPresence(states, 3)).toEqual([
      { user: ana, viewing: "c-1040", composing: null },
      { user: ben, viewing: "c-1017", composing: "c-1020" },
    ]);
  });

  it("drops malformed states instead of showing them", () => {
    const states = new Map<number, unknown>([
      [1, { user: { id: "2", name: "Mallory" } }],
      [2, { user: { id: 4, name: "" } }],
      [3, { viewing: "c-1017" }],
      [4, null],
      [5, { user: ana, viewing: "x".repeat(500) }],
    ]);
    expect(readPresence(states)).toEqual([]);
  });
});
