/**
 * The queue seam: the little a distributed log must offer medsupply's ingest. Publish a document with
 * its `documentId` as message id (the log drops a re-publication inside its de-duplication window),
 * and consume in a group: every message goes to one member, stays until that member acks it, and is
 * redelivered when it does not. JetStream implements it today; a Kafka adapter would implement the
 * same (message id → idempotent producer key, group → consumer group, ack → offset commit).
 */

/** Where a document is routed: the stream's subjects are per document type and sender. */
export interface Routing {
  documentType: string;
  /** The sender's identifier, as the envelope gives it (`system|value` or `value`). */
  sender: string;
}

/** A message to publish. */
export interface OutgoingMessage {
  /** De-duplication key: the `documentId`. */
  id: string;
  routing: Routing;
  data: Uint8Array;
  /** Small metadata (bulk job, record index and line); names are case-sensitive ASCII. */
  headers?: Readonly<Record<string, string>>;
}

/** The log's answer to a publication: it holds the message durably. */
export interface PublishReceipt {
  /** Position in the log. */
  sequence: number;
  /** True when a message with the same id was already published inside the de-duplication window. */
  duplicate: boolean;
}

/** A message handed to a consumer-group member. */
export interface Delivery {
  /** The publisher's message id (`documentId`), when it set one. */
  id: string | undefined;
  /** Position in the log. */
  sequence: number;
  subject: string;
  data: Uint8Array;
  headers: Readonly<Record<string, string>>;
  /** 1 on first delivery, more on redelivery. */
  deliveries: number;
  /** Done: never delivered again. Resolves once the log confirmed it. */
  ack(): Promise<void>;
  /** Not done: deliver again (to any member) after `delayMs`. */
  nak(delayMs?: number): void;
  /** Still working on it: postpones redelivery. */
  working(): void;
}

/** What an operator watches. */
export interface QueueStats {
  /** Messages in the log. */
  messages: number;
  /** Messages not yet delivered to the group (consumer lag). */
  pending: number;
  /** Delivered, not yet acknowledged. */
  ackPending: number;
  /** Delivered more than once and not yet acknowledged. */
  redelivered: number;
}

/** A member of the consumer group. */
export interface QueueConsumer {
  /** Up to `max` messages, waiting at most `waitMs` for the first. */
  fetch(max: number, waitMs: number): Promise<Delivery[]>;
}

/** The queue: publish, consume in a group, watch. */
export interface DocumentQueue {
  /** Largest message the log accepts, in bytes. */
  readonly maxMessageBytes: number;
  /** Deliveries after which a message is given up (the consumer records it as rejected then). */
  readonly maxDeliveries: number;
  /** Resolves once the log holds the message durably. */
  publish(message: OutgoingMessage): Promise<PublishReceipt>;
  /** Joins the consumer group `group` (created when missing). */
  consumer(group: string): Promise<QueueConsumer>;
  stats(group: string): Promise<QueueStats>;
  /** Flushes and closes the connection. */
  close(): Promise<void>;
}
