import type { Party } from '@medsupply/types';
import { ORGANIZATION_TYPE_SYSTEM, PARTY_ROLE_SYSTEM } from '../urls.js';
import { countryAlpha2 } from '../util/countries.js';
import { own, ownArray, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { codesIn } from './datatypes.js';
import { type ByIdentifier, byFirstIdentifier, fromReference, missingMembers } from './references.js';
import { resourceIdentifiers } from './resource-identifiers.js';

const PARTY_ROLES = new Set([
  'marketingAuthorisationHolder',
  'manufacturer',
  'apiManufacturer',
  'labeler',
  'repackager',
  'distributor',
  'procurementAgent',
  'healthFacility',
  'regulator',
  'ministryOfHealth',
  'logisticsProvider',
]);

/** Reference(Organization) → PartyRef. */
export function partyFromReference(
  ctx: FromFhirContext,
  reference: unknown,
  from: Located,
  path: string,
): Party | ByIdentifier | undefined {
  return fromReference(ctx, reference, from, path, ['Organization', 'PractitionerRole'], (target) =>
    target.resource.resourceType === 'Organization'
      ? partyFromOrganization(ctx, target)
      : // A practitioner acting in a role speaks for the role's organisation.
        partyFromReference(ctx, own(target.resource, 'organization'), target, `${target.path}/organization`),
  );
}

/**
 * Organization → inline Party when it has identifiers, name, roles (medsupply party-role codes, or HL7
 * `prov` as healthFacility) and a country; else a reference by its first identifier.
 */
export function partyFromOrganization(
  ctx: FromFhirContext,
  target: Located,
): Party | ByIdentifier | undefined {
  const resource = target.resource;
  const identifiers = resourceIdentifiers(ctx, target);
  const name = ownString(resource, 'name');
  const roles = [...codesIn(own(resource, 'type'), PARTY_ROLE_SYSTEM).filter((r) => PARTY_ROLES.has(r))];
  if (roles.length === 0 && codesIn(own(resource, 'type'), ORGANIZATION_TYPE_SYSTEM).includes('prov')) {
    roles.push('healthFacility');
  }
  const country = countryAlpha2(addressCountry(resource));
  const missing = missingMembers({ identifiers, name, roles, country });
  if (missing.length === 0)
    return { identifiers, name: name!, roles: roles as Party['roles'], country: country! };
  return byFirstIdentifier(ctx, target, identifiers, missing);
}

export function addressCountry(resource: unknown): string | undefined {
  for (const address of ownArray(resource, 'address')) {
    const country = ownString(address, 'country');
    if (country !== undefined) return country;
  }
  for (const contact of ownArray(resource, 'contact')) {
    const country = ownString(own(contact, 'address'), 'country');
    if (country !== undefined) return country;
  }
  return undefined;
}
