import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackSignature } from "../../server/channels/slack/slack-signature";
import { signSlackRequest } from "../support/fake-slack-api";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const body = Buffer.from('{"type":"event_callback","team_id":"T1DC2JH3J","event":{"type":"message","text":"héllo"}}');
const nowMs = 1_531_420_618_000;
const timestamp = String(nowMs / 1000);

describe("Slack v0 signatures", () => {
  it("is v0= and the hex HMAC-SHA256 of v0:{timestamp}:{raw body}", () => {
    const expected = createHmac("sha256", secret).update(`v0:${timestamp}:`).update(body).digest("hex");
    expect(slackSignature(secret, timestamp, body)).toBe(`v0=${expected}`);
    expect(signSlackRequest(secret, body.toString("utf8"), Number(timestamp))["x-slack-signature"]).toBe(`v0=${expected}`);
  });

  const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
    verifySlackSignature({ signingSecret: secret, timestamp, signature: slackSignature(secret, timestamp, body), rawBody: body, nowMs, ...overrides });

  it("accepts the right signature within five minutes either way", () => {
    expect(check({})).toEqual({ ok: true });
    expect(check({ nowMs: nowMs + 299_000 })).toEqual({ ok: true });
    expect(check({ nowMs: nowMs - 299_000 })).toEqual({ ok: true });
  });

  it("refuses a timestamp more than five minutes off as stale", () => {
    expect(check({ nowMs: nowMs + 301_000 })).toEqual({ ok: false, reason: "stale" });
    expect(check({ nowMs: nowMs - 301_000 })).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses another secret, another body, another timestamp", () => {
    expect(check({ signingSecret: "another-secret" })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ rawBody: Buffer.from(body.toString("utf8").replace("héllo", "hello")) })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ timestamp: String(Number(timestamp) + 1) })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses missing or malformed headers without throwing", () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: "missing" });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: "missing" });
    expect(check({ timestamp: "1531420618.5" })).toEqual({ ok: false, reason: "missing" });
    expect(check({ signature: "v0=" })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ signature: "v1=" + "0".repeat(64) })).toEqual({ ok: false, reason: "mismatch" });
    expect(check({ signature: "v0=ünïcode" })).toEqual({ ok: false, reason: "mismatch" });
  });
});
