import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "../../server/auth/password.server";

let stored: string;
beforeAll(async () => {
  stored = await hashPassword("correct horse battery staple");
});

describe("hashPassword", () => {
  it("stores the scheme and its parameters with a salt and key, never the password", () => {
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain("correct horse");
  });

  it("salts every hash, so the same password hashes differently", async () => {
    const again = await hashPassword("correct horse battery staple");
    expect(again).not.toBe(stored);
    expect(await verifyPassword("correct horse battery staple", again)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it("accepts the right password", async () => {
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
  });

  it.each([
    ["a wrong password", "Tr0ub4dor&3"],
    ["a different case", "Correct horse battery staple"],
    ["an extra space", "correct horse battery staple "],
    ["the empty password", ""],
  ])("rejects %s", async (_what, attempt) => {
    expect(await verifyPassword(attempt, stored)).toBe(false);
  });

  it("treats canonically equal Unicode spellings as the same password", async () => {
    const composed = await hashPassword("caf\u00e9");
    expect(await verifyPassword("cafe\u0301", composed)).toBe(true);
  });

  it("rejects when the stored key was tampered with", async () => {
    const parts = stored.split("$");
    const key = parts[5]!;
    parts[5] = (key[0] === "A" ? "B" : "A") + key.slice(1);
    expect(await verifyPassword("correct horse battery staple", parts.join("$"))).toBe(false);
  });

  it.each([
    ["empty", ""],
    ["not a hash at all", "hunter2"],
    ["another scheme", "bcrypt$2b$10$abcdefghijklmnopqrstuv$abcdefghijklmnopqrstuvwxyz01234"],
    ["missing its key", "scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$"],
    ["missing its salt", "scrypt$32768$8$1$$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"],
    ["a non-numeric cost", "scrypt$lots$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"],
    ["a cost that is not a power of two", "scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"],
    ["a cost beyond the memory limit", "scrypt$1048576$8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"],
    ["a negative block size", "scrypt$32768$-8$1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"],
  ])("returns false, without throwing, for a stored hash that is %s", async (_what, malformed) => {
    await expect(verifyPassword("correct horse battery staple", malformed)).resolves.toBe(false);
  });
});
