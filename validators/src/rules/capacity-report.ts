/** CapacityReport rules: a volume figure is given, and non-operating sites say why. */
import { packCountRule } from './common.js';
import type { RuleReport } from './rule.js';
import { type JsonObject, amount, arr, obj } from './values.js';

const MANUFACTURING_ROLES = new Set(['manufacturer', 'apiManufacturer']);
/** Repacking and relabelling are done by repackagers and labelers, who need not manufacture. */
const ROLE_FOR_OPERATION: Readonly<Record<string, string>> = { repack: 'repackager', relabel: 'labeler' };
const MANUFACTURING_SITES = new Set(['manufacturingSite', 'apiSite']);

/** Checks one CapacityReport. */
export function capacityReportRules(document: JsonObject, report: RuleReport): void {
  if (document.producedQuantity === undefined && document.nominalCapacity === undefined) {
    report.add(
      'CAPACITY_QUANTITY_REQUIRED',
      '/producedQuantity',
      'give the produced quantity, the nominal capacity, or both',
    );
  }
  const status = document.operatingStatus;
  // Only a site that is not operating must say why (RESEARCH §7.4); reduced output may give a reason.
  if ((status === 'suspended' || status === 'discontinued') && document.statusReason === undefined) {
    report.add(
      'STATUS_REASON_REQUIRED',
      '/statusReason',
      `an operating status of ${status} needs a statusReason`,
      { operatingStatus: status },
    );
  }
  const manufacturer = obj(document.manufacturer);
  if (manufacturer && manufacturer.identifier === undefined && Array.isArray(manufacturer.roles)) {
    const operationRole = ROLE_FOR_OPERATION[String(document.businessOperation)];
    const fits = (role: unknown) => MANUFACTURING_ROLES.has(String(role)) || role === operationRole;
    if (!arr(manufacturer.roles).some(fits)) {
      const expected = ['manufacturer', 'apiManufacturer', ...(operationRole ? [operationRole] : [])];
      report.add(
        'MANUFACTURER_ROLE_REQUIRED',
        '/manufacturer/roles',
        `the manufacturer has none of the roles ${expected.join(', ')}`,
        { expected },
      );
    }
  }
  const site = obj(document.site);
  if (
    site &&
    site.identifier === undefined &&
    typeof site.type === 'string' &&
    !MANUFACTURING_SITES.has(site.type)
  ) {
    report.add('SITE_TYPE_MISMATCH', '/site/type', `a ${site.type} is not a manufacturing site`, {
      type: site.type,
    });
  }
  const members = ['producedQuantity', 'nominalCapacity', 'availableSurgeCapacity', 'stockAtSite'];
  packCountRule(document.product, () => members.map((m) => [document[m], `/${m}`] as const), report);
  const produced = amount(document.producedQuantity);
  const nominal = amount(document.nominalCapacity);
  if (produced && nominal && produced.unit === nominal.unit && produced.value > nominal.value) {
    report.warn(
      'PRODUCED_EXCEEDS_NOMINAL',
      '/producedQuantity',
      `produced ${produced.value} is above the nominal capacity ${nominal.value}`,
    );
  }
}
