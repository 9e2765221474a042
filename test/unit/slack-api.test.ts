import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escapeSlackText, fetchSlackUserName, postSlackMessage, unescapeSlackText } from "../../server/channels/slack/slack-api.server";
import { startFakeSlackApi, type FakeSlackApi } from "../support/fake-slack-api";

let slack: FakeSlackApi;
beforeAll(async () => {
  slack = await startFakeSlackApi();
});
afterAll(() => slack.close());

const settings = () => ({ signingSecret: "s", botToken: "xoxb-unit", apiBaseUrl: `${slack.url}/` });

describe("Slack Web API calls", () => {
  it("posts JSON with the bearer token and returns the new message's ts", async () => {
    const ts = await postSlackMessage(settings(), { channel: "C1", threadTs: "1.000100", text: "a < b & c" });
    expect(ts).toMatch(/^\d+\.\d+$/);
    expect(slack.postedMessages().at(-1)).toMatchObject({
      authorization: "Bearer xoxb-unit",
      body: { channel: "C1", thread_ts: "1.000100", text: "a &lt; b &amp; c" },
    });
  });

  it("throws on ok:false, on HTTP errors and when Slack does not answer in time", async () => {
    slack.failNext(1, { error: "not_in_channel" });
    await expect(postSlackMessage(settings(), { channel: "C1", text: "x" })).rejects.toThrow(/not_in_channel/);
    slack.failNext(1, { status: 500 });
    await expect(postSlackMessage(settings(), { channel: "C1", text: "x" })).rejects.toThrow(/HTTP 500/);
    slack.failNext(1, "hang");
    await expect(postSlackMessage(settings(), { channel: "C1", text: "x" }, 200)).rejects.toThrow(/did not answer chat.postMessage/);
    await expect(
      postSlackMessage({ ...settings(), apiBaseUrl: "http://127.0.0.1:1/api" }, { channel: "C1", text: "x" }),
    ).rejects.toThrow(/Could not reach Slack/);
  });

  it("looks a user's name up, and gives up quietly when Slack cannot say", async () => {
    slack.users.set("U1", { realName: "Ana Souza", displayName: "ana" });
    slack.users.set("U2", { displayName: "jo" });
    expect(await fetchSlackUserName(settings(), "U1")).toBe("Ana Souza");
    expect(await fetchSlackUserName(settings(), "U2")).toBe("jo");
    expect(await fetchSlackUserName(settings(), "U404")).toBeUndefined();
    slack.failNext(1, "hang", "users.info");
    expect(await fetchSlackUserName(settings(), "U1", 200)).toBeUndefined();
  });

  it("escapes and unescapes the three characters Slack reserves", () => {
    expect(escapeSlackText("<@U1> & <b>")).toBe("&lt;@U1&gt; &amp; &lt;b&gt;");
    expect(unescapeSlackText(escapeSlackText("a &amp; <b> & c"))).toBe("a &amp; <b> & c");
  });
});
