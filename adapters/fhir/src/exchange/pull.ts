import type { MedsupplyDocument } from '@medsupply/types';
import { type Issue, issue } from '@medsupply/validators';
import { type FhirToCanonicalOptions, fhirToCanonical } from '../from-fhir/index.js';
import type { FhirVersion } from '../types.js';
import { type FhirExchangeClient, type FhirReply, FhirRequestError, failureCode } from './client.js';
import { type DocumentSearch, documentSearch, pullTypeNames } from './document-search.js';
import { type JsonObject, arrayMember, isObject, member, stringMember } from './json.js';
import { outcomeDiagnostics } from './outcome.js';

/** Maps FHIR content to canonical documents; {@link fhirToCanonical} unless a test replaces it. */
export type FromFhir = (
  input: unknown,
  options: FhirToCanonicalOptions,
) => { documents: MedsupplyDocument[]; issues: Issue[] };

/** Options of {@link pullDocuments}. */
export interface PullOptions {
  client: FhirExchangeClient;
  fhirVersion: FhirVersion;
  /** A canonical document type (`Shipment`) or a FHIR resource type the mappings read (see {@link documentSearch}). */
  type: string;
  /** Only resources changed on or after this date or date-time (`_lastUpdated=ge…`). */
  since?: string;
  /** Resources per page asked for (`_count`). Default 100. */
  pageSize?: number;
  /** Pages followed at most. Default 10 000. */
  maxPages?: number;
  /** Resources held at most (matches and referenced ones together). Default 100 000. */
  maxResources?: number;
  /** Called after each page (progress output). */
  onPage?: (event: { page: number; resources: number }) => void;
  /** The release written and what the integrator vouches for (sender, creation time); see {@link fhirToCanonical}. */
  canonical?: Omit<FhirToCanonicalOptions, 'fhirVersion'>;
  /** The mapping; default {@link fhirToCanonical}. */
  toCanonical?: FromFhir;
}

/** What a pull brought back. */
export interface PullResult {
  /** Canonical documents of the asked type. */
  documents: MedsupplyDocument[];
  /** Exchange and mapping problems; `params.resource` names the FHIR resource (`Type/id`). */
  issues: Issue[];
  /** The search that ran. */
  search: DocumentSearch;
  pages: number;
  /** Resources matched by the search. */
  matched: number;
  /** Referenced resources read one by one because the search did not include them. */
  referencesRead: number;
  /** False when paging or reading stopped early (an error issue says why); then `documents` is empty. */
  complete: boolean;
}

const DATE_OR_DATETIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** Checks `since`: a FHIR date or dateTime (`2025-01-31`, `2025-01-31T08:00:00Z`); throws a TypeError if not. */
export function checkSince(since: string): string {
  if (
    !DATE_OR_DATETIME.test(since) ||
    Number.isNaN(
      Date.parse(since.length === 4 ? `${since}-01-01` : since.length === 7 ? `${since}-01` : since),
    )
  ) {
    throw new TypeError(
      `--since must be a date (YYYY-MM-DD) or a date-time with offset, not ${JSON.stringify(since.slice(0, 40))}`,
    );
  }
  return since;
}

/** Rounds of reading referenced resources (a delivery → its location → the location's organisation). */
const REFERENCE_ROUNDS = 4;
/** Deepest nesting searched for references inside one resource. */
const MAX_SCAN_DEPTH = 32;

/**
 * Pulls the resources of one document type from a FHIR server and maps them to canonical documents:
 * searches (`_lastUpdated=ge<since>`), follows `next` links on the same server, reads the
 * organisations, locations and products they refer to when the server did not include them, and
 * maps everything at once (an R4 shipment may span several SupplyDelivery resources and pages).
 */
export async function pullDocuments(options: PullOptions): Promise<PullResult> {
  const search = documentSearch(options.type, options.fhirVersion);
  if (search === undefined) {
    throw new TypeError(
      `unknown --type ${JSON.stringify(options.type.slice(0, 60))} (one of ${pullTypeNames(options.fhirVersion).join(', ')})`,
    );
  }
  const maxResources = options.maxResources ?? 100_000;
  const state: PullState = { resources: new Map(), issues: [], complete: true };
  const params: Record<string, string> = { ...search.params, _count: String(options.pageSize ?? 100) };
  if (options.since !== undefined) params._lastUpdated = `ge${checkSince(options.since)}`;

  let pages = 0;
  let matched = 0;
  const seenPages = new Set<string>();
  let next: Promise<FhirReply> | undefined = options.client.search(search.resourceType, params);
  while (next !== undefined) {
    const reply = await request(next, state, '');
    if (reply === undefined) break;
    pages++;
    if (reply.body.resourceType !== 'Bundle') {
      fail(
        state,
        'FHIR_RESPONSE_INVALID',
        `the search returned a ${String(reply.body.resourceType)}, not a Bundle`,
      );
      break;
    }
    const malformed = pageProblem(reply.body);
    if (malformed !== undefined) {
      fail(state, 'FHIR_SEARCH_PAGE_INVALID', `search page ${pages} is malformed: ${malformed}`, {
        page: pages,
      });
      break;
    }
    matched += collectPage(reply.body, state);
    options.onPage?.({ page: pages, resources: matched });
    if (state.resources.size > maxResources) {
      fail(
        state,
        'FHIR_PULL_LIMIT',
        `the search matched more than ${maxResources} resources; narrow it with --since`,
        { limit: maxResources },
      );
      break;
    }
    const link = nextUrl(reply.body);
    if (link === undefined) break;
    if (seenPages.has(link)) {
      fail(state, 'FHIR_PAGING_STOPPED', 'the server links back to a page already read', { page: pages });
      break;
    }
    seenPages.add(link);
    if (pages >= (options.maxPages ?? 10_000)) {
      fail(state, 'FHIR_PAGING_STOPPED', `stopped after ${pages} pages (the page limit)`, { page: pages });
      break;
    }
    next = options.client.nextPage(reply.body);
  }

  const referencesRead = state.complete ? await readReferences(options.client, state, maxResources) : 0;
  const base = { search, pages, matched, referencesRead };
  if (!state.complete) {
    // All or nothing: a partial pull could hold a shipment without some of its lines.
    state.issues.push(
      issue('error', 'FHIR_PULL_INCOMPLETE', '', 'the pull did not complete, so no document is written'),
    );
    return { ...base, documents: [], issues: state.issues, complete: false };
  }
  const keys = [...state.resources.keys()];
  const collection = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: keys.map((key) => ({
      fullUrl: `${options.client.baseUrl}/${key}`,
      resource: state.resources.get(key),
    })),
  };
  const mapped = (options.toCanonical ?? fhirToCanonical)(collection, {
    ...options.canonical,
    fhirVersion: options.fhirVersion,
  });
  const documents = mapped.documents.filter(
    (d) => search.documentType === undefined || d.documentType === search.documentType,
  );
  return {
    ...base,
    documents,
    issues: [...state.issues, ...mapped.issues.map((i) => locateIssue(i, keys))],
    complete: true,
  };
}

/** What a pull holds while it runs; resources keyed `Type/id`, in the order they came. */
interface PullState {
  resources: Map<string, JsonObject>;
  issues: Issue[];
  complete: boolean;
}

async function request(
  pending: Promise<FhirReply>,
  state: PullState,
  resource: string,
): Promise<FhirReply | undefined> {
  try {
    return await pending;
  } catch (error) {
    if (!(error instanceof FhirRequestError)) throw error;
    const code = failureCode(error.reason);
    const diagnostics = outcomeDiagnostics(error.details.body);
    fail(
      state,
      code,
      diagnostics.length > 0 ? `${error.message}: ${diagnostics.join('; ')}` : error.message,
      {
        ...(error.details.status === undefined ? {} : { status: error.details.status }),
        ...(error.details.errorCode === undefined ? {} : { errorCode: error.details.errorCode }),
        attempts: error.attempts,
        ...(resource === '' ? {} : { resource }),
      },
    );
    return undefined;
  }
}

function fail(state: PullState, code: string, message: string, params?: Record<string, unknown>): void {
  state.complete = false;
  state.issues.push(issue('error', code, '', message, params));
}

/**
 * Why a searchset page cannot be trusted to be read whole, or undefined. A page whose `entry` or
 * `link` has the wrong shape would otherwise read as empty or as the last page, and a pull that
 * silently stops there would look complete.
 */
function pageProblem(bundle: JsonObject): string | undefined {
  const entry = member(bundle, 'entry');
  if (entry !== undefined && !Array.isArray(entry)) return '"entry" is not an array';
  if (Array.isArray(entry)) {
    const bad = entry.findIndex((item) => !isObject(item));
    if (bad !== -1) return `entry ${bad} is not an object`;
  }
  const links = member(bundle, 'link');
  if (links !== undefined && !Array.isArray(links)) return '"link" is not an array';
  for (const [index, link] of (Array.isArray(links) ? links : []).entries()) {
    if (!isObject(link)) return `link ${index} is not an object`;
    if (link.relation === 'next' && (typeof link.url !== 'string' || link.url === '')) {
      return `the "next" link's url is not a non-empty string`;
    }
  }
  return undefined;
}

/** Adds a page's resources; returns how many were matches. Outcomes become warnings. */
function collectPage(bundle: JsonObject, state: PullState): number {
  let matches = 0;
  for (const entry of arrayMember(bundle, 'entry')) {
    const resource = member(entry, 'resource');
    if (!isObject(resource)) continue;
    const mode = stringMember(member(entry, 'search'), 'mode');
    if (mode === 'outcome' || resource.resourceType === 'OperationOutcome') {
      for (const text of outcomeDiagnostics(resource))
        state.issues.push(issue('warning', 'FHIR_SEARCH_OUTCOME', '', text));
      continue;
    }
    const key = resourceKey(resource);
    if (key === undefined) continue;
    if (mode !== 'include') matches++;
    if (!state.resources.has(key)) state.resources.set(key, resource);
  }
  return matches;
}

/** Reads the resources referred to but not yet held, a few rounds deep; returns how many were read. */
async function readReferences(
  client: FhirExchangeClient,
  state: PullState,
  maxResources: number,
): Promise<number> {
  let read = 0;
  const missing = new Set<string>();
  let scan = [...state.resources.values()];
  for (let round = 0; round < REFERENCE_ROUNDS && scan.length > 0; round++) {
    const wanted = new Map<string, string>();
    for (const resource of scan) {
      for (const reference of referencesOf(resource, client.baseUrl)) {
        if (!state.resources.has(reference) && !missing.has(reference) && !wanted.has(reference)) {
          wanted.set(reference, resourceKey(resource) ?? '');
        }
      }
    }
    scan = [];
    for (const [reference, from] of wanted) {
      if (state.resources.size >= maxResources) {
        fail(state, 'FHIR_PULL_LIMIT', `more than ${maxResources} resources with the ones referred to`, {
          limit: maxResources,
        });
        return read;
      }
      const [type, id] = reference.split('/') as [string, string];
      const reply = await readOne(client, type, id, reference, from, state);
      read++;
      if (!state.complete) return read;
      if (reply === undefined || !isObject(reply.body) || resourceKey(reply.body) !== reference) {
        missing.add(reference);
        continue;
      }
      state.resources.set(reference, reply.body);
      scan.push(reply.body);
    }
  }
  return read;
}

async function readOne(
  client: FhirExchangeClient,
  type: string,
  id: string,
  reference: string,
  from: string,
  state: PullState,
): Promise<FhirReply | undefined> {
  try {
    return await client.read(type, id);
  } catch (error) {
    if (!(error instanceof FhirRequestError)) throw error;
    const status = error.details.status;
    const message = `${from} refers to ${reference}, which could not be read (${error.message})`;
    const params = { resource: from, reference, ...(status === undefined ? {} : { status }) };
    if (status === 404 || status === 410 || status === 403) {
      // A missing or hidden target is the referring resource's problem; the mapping says if it matters.
      state.issues.push(issue('warning', 'FHIR_REFERENCE_NOT_READ', '', message, params));
    } else {
      fail(state, 'FHIR_REQUEST_FAILED', message, params);
    }
    return undefined;
  }
}

const RELATIVE_REFERENCE =
  /^([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/** Literal references (`Type/id`) of a resource to resources on this server; contained and urn: ones are left out. */
export function referencesOf(resource: JsonObject, baseUrl: string): string[] {
  const found = new Set<string>();
  const prefix = `${baseUrl}/`;
  const visit = (value: unknown, depth: number) => {
    if (depth > MAX_SCAN_DEPTH || found.size >= 1000) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    if (!isObject(value)) return;
    for (const key of Object.keys(value)) {
      const child = value[key];
      if (key === 'reference' && typeof child === 'string') {
        const relative = child.startsWith(prefix) ? child.slice(prefix.length) : child;
        const match = RELATIVE_REFERENCE.exec(relative);
        if (match !== null) found.add(`${match[1]}/${match[2]}`);
      } else if (key !== 'contained') {
        visit(child, depth + 1);
      }
    }
  };
  visit(resource, 0);
  return [...found];
}

function resourceKey(resource: JsonObject): string | undefined {
  const type = stringMember(resource, 'resourceType');
  const id = stringMember(resource, 'id');
  if (type === undefined || id === undefined) return undefined;
  const key = `${type}/${id}`;
  return RELATIVE_REFERENCE.test(key) ? key : undefined;
}

function nextUrl(bundle: JsonObject): string | undefined {
  for (const link of arrayMember(bundle, 'link')) {
    if (member(link, 'relation') === 'next') return stringMember(link, 'url');
  }
  return undefined;
}

/** Rewrites a mapping issue's `/entry/N/resource…` path to the resource (`params.resource`) and a path inside it. */
function locateIssue(found: Issue, keys: readonly string[]): Issue {
  const match = /^\/entry\/(\d+)\/resource(\/.*)?$/.exec(found.path);
  const key = match === null ? undefined : keys[Number(match[1])];
  if (match === null || key === undefined) return found;
  return { ...found, path: match[2] ?? '', params: { ...found.params, resource: key } };
}
