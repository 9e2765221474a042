import { slackApiUrl, type SlackSettings } from "./slack-settings.server";

/** Slack answered, but not with success: HTTP error, `ok: false`, or no answer in time. */
export class SlackApiError extends Error {
  constructor(
    message: string,
    /** Slack's own error code (`channel_not_found`, `invalid_auth`…) when it gave one. */
    readonly slackError?: string,
  ) {
    super(message);
    this.name = "SlackApiError";
  }
}

/**
 * Calls one Slack Web API method with the bot token. Slack reports most failures
 * as HTTP 200 with `{ok: false, error}`: those throw like HTTP errors and timeouts.
 */
async function callSlack(
  settings: SlackSettings,
  method: string,
  request: { json?: Record<string, unknown>; query?: Record<string, string> },
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const url = new URL(slackApiUrl(settings, method));
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.json ? "POST" : "GET",
      headers: {
        authorization: `Bearer ${settings.botToken}`,
        ...(request.json ? { "content-type": "application/json; charset=utf-8" } : {}),
      },
      body: request.json ? JSON.stringify(request.json) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") {
      throw new SlackApiError(`Slack did not answer ${method} within ${Math.round(timeoutMs / 1000)} s.`);
    }
    throw new SlackApiError(`Could not reach Slack for ${method}: ${(error as Error).message}`);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) {
    const retryAfter = response.headers.get("retry-after");
    throw new SlackApiError(
      `Slack answered ${method} with HTTP ${response.status}${retryAfter ? ` (retry after ${retryAfter} s)` : ""}.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new SlackApiError(`Slack answered ${method} with something other than JSON.`);
  }
  if (typeof body !== "object" || body === null) throw new SlackApiError(`Slack answered ${method} with unexpected JSON.`);
  const result = body as Record<string, unknown>;
  if (result.ok !== true) {
    const code = typeof result.error === "string" ? result.error.slice(0, 200) : "unknown_error";
    throw new SlackApiError(`Slack refused ${method}: ${code}.`, code);
  }
  return result;
}

/** Slack asks that `&`, `<` and `>` in message text be escaped; everything else goes as written. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The reverse, for text Slack sends us. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Posts a message (into a thread when `threadTs` is given); returns the new message's ts. */
export async function postSlackMessage(
  settings: SlackSettings,
  message: { channel: string; threadTs?: string; text: string },
  timeoutMs = 10_000,
): Promise<string | undefined> {
  const result = await callSlack(
    settings,
    "chat.postMessage",
    {
      json: {
        channel: message.channel,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        text: escapeSlackText(message.text),
      },
    },
    timeoutMs,
  );
  return typeof result.ts === "string" ? result.ts : undefined;
}

/** A user's display name from users.info, or undefined when Slack cannot say (quickly). */
export async function fetchSlackUserName(settings: SlackSettings, userId: string, timeoutMs = 1_500): Promise<string | undefined> {
  try {
    const result = await callSlack(settings, "users.info", { query: { user: userId } }, timeoutMs);
    const user = result.user as { real_name?: unknown; name?: unknown; profile?: { real_name?: unknown; display_name?: unknown } } | undefined;
    const candidates = [user?.profile?.real_name, user?.real_name, user?.profile?.display_name, user?.name];
    const name = candidates.find((c): c is string => typeof c === "string" && c.trim().length > 0)?.trim();
    return name ? name.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
