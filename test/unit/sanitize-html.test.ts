import { describe, expect, it } from "vitest";
import type { ParsedMail } from "mailparser";
import { htmlToPlainText, toInboundMessage } from "../../server/channels/email/smtp-listener.server";
import { sanitizeCustomerHtml as clean } from "../../server/inbox/sanitize-html.server";

describe("the customer HTML policy", () => {
  it("keeps ordinary formatting", () => {
    const html = "<p>Hi <b>team</b>, <em>see</em> <u>below</u>:</p><ul><li>one</li></ul><blockquote>quoted</blockquote><pre><code>x = 1</code></pre>";
    expect(clean(html)).toBe(html);
    expect(clean('<table><tbody><tr><td colspan="2">cell</td></tr></tbody></table>')).toBe(
      '<table><tbody><tr><td colspan="2">cell</td></tr></tbody></table>',
    );
  });

  it("drops scripts, styles and their content", () => {
    expect(clean('<p>a</p><script>window.__pwned = 1</script><p>b</p>')).toBe("<p>a</p><p>b</p>");
    expect(clean("<style>body{display:none}</style><p>a</p>")).toBe("<p>a</p>");
    expect(clean("<noscript><p>x</p></noscript>ok")).toBe("ok");
    expect(clean("<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok")).toBe("ok");
  });

  it("drops every event handler and inline style", () => {
    const out = clean('<p onclick="alert(1)" onmouseover="x()" style="position:fixed" class="x" id="y">text</p>');
    expect(out).toBe("<p>text</p>");
    expect(clean('<div><b onfocus="x()" autofocus tabindex="1">b</b></div>')).toBe("<div><b>b</b></div>");
  });

  it("drops images (tracking pixels and onerror payloads), frames, objects, forms and SVG", () => {
    expect(clean('<img src="http://127.0.0.1:9/pixel.gif" width="1" height="1">after')).toBe("after");
    expect(clean('<img src=x onerror="alert(1)">')).toBe("");
    expect(clean('<iframe src="https://evil.example"></iframe>ok')).toBe("ok");
    expect(clean('<object data="x.swf"></object><embed src="x.swf">ok')).toBe("ok");
    expect(clean('<form action="https://evil.example"><input name="password"><button>Go</button></form>')).toBe("Go");
    expect(clean('<svg onload="alert(1)"><circle r="1"/></svg>ok')).toBe("ok");
    expect(clean('<math><mi xlink:href="javascript:alert(1)">x</mi></math>')).toBe("x");
    expect(clean('<video poster="http://t.example/p.gif"></video><audio src="a.mp3"></audio>ok')).toBe("ok");
  });

  it("drops documents-level tags that could restyle or redirect the app", () => {
    expect(clean('<base href="https://evil.example/">ok')).toBe("ok");
    expect(clean('<meta http-equiv="refresh" content="0;url=https://evil.example">ok')).toBe("ok");
    expect(clean('<link rel="stylesheet" href="https://evil.example/x.css">ok')).toBe("ok");
    expect(clean("<html><head><title>T</title></head><body><p>ok</p></body></html>")).toBe("<p>ok</p>");
  });

  it("keeps http(s) and mailto links, opened in a new tab without referrer", () => {
    expect(clean('<a href="https://status.example/incident">status</a>')).toBe(
      '<a href="https://status.example/incident" target="_blank" rel="noopener noreferrer nofollow">status</a>',
    );
    expect(clean('<a href="mailto:help@example.com">mail</a>')).toContain('href="mailto:help@example.com"');
    // The sender cannot choose the target or drop the rel.
    expect(clean('<a href="https://x.example" target="_self" rel="opener">x</a>')).toBe(
      '<a href="https://x.example" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    );
  });

  it("removes dangerous link schemes however they are spelled", () => {
    for (const href of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " javascript:alert(1)",
      "java\tscript:alert(1)",
      "&#106;avascript:alert(1)",
      "javascript&colon;alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "vbscript:msgbox(1)",
      "//evil.example/x",
    ]) {
      const out = clean(`<a href="${href}">click</a>`);
      expect(out, href).not.toMatch(/href=/);
      expect(out, href).toContain(">click</a>");
    }
  });

  it("escapes text, so markup-looking text stays text", () => {
    expect(clean("1 < 2 && 3 > 2")).toBe("1 &lt; 2 &amp;&amp; 3 &gt; 2");
    expect(clean("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(clean('<p title="x">"quoted"</p>')).toBe("<p>\"quoted\"</p>");
  });

  it("survives malformed and nested tricks", () => {
    expect(clean("<scr<script>ipt>alert(1)</script>")).not.toMatch(/<script/i);
    expect(clean('<<img src=x onerror=alert(1)//>')).not.toMatch(/<img|onerror=/i);
    expect(clean('<a href="https://ok.example" onclick="x()"><img src=x onerror=y>link</a>')).toBe(
      '<a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow">link</a>',
    );
    expect(clean("<!-- <script>alert(1)</script> -->ok")).toBe("ok");
    expect(clean("<![CDATA[<script>alert(1)</script>]]>ok")).not.toMatch(/<script/i);
  });

  it("is stable: sanitising twice changes nothing", () => {
    const once = clean('<div><p onclick="x">a <a href="https://x.example">b</a></p><img src=x><script>1</script></div>');
    expect(clean(once)).toBe(once);
  });
});

describe("htmlToPlainText (the text of an HTML-only email when the parser gives none)", () => {
  it("keeps the words and line breaks, no markup, no script or style content", () => {
    expect(htmlToPlainText("<p>Hello</p><p>World &amp; more &lt;b&gt;</p><script>alert(1)</script><style>p{}</style>")).toBe(
      "Hello\nWorld & more <b>",
    );
    expect(htmlToPlainText("line one<br>line two")).toBe("line one\nline two");
  });

  it("does not double-decode entities", () => {
    expect(htmlToPlainText("<p>&amp;lt;tag&amp;gt;</p>")).toBe("&lt;tag&gt;");
  });
});

describe("toInboundMessage", () => {
  const base = {
    attachments: [],
    headers: new Map(),
    headerLines: [],
    from: { value: [{ name: "Ann", address: "Ann@Example.COM" }], html: "", text: "" },
  } as unknown as ParsedMail;
  const raw = Buffer.from("raw");
  const at = new Date("2026-01-05T10:00:00Z");

  it("falls back to the HTML's words when there is no text", () => {
    const message = toInboundMessage({ ...base, html: "<p>Only <b>HTML</b></p>" }, raw, at);
    expect(message).toMatchObject({ text: "Only HTML", html: "<p>Only <b>HTML</b></p>", contact: { email: "ann@example.com", name: "Ann" } });
  });

  it("threads by Message-ID, In-Reply-To and References, without repeats", () => {
    const message = toInboundMessage(
      { ...base, messageId: "<c@x>", inReplyTo: "<b@x>", references: ["<a@x>", "<b@x>"], text: "hi" },
      raw,
      at,
    );
    expect(message).toMatchObject({ channelMessageId: "<c@x>", threadKeys: ["<c@x>", "<b@x>", "<a@x>"] });
  });

  it("uses a hash of the raw message when there is no Message-ID", () => {
    const one = toInboundMessage({ ...base, text: "hi" }, raw, at);
    const two = toInboundMessage({ ...base, text: "hi" }, Buffer.from("raw"), at);
    expect(typeof one !== "string" && one.channelMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(typeof two !== "string" && two.channelMessageId).toBe(typeof one !== "string" && one.channelMessageId);
    expect(typeof one !== "string" && one.threadKeys).toEqual([]);
  });

  it("times a message by its arrival, not by the sender's Date header", () => {
    for (const date of [new Date("2030-01-01T00:00:00Z"), new Date(at.getTime() - 3_600_000)]) {
      const message = toInboundMessage({ ...base, text: "hi", date }, raw, at);
      expect(typeof message !== "string" && message.sentAt).toEqual(at);
    }
  });

  it("explains why a message without a sender cannot be stored", () => {
    expect(toInboundMessage({ ...base, from: undefined, text: "hi" }, raw, at)).toMatch(/no sender/i);
  });
});
