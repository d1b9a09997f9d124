/**
 * Webhook deliveries from the outbox the store fills in the same transaction as the documents:
 * at least once (an answer other than 2xx, or none, is retried), in storage order per subscription
 * (only the head of each subscription's queue is ever in flight), with exponential backoff.
 */
import { createHmac } from 'node:crypto';
import type { DocumentStore, PendingDelivery } from './store/types.js';

/** Options of {@link startDispatcher}. */
export interface DispatcherOptions {
  /** First retry delay (ms); doubles per attempt. Default 1 000. */
  backoffMs?: number;
  /** Longest retry delay (ms). Default 300 000. */
  maxBackoffMs?: number;
  /** Time for an endpoint to answer (ms). Default 10 000. */
  timeoutMs?: number;
  /** How often due deliveries are looked for when nothing wakes the dispatcher (ms). Default 1 000. */
  pollMs?: number;
}

/** A running dispatcher. */
export interface Dispatcher {
  /** Looks for due deliveries now. */
  wake(): void;
  stop(): Promise<void>;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`. */
export function signDelivery(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** The delivery body: metadata and the document's own bytes. */
export function deliveryBody(delivery: PendingDelivery): string {
  const { meta } = delivery;
  let document = Buffer.from(delivery.body).toString('utf8');
  if (document.charCodeAt(0) === 0xfeff) document = document.slice(1);
  const head = JSON.stringify({
    deliveryId: delivery.id,
    subscriptionId: delivery.subscriptionId,
    event: 'document.stored',
    documentId: meta.documentId,
    documentType: meta.documentType,
    status: meta.status,
    sequence: meta.sequence,
    href: `/v1/documents/${meta.documentId}`,
  });
  return `${head.slice(0, -1)},"document":${document}}`;
}

/** Starts delivering; returns a handle to wake or stop it. */
export function startDispatcher(store: DocumentStore, options: DispatcherOptions = {}): Dispatcher {
  const backoff = options.backoffMs ?? 1000;
  const maxBackoff = options.maxBackoffMs ?? 300_000;
  const timeout = options.timeoutMs ?? 10_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  const send = async (delivery: PendingDelivery) => {
    const body = deliveryBody(delivery);
    let failure: string | undefined;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'medsupply-delivery': delivery.id,
          'medsupply-signature': signDelivery(delivery.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeout),
      });
      await response.arrayBuffer().catch(() => {});
      if (response.status < 200 || response.status > 299) failure = `HTTP ${response.status}`;
    } catch (error) {
      failure = (error as Error).message;
    }
    if (failure === undefined) await store.deliverySucceeded(delivery.id);
    else {
      const delay = Math.min(maxBackoff, backoff * 2 ** Math.min(delivery.attempts, 30));
      await store.deliveryFailed(delivery.id, failure, new Date(Date.now() + delay));
    }
  };

  const round = async () => {
    do {
      again = false;
      if (stopped) return;
      const due = await store.dueDeliveries(new Date(), 32).catch(() => []);
      await Promise.all(due.map((d) => send(d).catch(() => {})));
      if (due.length > 0) again = true;
    } while (again && !stopped);
  };
  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = round().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(wake, options.pollMs ?? 1000);
  timer.unref();
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
