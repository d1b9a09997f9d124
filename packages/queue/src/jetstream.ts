/**
 * The queue on NATS JetStream (official `@nats-io/*` v3 client): one work-queue stream per deployment,
 * de-duplication by `Nats-Msg-Id`, one durable pull consumer per group with explicit acks.
 */
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { type NatsConnection, connect, nanos, headers as natsHeaders } from '@nats-io/transport-node';
import type { Delivery, DocumentQueue, OutgoingMessage, QueueConsumer, QueueStats } from './seam.js';
import { streamName, subjectOf, subjectPrefix } from './subjects.js';

/** Options of {@link openJetStreamQueue}. */
export interface JetStreamOptions {
  /** `nats://HOST:PORT` (several, comma-separated, for a cluster). */
  url: string;
  /** Names the stream and subjects, so several deployments can share a NATS cluster (default `hub`). */
  deployment?: string;
  /** The de-duplication window (default 2 minutes, JetStream's default). */
  duplicateWindowMs?: number;
  /** How long a delivered message may stay unacknowledged before it is redelivered (default 60 s). */
  ackWaitMs?: number;
  /** Deliveries before a message is given up (default 8). */
  maxDeliveries?: number;
  /** Largest message (default: what the server allows, at most 16 MiB). */
  maxMessageBytes?: number;
  /** Replicas of the stream (1 on one server, 3 in a cluster). */
  replicas?: number;
  /** Name of this connection, shown by the server's monitoring. */
  name?: string;
  /** Called when the connection is lost or comes back (diagnostics on stderr in the CLI). */
  onStatus?: (status: string) => void;
}

const DEFAULTS = { deployment: 'hub', duplicateWindowMs: 120_000, ackWaitMs: 60_000, maxDeliveries: 8 };

/** Connects, and creates (or updates) the deployment's stream. */
export async function openJetStreamQueue(options: JetStreamOptions): Promise<DocumentQueue> {
  const settings = { ...DEFAULTS, ...options };
  const servers = options.url.split(',').map((s) => s.trim());
  for (const server of servers)
    if (!/^nats:\/\/[^/?#]+$/.test(server))
      throw new Error(`--queue: expected nats://HOST:PORT, got ${JSON.stringify(server)}`);
  const nc: NatsConnection = await connect({
    servers,
    name: options.name ?? 'medsupply',
    // Never give up: a restarted NATS server is a normal event for a worker or a server.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: false,
  });
  if (options.onStatus) {
    const report = options.onStatus;
    void (async () => {
      for await (const status of nc.status()) if (status.type !== 'ping') report(status.type);
    })().catch(() => {});
  }
  // Room for our headers (job, index, line, message id) within the server's max_payload.
  const maxMessageBytes = Math.min(
    options.maxMessageBytes ?? 16 * 1024 * 1024,
    (nc.info?.max_payload ?? 1 << 20) - 4096,
  );
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const stream = streamName(settings.deployment);
  const config = {
    name: stream,
    subjects: [`${subjectPrefix(settings.deployment)}.>`],
    // Work queue: a message is removed once the group acked it; the store is the record.
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    num_replicas: options.replicas ?? 1,
    duplicate_window: nanos(settings.duplicateWindowMs),
    max_msg_size: maxMessageBytes,
  };
  try {
    await jsm.streams.info(stream);
    await jsm.streams.update(stream, config);
  } catch (error) {
    if (!/not found/i.test((error as Error).message)) throw error;
    await jsm.streams.add(config);
  }

  return {
    maxMessageBytes,
    maxDeliveries: settings.maxDeliveries,
    async publish(message: OutgoingMessage) {
      const h = natsHeaders();
      for (const [name, value] of Object.entries(message.headers ?? {})) h.set(name, value);
      const ack = await js.publish(subjectOf(settings.deployment, message.routing), message.data, {
        msgID: message.id,
        headers: h,
        timeout: 10_000,
      });
      return { sequence: ack.seq, duplicate: ack.duplicate };
    },
    async consumer(group) {
      await ensureConsumer(jsm, stream, group, settings);
      return jetStreamConsumer(js, stream, group);
    },
    async stats(group) {
      const [streamInfo, consumerInfo] = await Promise.all([
        jsm.streams.info(stream),
        jsm.consumers.info(stream, group),
      ]);
      return {
        messages: streamInfo.state.messages,
        pending: consumerInfo.num_pending,
        ackPending: consumerInfo.num_ack_pending,
        redelivered: consumerInfo.num_redelivered,
      } satisfies QueueStats;
    },
    async close() {
      // Draining waits for the server; while NATS is away (reconnecting forever) give up after 5 s.
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        nc.drain().then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), 5000);
        }),
      ]);
      clearTimeout(timer);
      if (!drained) await nc.close().catch(() => {});
    },
  };
}

/** The group's durable pull consumer, created when missing. */
async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  group: string,
  settings: { ackWaitMs: number; maxDeliveries: number },
): Promise<void> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(group))
    throw new Error(`consumer group: bad name ${JSON.stringify(group)}`);
  try {
    const info = await jsm.consumers.info(stream, group);
    const ackWait = nanos(settings.ackWaitMs);
    // The last worker started sets the group's ack wait and deliveries (both editable in place).
    if (info.config.ack_wait !== ackWait || info.config.max_deliver !== settings.maxDeliveries)
      await jsm.consumers.update(stream, group, { ack_wait: ackWait, max_deliver: settings.maxDeliveries });
  } catch (error) {
    if (!/not found/i.test((error as Error).message)) throw error;
    await jsm.consumers.add(stream, {
      durable_name: group,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(settings.ackWaitMs),
      max_deliver: settings.maxDeliveries,
      // Bounds what a group holds unacknowledged (and so what a crash sends back to the log).
      max_ack_pending: 20_000,
    });
  }
}

function jetStreamConsumer(js: JetStreamClient, stream: string, group: string): QueueConsumer {
  return {
    async fetch(max, waitMs) {
      const consumer = await js.consumers.get(stream, group);
      const batch = await consumer.fetch({ max_messages: max, expires: Math.max(waitMs, 1000) });
      const out: Delivery[] = [];
      for await (const message of batch) {
        out.push(toDelivery(message));
        // Return what arrived instead of waiting for a full batch once the first messages are in.
        if (out.length >= max) break;
      }
      return out;
    },
  };
}

function toDelivery(message: JsMsg): Delivery {
  const headers: Record<string, string> = {};
  for (const [name, values] of message.headers ?? []) if (values[0] !== undefined) headers[name] = values[0];
  return {
    id: message.headers?.get('Nats-Msg-Id') || undefined,
    sequence: message.seq,
    subject: message.subject,
    data: message.data,
    headers,
    deliveries: message.info.deliveryCount,
    async ack() {
      await message.ackAck();
    },
    nak: (delayMs) => message.nak(delayMs),
    working: () => message.working(),
  };
}
