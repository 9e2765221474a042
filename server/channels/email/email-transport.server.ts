import { createTransport, type Transporter } from "nodemailer";
import { emailThreadFacts } from "../../../db/threads.server";
import { normaliseSubject } from "../../../db/conversations.server";
import { DeliveryError, type ChannelTransport } from "../transport";

interface EmailEnvelope {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
}

/**
 * Email replies. With a relay URL they go out over SMTP; without one they are
 * kept in the outbox (the delivery rows), where the team can read what would
 * have been sent: nothing pretends to have reached a customer.
 */
export function createEmailTransport(options: { relayUrl?: string; messageIdDomain: string }): ChannelTransport {
  // Bounded waits: a relay that hangs fails the attempt (retried later) instead of stalling every delivery.
  // Settings in the URL's query string (?socketTimeout=…, ?tls.rejectUnauthorized=…) take precedence.
  const relay: Transporter | undefined = options.relayUrl
    ? createTransport({ url: options.relayUrl, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 })
    : undefined;
  return {
    channel: "email",
    name: relay ? "smtp" : "outbox",

    envelopeFor(db, conversation, messageId) {
      const facts = emailThreadFacts(db, conversation.id);
      if (!facts.to) throw new DeliveryError("This conversation's customer has no email address to reply to.");
      const subject = facts.subject ? `Re: ${facts.subject.replace(/^\s*re\s*:\s*/i, "")}` : `Re: your message`;
      const lastInbound = facts.messageIds.filter((m) => m.direction === "inbound").at(-1);
      const envelope: EmailEnvelope = {
        from: facts.inboundAddress ?? `support@${options.messageIdDomain}`,
        to: facts.to,
        subject: normaliseSubject(subject) ? subject : "Re: your message",
        messageId: `<reply-${messageId}.${conversation.publicId}@${options.messageIdDomain}>`,
        ...(lastInbound ? { inReplyTo: lastInbound.id } : {}),
        references: facts.messageIds.map((m) => m.id).slice(-20),
      };
      return { ...envelope };
    },

    channelMessageIdFor: (envelope) => (envelope as unknown as EmailEnvelope).messageId,

    async deliver(envelope, reply) {
      if (!relay) return;
      const mail = envelope as unknown as EmailEnvelope;
      await relay.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        messageId: mail.messageId,
        inReplyTo: mail.inReplyTo,
        references: mail.references,
        text: reply.text,
      });
    },
  };
}
