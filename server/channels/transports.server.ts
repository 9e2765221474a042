import type { Channel } from "../../db/interchange";
import type { ChannelTransport } from "./transport";

/** One transport per channel; a reply's channel picks it. */
export class ChannelTransports {
  readonly #byChannel = new Map<Channel, ChannelTransport>();

  constructor(transports: ChannelTransport[]) {
    for (const transport of transports) this.#byChannel.set(transport.channel, transport);
  }

  get(channel: Channel): ChannelTransport {
    const transport = this.#byChannel.get(channel);
    if (!transport) throw new Error(`No transport is configured for ${channel}.`);
    return transport;
  }
}
