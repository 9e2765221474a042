import { createTransport } from "nodemailer";
import { findMessageByChannelId } from "../../db/threads.server";
import { DEMO_EMAIL_ADDRESS } from "../../server/demo-seed.server";
import { expect, test } from "./fixtures";

const PIXEL_URL = "http://127.0.0.1:9/pixel.gif";

/** Every trick an email can try to run code, phone home or restyle the app; each would leave a trace. */
const HOSTILE_HTML = `
<html><head>
  <style>body { display: none !important; } .message-html { background: url(${PIXEL_URL}?css); }</style>
  <script>window.__pwned = "head-script"; document.title = "PWNED";</script>
  <meta http-equiv="refresh" content="0;url=javascript:window.__pwned='meta'">
  <base href="javascript:window.__pwned='base'//">
</head><body>
  <p id="greeting">Hello support, <b>please help</b> with our invoice.</p>
  <script>window.__pwned = "body-script"; alert("script");</script>
  <img src="x" onerror="window.__pwned = 'onerror'; document.title = 'PWNED'; alert('onerror')">
  <a id="js-link" href="javascript:window.__pwned='link';document.title='PWNED'">Open invoice</a>
  <p id="clicky" onclick="window.__pwned = 'onclick'; alert('onclick')" onmouseover="window.__pwned = 'hover'">Click me</p>
  <iframe src="javascript:parent.__pwned='iframe'" srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>
  <svg onload="window.__pwned = 'svg'"><script>window.__pwned = 'svg-script'</script></svg>
  <details open ontoggle="window.__pwned = 'toggle'"><summary>more</summary>x</details>
  <form action="javascript:window.__pwned='form'"><button id="form-button">Submit</button></form>
  <img src="${PIXEL_URL}" width="1" height="1" alt="">
  <p>Thanks, <span style="background:url(${PIXEL_URL}?inline)">Mallory</span></p>
</body></html>`;

test.describe("hostile email", () => {
  test("HTML from a customer shows as text and formatting only: no script runs, nothing loads", async ({ page, login, server }) => {
    const messageId = `<hostile-${Date.now()}-${test.info().workerIndex}@attacker.example>`;
    const subject = `Invoice question ${Date.now()}`;
    const client = createTransport({ host: "127.0.0.1", port: server.smtpPort, secure: false, ignoreTLS: true });
    try {
      const info = await client.sendMail({
        from: "Mallory <mallory@attacker.example>",
        to: DEMO_EMAIL_ADDRESS,
        subject,
        messageId,
        html: HOSTILE_HTML,
        text: "Hello support, please help with our invoice.",
      });
      expect(info.response).toMatch(/^250 /);
    } finally {
      client.close();
    }
    const stored = findMessageByChannelId(server.db, server.workspaceId, messageId);
    expect(stored, "the email was stored").toBeDefined();

    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const pixelRequests: string[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith("http://127.0.0.1:9/")) pixelRequests.push(request.url());
    });

    await login("ana@demo.example");
    await page.goto(`/inbox/${stored!.conversationId}`);
    await expect(page.getByRole("heading", { name: subject })).toBeVisible();

    const body = page.locator(".message-body.message-html").filter({ hasText: "please help" });
    await expect(body).toHaveCount(1);
    await expect(body).toBeVisible();
    await expect(body.locator("b")).toHaveText("please help");

    // Interact with everything that could fire a handler.
    await body.getByText("Click me").click();
    await body.getByText("Click me").hover();
    // Without its javascript: href it is no longer a link, just text.
    const link = body.locator("a", { hasText: "Open invoice" });
    await expect(link).toBeVisible();
    expect(await link.getAttribute("href")).toBeNull();
    await link.click();
    await page.waitForTimeout(300);

    // Nothing ran.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await expect(page).toHaveTitle(new RegExp(`^${subject}`));
    expect(dialogs).toEqual([]);
    expect(page.url()).toContain(`/inbox/${stored!.conversationId}`);
    await expect(page.locator("body")).toBeVisible();

    // Nothing dangerous is in the DOM of the message.
    const dom = await body.evaluate((element) => ({
      html: element.innerHTML,
      dangerous: element.querySelectorAll("script, style, iframe, frame, object, embed, img, svg, form, input, button, meta, base, link, video, audio").length,
      handlers: [...element.querySelectorAll("*")].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      styled: element.querySelectorAll("[style]").length,
      hrefs: [...element.querySelectorAll("[href], [src], [action], [formaction], [srcdoc]")].map(
        (el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? "other",
      ),
    }));
    expect(dom.dangerous, dom.html).toBe(0);
    expect(dom.handlers, dom.html).toEqual([]);
    expect(dom.styled, dom.html).toBe(0);
    expect(dom.hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
    expect(dom.html).not.toMatch(/javascript:|pixel\.gif|__pwned/i);
    // The whole page has no leftovers either: the head's <style>/<script>/<base> never made it in.
    expect(await page.locator("base").count()).toBe(0);
    expect(await page.evaluate(() => document.body.innerHTML.includes("__pwned"))).toBe(false);

    // And nothing phoned home: no tracking pixel, no CSS background.
    expect(pixelRequests).toEqual([]);
  });
});
