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
  walkObjectsLazily(document, (node, pathOf) => {
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
  });
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

/** A visited object's place in the document; its JSON Pointer is built only when a rule reports. */
interface Place {
  parent: Place | undefined;
  token: string;
}

function pointerOf(place: Place | undefined): string {
  let path = '';
  for (let p = place; p !== undefined; p = p.parent) path = `/${escapePointerToken(p.token)}${path}`;
  return path;
}

/** Visits every object in a document, depth first in document order (root `extensions` are free-form: skipped). */
export function walkObjects(
  root: unknown,
  rootPath: string,
  visit: (node: JsonObject, path: string) => void,
): void {
  walkObjectsLazily(root, (node, path) => visit(node, rootPath + path()));
}

/** Like {@link walkObjects}, but hands out a function that builds the pointer, so unreported nodes cost nothing. */
export function walkObjectsLazily(
  root: unknown,
  visit: (node: JsonObject, path: () => string) => void,
): void {
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
    visit(object, () => pointerOf(place));
    const keys = Object.keys(object);
    // Pushed in reverse so that members are visited in document order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (place === undefined && key === 'extensions') continue;
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
  quantities: ReadonlyArray<readonly [unknown, string]>,
  report: RuleReport,
): void {
  if (isPackage(product)) return;
  for (const [value, path] of quantities) {
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
