import type { Location, Party } from '@medsupply/types';
import { LOCATION_TYPE_SYSTEM } from '../urls.js';
import { countryAlpha2 } from '../util/countries.js';
import { own, ownNumber, ownObject, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { codesIn } from './datatypes.js';
import { partyFromOrganization, partyFromReference } from './party.js';
import { type ByIdentifier, byFirstIdentifier, fromReference, missingMembers } from './references.js';
import { resourceIdentifiers } from './resource-identifiers.js';

const LOCATION_TYPES = new Set([
  'manufacturingSite',
  'apiSite',
  'warehouse',
  'healthFacility',
  'port',
  'other',
]);
// HL7 v3 RoleCode service delivery locations that are plainly health facilities.
const V3_ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const V3_HEALTH_FACILITIES = new Set(['HOSP', 'PHARM', 'INPHARM', 'OUTPHARM', 'COMM', 'PC', 'GACH', 'CHR']);

/** Reference(Location) → LocationRef. */
export function locationFromReference(
  ctx: FromFhirContext,
  reference: unknown,
  from: Located,
  path: string,
): Location | ByIdentifier | undefined {
  return fromReference(ctx, reference, from, path, ['Location'], (target) =>
    locationFromLocation(ctx, target),
  );
}

/** Location → inline canonical Location (identifiers, type, country needed), else a reference by identifier. */
export function locationFromLocation(
  ctx: FromFhirContext,
  target: Located,
): Location | ByIdentifier | undefined {
  const resource = target.resource;
  const identifiers = resourceIdentifiers(ctx, target);
  const types = codesIn(own(resource, 'type'), LOCATION_TYPE_SYSTEM).filter((t) => LOCATION_TYPES.has(t));
  let type = types[0];
  if (
    type === undefined &&
    codesIn(own(resource, 'type'), V3_ROLE_CODE).some((c) => V3_HEALTH_FACILITIES.has(c))
  ) {
    type = 'healthFacility';
  }
  const address = ownObject(resource, 'address');
  const country = countryAlpha2(ownString(address, 'country'));
  const missing = missingMembers({ identifiers, type, country });
  if (missing.length > 0) return byFirstIdentifier(ctx, target, identifiers, missing);
  const location: Location = { identifiers, type: type as Location['type'], country: country! };
  const name = ownString(resource, 'name');
  if (name !== undefined) location.name = name;
  const subdivision = subdivisionOf(ownString(address, 'state'), country!);
  if (subdivision !== undefined) location.subdivision = subdivision;
  const position = ownObject(resource, 'position');
  const lat = ownNumber(position, 'latitude');
  const lon = ownNumber(position, 'longitude');
  if (lat !== undefined && lon !== undefined) location.geo = { lat, lon };
  const operator = own(resource, 'managingOrganization');
  if (operator !== undefined) {
    const party = partyFromReference(ctx, operator, target, `${target.path}/managingOrganization`);
    if (party !== undefined) location.operator = party;
  }
  return location;
}

/** Address.state as ISO 3166-2: kept when it is a code, prefixed with the country when it is a bare one. */
function subdivisionOf(state: string | undefined, country: string): string | undefined {
  if (state === undefined) return undefined;
  if (/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(state)) return state;
  return /^[A-Z0-9]{1,3}$/.test(state) ? `${country}-${state}` : undefined;
}

/** Reference → SupplySourceRef: an inline Party (Organization), an inline Location, or by identifier. */
export function supplySourceFromReference(
  ctx: FromFhirContext,
  reference: unknown,
  from: Located,
  path: string,
): Party | Location | ByIdentifier | undefined {
  return fromReference<Party | Location>(
    ctx,
    reference,
    from,
    path,
    ['Organization', 'Location'],
    (target) =>
      target.resource.resourceType === 'Organization'
        ? partyFromOrganization(ctx, target)
        : locationFromLocation(ctx, target),
  );
}
