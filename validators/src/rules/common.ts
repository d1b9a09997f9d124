/**
 * Rules that hold for every document type: the envelope, and the shared definitions wherever they
 * appear (periods, lots, locations).
 */
import { isCountryAlpha2, subdivisionCountry } from '../formats/iso3166.js';
import { joinPointer } from '../pointer.js';
import type { RuleReport } from './rule.js';
import { type JsonObject, day, obj, str } from './values.js';

/** documentStatus replace/cancel must name the document it supersedes, and not itself. */
export function envelopeRules(document: JsonObject, report: RuleReport): void {
  const status = document.documentStatus;
  const supersedes = str(document.supersedes);
  if ((status === 'replace' || status === 'cancel') && supersedes === undefined) {
    report.add('SUPERSEDES_REQUIRED', '/supersedes', `a ${status} document must give the documentId it supersedes`);
  }
  if (supersedes !== undefined && supersedes === document.documentId) {
    report.add('SUPERSEDES_SELF', '/supersedes', 'a document cannot supersede itself');
  }
}

/** Periods end on or after their start; lots expire after manufacture; subdivisions lie in their country. */
export function sharedDefinitionRules(document: JsonObject, report: RuleReport): void {
  walkObjects(document, '', (node, path) => {
    if (typeof node.start === 'string' && typeof node.end === 'string') checkPeriod(node, path, report);
    if (typeof node.lotNumber === 'string') checkLot(node, path, report);
    if (typeof node.subdivision === 'string' && typeof node.country === 'string') {
      const country = subdivisionCountry(node.subdivision);
      if (country !== undefined && isCountryAlpha2(node.country) && country !== node.country) {
        report.add('SUBDIVISION_COUNTRY_MISMATCH', joinPointer(path, 'subdivision'), `${node.subdivision} is not in ${node.country}`, {
          subdivision: node.subdivision,
          country: node.country,
        });
      }
    }
  });
}

function checkPeriod(period: JsonObject, path: string, report: RuleReport): void {
  const start = day(period.start);
  const end = day(period.end);
  if (start !== undefined && end !== undefined && end < start) {
    report.add('PERIOD_END_BEFORE_START', joinPointer(path, 'end'), `period ends (${end}) before it starts (${start})`, {
      start,
      end,
    });
  }
}

function checkLot(lot: JsonObject, path: string, report: RuleReport): void {
  const expiry = day(lot.expiryDate);
  const manufacture = day(lot.manufactureDate);
  if (expiry !== undefined && manufacture !== undefined && expiry <= manufacture) {
    report.add(
      'LOT_EXPIRY_NOT_AFTER_MANUFACTURE',
      joinPointer(path, 'expiryDate'),
      `lot ${String(lot.lotNumber)} expires (${expiry}) on or before its manufacture date (${manufacture})`,
      { expiryDate: expiry, manufactureDate: manufacture },
    );
  }
}

/** Visits every object in a document, depth first, with its JSON Pointer (extensions are free-form: skipped). */
export function walkObjects(root: unknown, rootPath: string, visit: (node: JsonObject, path: string) => void): void {
  const stack: Array<[unknown, string]> = [[root, rootPath]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${path}/${i}`]);
      continue;
    }
    const object = obj(node);
    if (!object) continue;
    visit(object, path);
    const keys = Object.keys(object);
    // Pushed in reverse so that members are visited in document order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (path === '' && key === 'extensions') continue;
      const child = object[key];
      if (child !== null && typeof child === 'object') stack.push([child, joinPointer(path, key)]);
    }
  }
}
