import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject, type EmailAddress, type ParsedMail } from "mailparser";
import sanitizeHtml from "sanitize-html";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { TandemDatabase } from "../../../db/connection.server";
import { recordDeadLetter } from "../../../db/dead-letters.server";
import { findChannelConnection } from "../../../db/threads.server";
import type { InboundMessage, ReceiveResult } from "../../inbox/receive-message.server";
import { sanitizeCustomerHtml } from "../../inbox/sanitize-html.server";

/** The largest message accepted, advertised with SIZE and enforced. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Limits of InboundMessageSchema that would otherwise send a whole message to the dead letters. */
const LIMITS = { threadKeys: 200, threadKey: 1_000, subject: 1_000, name: 200, html: 2_000_000 };


export interface SmtpListener {
  /** The port it listens on: the one asked for, or the one picked for port 0. */
  port: number;
  /** Stops accepting mail and waits for messages being stored. */
  close(): Promise<void>;
}

export interface SmtpListenerOptions {
  port: number;
  /** The interface to listen on; `null` listens on all of them, like the HTTP server. */
  host?: string | null;
  /** Stores a message and resolves once it is on disk (InboxServices.receiveDurably). */
  services: { receiveDurably(workspaceId: number, message: InboundMessage): Promise<ReceiveResult> };
  db: TandemDatabase;
  maxMessageBytes?: number;
  /** Replaces the MIME parser (tests use it to make parsing fail). */
  parse?: (raw: Buffer) => Promise<ParsedMail>;
  now?: () => Date;
  /** Connection-level problems (a client that resets): nothing a message depends on. */
  onError?: (error: Error) => void;
}

/** An SMTP reply the client sees: 4xx asks it to retry later, 5xx is final. */
function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

const parseMime = (raw: Buffer) =>
  simpleParser(raw, { keepCidLinks: true, skipImageLinks: true, skipTextToHtml: true, checksumAlgo: false });

/**
 * Inbound email over SMTP. A recipient is accepted only when it is a workspace's
 * inbound address; the message is answered 250 only once it is durably stored
 * (as a message, a recognised duplicate or a dead letter). When storing fails the
 * answer is 451, so the sending server keeps the message and tries again.
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<SmtpListener> {
  const { db, services } = options;
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const parse = options.parse ?? parseMime;
  const now = options.now ?? (() => new Date());
  const inFlight = new Set<Promise<unknown>>();

  /** The workspaces the envelope's recipients belong to, each once. */
  function workspacesOf(session: SMTPServerSession): number[] {
    const ids = new Set<number>();
    for (const recipient of session.envelope.rcptTo) {
      const connection = findChannelConnection(db, "email", normaliseAddress(recipient.address));
      if (connection) ids.add(connection.workspaceId);
    }
    return [...ids];
  }

  /** Keeps the raw message as a dead letter in each workspace it was for: accepted, never lost. */
  function keepAsDeadLetter(workspaceIds: number[], raw: Buffer, reason: string): string {
    const receivedAt = now();
    const payload = raw.toString("utf8");
    const targets: (number | null)[] = workspaceIds.length ? workspaceIds : [null];
    for (const workspaceId of targets) recordDeadLetter(db, { workspaceId, channel: "email", reason, payload, receivedAt });
    return "Accepted: kept for review";
  }

  async function accept(raw: Buffer, session: SMTPServerSession): Promise<string> {
    let workspaceIds: number[];
    try {
      workspaceIds = workspacesOf(session);
    } catch (error) {
      throw smtpError(451, `4.3.0 Temporary failure, try again later (${(error as Error).message})`);
    }
    try {
      // The address was disconnected between RCPT TO and DATA: still kept, where an admin can see it.
      if (workspaceIds.length === 0) return keepAsDeadLetter([], raw, "No workspace has this inbound address any more.");

      let parsed: ParsedMail;
      try {
        parsed = await parse(raw);
      } catch (error) {
        return keepAsDeadLetter(workspaceIds, raw, `The email could not be parsed: ${(error as Error).message}`);
      }
      const message = toInboundMessage(parsed, raw, now());
      if (typeof message === "string") return keepAsDeadLetter(workspaceIds, raw, message);

      // Answered once on disk: a sender told 250 never sends it again.
      const received = await Promise.all(workspaceIds.map((workspaceId) => services.receiveDurably(workspaceId, message)));
      const outcomes = received.map((result) => result.status);
      return `Accepted: ${outcomes.join(", ")}`;
    } catch (error) {
      throw smtpError(451, `4.3.0 Temporary failure, try again later (${(error as Error).message})`);
    }
  }

  function onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let answered = false;
    const answer = (error: Error | null, message?: string) => {
      if (answered) return;
      answered = true;
      callback(error, message);
    };
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
    });
    stream.on("error", (error) => answer(smtpError(451, `4.3.0 Temporary failure (${error.message})`)));
    stream.on("end", () => {
      if (stream.sizeExceeded || bytes > maxBytes) {
        return answer(smtpError(552, `5.3.4 Message too big: at most ${maxBytes} bytes`));
      }
      const work = accept(Buffer.concat(chunks), session).then(
        (message) => answer(null, message),
        (error: Error) => answer(error),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    });
  }

  const server = new SMTPServer({
    banner: "Tandem inbound mail",
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    hideSTARTTLS: true,
    size: maxBytes,
    logger: false,
    closeTimeout: 2_000,
    socketTimeout: 60_000,
    onRcptTo(address, _session, callback) {
      let known: boolean;
      try {
        known = findChannelConnection(db, "email", normaliseAddress(address.address)) !== undefined;
      } catch {
        return callback(smtpError(451, "4.3.0 Temporary failure, try again later"));
      }
      callback(known ? null : smtpError(550, "5.1.1 No such mailbox"));
    },
    onData,
  });
  server.on("error", (error: Error) => options.onError?.(error));

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once("error", failed);
    const ready = () => {
      server.off("error", failed);
      resolve();
    };
    if (options.host === null) server.listen(options.port, ready);
    else server.listen(options.port, options.host ?? "127.0.0.1", ready);
  });
  const port = (server.server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    port,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...inFlight]);
      })()),
  };
}

export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** The first mailbox of an address header, looking inside groups. */
function firstMailbox(header: AddressObject | undefined): EmailAddress | undefined {
  for (const entry of header?.value ?? []) {
    if (entry.address) return entry;
    const member = entry.group?.find((m) => m.address);
    if (member) return member;
  }
  return undefined;
}

const asList = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * The inbox's view of a parsed email, or why it cannot be one. Attachments are
 * kept as metadata only; the HTML is passed on raw (receive sanitises it).
 */
export function toInboundMessage(parsed: ParsedMail, raw: Buffer, receivedAt: Date): InboundMessage | string {
  const sender = firstMailbox(parsed.from);
  if (!sender?.address) return "The email has no sender address (From).";

  const messageId = parsed.messageId?.trim() || undefined;
  const references = asList(parsed.references).flatMap((r) => r.split(/\s+/)).filter(Boolean);
  const keys = [messageId, parsed.inReplyTo?.trim(), ...references.reverse()].filter(
    (key): key is string => !!key && key.length <= LIMITS.threadKey,
  );
  const threadKeys = [...new Set(keys)].slice(0, LIMITS.threadKeys);

  let html = parsed.html || undefined;
  // Far past the limit is mostly inlined images, which the sanitiser drops anyway.
  if (html && html.length > LIMITS.html) html = sanitizeCustomerHtml(html);
  const text = parsed.text?.trim() || (html ? htmlToPlainText(html) : "");

  const name = sender.name?.trim().slice(0, LIMITS.name) || undefined;
  // The arrival time, not the sender's Date header: queued mail and wrong clocks would put a
  // customer's answer before the reply it answers, and SLA clocks start when support receives it.
  const sentAt = receivedAt;
  const subject = parsed.subject?.trim().slice(0, LIMITS.subject) || undefined;

  return {
    channel: "email",
    channelMessageId: messageId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`,
    threadKeys,
    contact: { email: normaliseAddress(sender.address), ...(name ? { name } : {}) },
    ...(subject ? { subject } : {}),
    text,
    ...(html ? { html } : {}),
    ...(parsed.attachments.length
      ? {
          attachments: parsed.attachments.slice(0, 100).map((attachment) => ({
            filename: (attachment.filename ?? "attachment").slice(0, 500),
            contentType: (attachment.contentType || "application/octet-stream").slice(0, 200),
            size: attachment.size ?? attachment.content?.length ?? 0,
          })),
        }
      : {}),
    sentAt,
  };
}

/** The words of an HTML-only email, for previews, search and the AI: no markup at all. */
export function htmlToPlainText(html: string): string {
  return sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6])\b[^>]*>/gi, "$&\n"), {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ["script", "style", "textarea", "option", "noscript", "title", "head"],
  })
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
