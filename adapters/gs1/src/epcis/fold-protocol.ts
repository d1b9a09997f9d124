/**
 * What the EPCIS fold thread and its caller say to each other, and the thread's side of it, kept free
 * of `node:worker_threads` so that tests can run both sides in one thread with `structuredClone`
 * standing for the thread boundary.
 */
import type { Issue } from '@medsupply/validators';
import { type EpcisFoldSummary, EpcisShipmentFolder, type InputPosition } from './fold.js';
import type { EpcisEvent, EpcisReadItem } from './model.js';

/**
 * Caller → thread: read items to fold, in document order; `finish` after the last. The events travel
 * apart, as one JSON text (`events`, in item order): V8 copies text far faster than it clones objects
 * (measured: a structured clone of the events cost more than half of folding them). Items that had an
 * event carry `event: null` in `items`. JSON keeps every value the mapping reads: strings, and
 * quantities, which the event check has already required to be finite numbers.
 */
export interface FoldRequest {
  items: EpcisReadItem[];
  events: string;
  finish?: boolean;
}

/** The request that carries `items` across the thread boundary. */
export function foldRequest(items: EpcisReadItem[], finish: boolean): FoldRequest {
  const events: EpcisEvent[] = [];
  const skeletons: EpcisReadItem[] = items.map((item) => {
    if (item.kind !== 'event' || item.event === undefined) return item;
    events.push(item.event);
    return { ...item, event: null as unknown as undefined };
  });
  const request: FoldRequest = { items: skeletons, events: JSON.stringify(events) };
  if (finish) request.finish = true;
  return request;
}

/** One output of the fold: a Shipment as its NDJSON line, or an issue with its place in the input. */
export type FoldOutput = string | { found: Issue; at: InputPosition };

/** Thread → caller: one answer per request, in order; `summary` answers `finish`, `error` a failure. */
export interface FoldAnswer {
  out: FoldOutput[];
  summary?: EpcisFoldSummary;
  error?: string;
}

/**
 * The thread's side: an {@link EpcisShipmentFolder} whose Shipments leave as finished NDJSON lines
 * (text crosses the thread boundary far more cheaply than objects) and whose issues leave in order.
 */
export class FoldThreadSide {
  private out: FoldOutput[] = [];
  private readonly folder = new EpcisShipmentFolder({
    shipment: (shipment) => this.out.push(`${JSON.stringify(shipment)}\n`),
    issue: (found, at) => this.out.push({ found, at }),
  });
  private failed = false;

  /** Folds one request's items and answers with what came out; a thrown error ends the fold. */
  handle(request: FoldRequest): FoldAnswer {
    if (this.failed) return { out: [], error: 'the fold stopped after an earlier error' };
    try {
      const events = JSON.parse(request.events) as EpcisEvent[];
      let next = 0;
      for (const item of request.items) {
        if (item.kind === 'event' && item.event === null) item.event = events[next++];
        this.folder.add(item);
      }
      const summary = request.finish === true ? this.folder.finish() : undefined;
      const out = this.out;
      this.out = [];
      return summary === undefined ? { out } : { out, summary };
    } catch (error) {
      this.failed = true;
      return { out: [], error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
  }
}
