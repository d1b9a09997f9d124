/**
 * Rules that hold for every document type: the envelope, and the shared definitions wherever they
 * appear (periods, lots, locations).
 */
import { isCountryAlpha2, subdivisionCountry } from '../formats/iso3166.js';
import { escapePointerToken, joinPointer } from '../pointer.js';
import { checkIdentifierSystem } from './identifier-systems.js';
import { type RuleRelease, rulesSince } from './release.js';
import type { RuleReport } from './rule.js';
import { type JsonObject, arr, day, obj, str } from './values.js';

/** documentStatus replace/cancel must name the document it supersedes, and not itself. */
export function envelopeRules(document: JsonObject, report: RuleReport): void {
  const status = document.documentStatus;
  const supersedes = str(document.supersedes);
  if ((status === 'replace' || status === 'cancel') && supersedes === undefined) {
    report.add(
      'SUPERSEDES_REQUIRED',
      '/supersedes',
      `a ${status} document must give the documentId it supersedes`,
    );
  }
  if (supersedes !== undefined && supersedes === document.documentId) {
    report.add('SUPERSEDES_SELF', '/supersedes', 'a document cannot supersede itself');
  }
}

/**
 * Periods end on or after their start; lots expire after manufacture; subdivisions lie in their country;
 * from 1.1.0, identifier and code systems follow the release's registry (warnings).
 */
export function sharedDefinitionRules(
  document: JsonObject,
  report: RuleReport,
  release: RuleRelease = '1.0.0',
): void {
  const systems = rulesSince(release, '1.1.0');
  if (!sharedWalkIsExact()) {
    walkObjectsLazily(document, (node, pathOf) =>
      checkSharedDefinitions(node, pathOf, systems, release, report),
    );
    return;
  }
  const trail: Array<string | number> = [];
  const walk: SharedWalk = { trail, pathOf: () => pointerOfTokens(trail), systems, release, report };
  walkShared(document, walk, 0, true);
}

/** Members of an object that make {@link checkSharedDefinitions} look at it (bit flags). */
const HAS_SYSTEM = 1;
const HAS_START = 2;
const HAS_END = 4;
const HAS_LOT = 8;
const HAS_SUBDIVISION = 16;
const HAS_COUNTRY = 32;
const SHARED_MEMBERS = ['system', 'start', 'end', 'lotNumber', 'subdivision', 'country'];

/**
 * The one-pass walk below reads an object's members only when it has them as its own. That is what
 * reading them did, as long as `Object.prototype` (the prototype of every `JSON.parse` object) lists
 * nothing enumerable and has none of those names; otherwise the generic walk runs.
 */
function sharedWalkIsExact(): boolean {
  if (hasEnumerableMembers(Object.prototype)) return false;
  for (const name of SHARED_MEMBERS) if (name in Object.prototype) return false;
  return true;
}

interface SharedWalk {
  trail: Array<string | number>;
  pathOf: () => string;
  systems: boolean;
  release: RuleRelease;
  report: RuleReport;
}

/**
 * The shared-definition rules over a whole document in one recursive walk: each object's member names
 * are seen once, by the loop that descends into its children, and only an object holding one of the
 * members the rules read is checked (most objects hold none). The object's issues are reported before
 * those of its children, as a depth-first visit in document order would report them.
 */
function walkShared(node: object, walk: SharedWalk, depth: number, isRoot: boolean): void {
  if (depth > MAX_RECURSION) {
    const { systems, release, report } = walk;
    walkIteratively(
      node,
      {
        visit: (object, pathOf) => checkSharedDefinitions(object, pathOf, systems, release, report),
        trail: walk.trail,
        pathOf: walk.pathOf,
        forIn: true,
      },
      isRoot,
    );
    return;
  }
  const trail = walk.trail;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (child !== null && typeof child === 'object') {
        trail.push(i);
        walkShared(child, walk, depth + 1, false);
        trail.pop();
      }
    }
    return;
  }
  const object = node as JsonObject;
  if (Object.getPrototypeOf(object) !== Object.prototype) {
    // Not from JSON.parse (a caller's own object): read members as the rules always did, own or not.
    checkSharedDefinitions(object, walk.pathOf, walk.systems, walk.release, walk.report);
    for (const key of Object.keys(object)) {
      const child = object[key];
      if (child !== null && typeof child === 'object' && !(isRoot && key === 'extensions')) {
        trail.push(key);
        walkShared(child, walk, depth + 1, false);
        trail.pop();
      }
    }
    return;
  }
  const issues = walk.report.issues;
  const mark = issues.length;
  let members = 0;
  for (const key in object) {
    switch (key) {
      case 'system':
        members |= HAS_SYSTEM;
        break;
      case 'start':
        members |= HAS_START;
        break;
      case 'end':
        members |= HAS_END;
        break;
      case 'lotNumber':
        members |= HAS_LOT;
        break;
      case 'subdivision':
        members |= HAS_SUBDIVISION;
        break;
      case 'country':
        members |= HAS_COUNTRY;
        break;
    }
    const child = object[key];
    if (child !== null && typeof child === 'object' && !(isRoot && key === 'extensions')) {
      trail.push(key);
      walkShared(child, walk, depth + 1, false);
      trail.pop();
    }
  }
  if (
    (members & HAS_SYSTEM && walk.systems) ||
    (members & (HAS_START | HAS_END)) === (HAS_START | HAS_END) ||
    members & HAS_LOT ||
    (members & (HAS_SUBDIVISION | HAS_COUNTRY)) === (HAS_SUBDIVISION | HAS_COUNTRY)
  ) {
    const before = issues.length;
    checkSharedDefinitions(object, walk.pathOf, walk.systems, walk.release, walk.report);
    // The children were walked first: move this object's own issues in front of theirs.
    if (issues.length > before && before > mark) {
      const own = issues.splice(before);
      issues.splice(mark, 0, ...own);
    }
  }
}

/** The shared-definition rules of one object of the document. */
function checkSharedDefinitions(
  node: JsonObject,
  pathOf: () => string,
  systems: boolean,
  release: RuleRelease,
  report: RuleReport,
): void {
  if (systems && typeof node.system === 'string') checkIdentifierSystem(node, pathOf, release, report);
  if (typeof node.start === 'string' && typeof node.end === 'string') checkPeriod(node, pathOf, report);
  if (typeof node.lotNumber === 'string') checkLot(node, pathOf, report);
  if (typeof node.subdivision === 'string' && typeof node.country === 'string') {
    const country = subdivisionCountry(node.subdivision);
    if (
      country !== undefined &&
      isCountryAlpha2(country) &&
      isCountryAlpha2(node.country) &&
      country !== node.country
    ) {
      report.add(
        'SUBDIVISION_COUNTRY_MISMATCH',
        joinPointer(pathOf(), 'subdivision'),
        `${node.subdivision} is not in ${node.country}`,
        {
          subdivision: node.subdivision,
          country: node.country,
        },
      );
    }
  }
}

function checkPeriod(period: JsonObject, pathOf: () => string, report: RuleReport): void {
  const start = day(period.start);
  const end = day(period.end);
  if (start !== undefined && end !== undefined && end < start) {
    report.add(
      'PERIOD_END_BEFORE_START',
      joinPointer(pathOf(), 'end'),
      `period ends (${end}) before it starts (${start})`,
      {
        start,
        end,
      },
    );
  }
}

function checkLot(lot: JsonObject, pathOf: () => string, report: RuleReport): void {
  const expiry = day(lot.expiryDate);
  const manufacture = day(lot.manufactureDate);
  if (expiry !== undefined && manufacture !== undefined && expiry <= manufacture) {
    report.add(
      'LOT_EXPIRY_NOT_AFTER_MANUFACTURE',
      joinPointer(pathOf(), 'expiryDate'),
      `lot ${String(lot.lotNumber)} expires (${expiry}) on or before its manufacture date (${manufacture})`,
      { expiryDate: expiry, manufactureDate: manufacture },
    );
  }
}

/** Visits every object in a document, depth first in document order (root `extensions` are free-form: skipped). */
export function walkObjects(
  root: unknown,
  rootPath: string,
  visit: (node: JsonObject, path: string) => void,
): void {
  walkObjectsLazily(root, (node, path) => visit(node, rootPath + path()));
}

/**
 * Like {@link walkObjects}, but hands out a function that builds the pointer, so unreported nodes cost
 * nothing. One plain recursive walk that keeps the current path as a stack of tokens (no object per
 * visited node); below {@link MAX_RECURSION} levels it goes on without recursion, so any depth is safe.
 */
export function walkObjectsLazily(
  root: unknown,
  visit: (node: JsonObject, path: () => string) => void,
): void {
  if (root === null || typeof root !== 'object') return;
  const trail: Array<string | number> = [];
  const walker: Walker = {
    visit,
    trail,
    pathOf: () => pointerOfTokens(trail),
    forIn: !hasEnumerableMembers(Object.prototype),
  };
  walk(root, walker, 0, true);
}

/** How deep the recursive walk goes before it hands a subtree to the iterative one. */
const MAX_RECURSION = 400;

interface Walker {
  visit: (node: JsonObject, path: () => string) => void;
  /** Reference tokens from the root to the node being visited. */
  trail: Array<string | number>;
  /** Builds the pointer of the node being visited from `trail`. */
  pathOf: () => string;
  /** Plain objects' members can be listed with `for…in` (nothing enumerable inherited): faster than Object.keys. */
  forIn: boolean;
}

function walk(node: object, walker: Walker, depth: number, isRoot: boolean): void {
  if (depth > MAX_RECURSION) {
    walkIteratively(node, walker, isRoot);
    return;
  }
  const trail = walker.trail;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (child !== null && typeof child === 'object') {
        trail.push(i);
        walk(child, walker, depth + 1, false);
        trail.pop();
      }
    }
    return;
  }
  const object = node as JsonObject;
  walker.visit(object, walker.pathOf);
  if (walker.forIn && Object.getPrototypeOf(object) === Object.prototype) {
    for (const key in object) {
      const child = object[key];
      if (child !== null && typeof child === 'object' && !(isRoot && key === 'extensions')) {
        trail.push(key);
        walk(child, walker, depth + 1, false);
        trail.pop();
      }
    }
    return;
  }
  const keys = Object.keys(object);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const child = object[key];
    if (child !== null && typeof child === 'object' && !(isRoot && key === 'extensions')) {
      trail.push(key);
      walk(child, walker, depth + 1, false);
      trail.pop();
    }
  }
}

function hasEnumerableMembers(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function pointerOfTokens(tokens: ReadonlyArray<string | number>): string {
  let path = '';
  for (const token of tokens) path += `/${escapePointerToken(token)}`;
  return path;
}

/** A visited object's place below the subtree root, for the iterative walk. */
interface Place {
  parent: Place | undefined;
  token: string;
}

function pointerOf(base: string, place: Place | undefined): string {
  let path = '';
  for (let p = place; p !== undefined; p = p.parent) path = `/${escapePointerToken(p.token)}${path}`;
  return base + path;
}

/**
 * The same visit as {@link walk}, with an explicit stack, for subtrees too deep to recurse into: depth
 * first, members in document order.
 */
function walkIteratively(root: object, walker: Walker, rootIsDocument: boolean): void {
  const base = walker.pathOf();
  const stack: Array<[unknown, Place | undefined]> = [[root, undefined]];
  while (stack.length > 0) {
    const [node, place] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const child = node[i];
        if (child !== null && typeof child === 'object')
          stack.push([child, { parent: place, token: String(i) }]);
      }
      continue;
    }
    const object = obj(node);
    if (!object) continue;
    walker.visit(object, () => pointerOf(base, place));
    const keys = Object.keys(object);
    // Pushed in reverse so that members are visited in document order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (rootIsDocument && place === undefined && key === 'extensions') continue;
      const child = object[key];
      if (child !== null && typeof child === 'object') stack.push([child, { parent: place, token: key }]);
    }
  }
}

const GTIN = 'https://www.gs1.org/gtin';
const NDC = 'http://hl7.org/fhir/sid/ndc';

/** True when a product reference names a package (a GTIN, a package NDC, or an inline product at package level). */
function isPackage(product: unknown): boolean {
  const p = obj(product);
  if (!p) return false;
  if (p.level === 'package') return true;
  const identifiers = [obj(p.identifier), ...arr(p.identifiers).map(obj)];
  return identifiers.some(
    (id) =>
      id?.system === GTIN || (id?.system === NDC && typeof id.value === 'string' && isPackageNdc(id.value)),
  );
}

function isPackageNdc(value: string): boolean {
  return value.includes('-') ? value.split('-').length === 3 : value.length >= 11;
}

/**
 * Counting `{pack}` needs to say which pack: either the product itself is a package, or the quantity
 * names one (`packageRef`). One warning per line, at the first quantity that leaves it open.
 */
export function packCountRule(
  product: unknown,
  quantities: ReadonlyArray<readonly [unknown, string]> | (() => ReadonlyArray<readonly [unknown, string]>),
  report: RuleReport,
): void {
  if (isPackage(product)) return;
  // A function lists the quantities (and builds their pointers) only for a product that is not a package.
  for (const [value, path] of typeof quantities === 'function' ? quantities() : quantities) {
    const q = obj(value);
    if (q?.unit === '{pack}' && q.packageRef === undefined) {
      report.warn(
        'PACK_COUNT_WITHOUT_PACKAGE',
        path,
        'counts packs of a product that is not a package, without saying which package (packageRef)',
      );
      return;
    }
  }
}
