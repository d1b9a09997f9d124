import { LOT_INSTANCE_FIELDS, PRODUCT_FIELDS, fieldUrl } from '../extensions/specs.js';
import type { FhirCoding, FhirReference, FhirResource } from '../types.js';
import { LOCATION_TYPE_SYSTEM, PARTY_ROLE_SYSTEM, PRODUCT_LOT_SYSTEM, UCUM_SYSTEM } from '../urls.js';
import { compact, isObject, own, ownArray, ownNumber, ownObject, ownString } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import {
  codeConcept,
  codingToFhir,
  conceptToFhir,
  extensionsOrUndefined,
  identifierToFhir,
} from './datatypes.js';
import { writeFields } from './fields.js';
import { quantityToFhir } from './measures.js';

/**
 * Organisations, places and products are shared master data: an inline canonical object becomes
 * one Bundle entry (conditional create on its first identifier) that every document references;
 * a canonical reference by identifier stays a logical FHIR reference (`Reference.identifier`).
 */

/** True when a PartyRef/LocationRef/ProductRef names its target by identifier only. */
export function isReferenceByIdentifier(value: unknown): boolean {
  return isObject(value) && Object.hasOwn(value, 'identifier');
}

function logicalReference(
  ctx: ToFhirContext,
  value: unknown,
  type: string | undefined,
  path: string,
  holder: Holder | undefined,
): FhirReference {
  return compact({
    type,
    identifier: identifierToFhir(ctx, own(value, 'identifier'), `${path}/identifier`, holder),
  });
}

/** Key of a shared resource: its first identifier (inline objects have at least one). */
function firstIdentifier(value: unknown): { system: string; value: string } {
  const first = ownArray(value, 'identifiers')[0];
  return { system: ownString(first, 'system') ?? '', value: ownString(first, 'value') ?? '' };
}

/** Finishes a shared resource: `contained` (conflicting copies it refers to) goes right after `resourceType`. */
function withContained(resource: FhirResource, holder: Holder | undefined): FhirResource {
  if (holder === undefined || holder.contained.length === 0) return resource;
  const { resourceType, ...rest } = resource;
  return { resourceType, contained: holder.contained, ...rest };
}

function ownHolder(canContain: boolean): Holder | undefined {
  return canContain ? { contained: [] } : undefined;
}

/** PartyRef → Reference(Organization) (https://hl7.org/fhir/R5/organization.html). */
export function partyReference(
  ctx: ToFhirContext,
  party: unknown,
  path: string,
  holder: Holder | undefined,
): FhirReference {
  if (isReferenceByIdentifier(party)) return logicalReference(ctx, party, 'Organization', path, holder);
  return ctx.sharedReference(
    { resourceType: 'Organization', ...firstIdentifier(party) },
    party,
    (canContain) => organization(ctx, party, path, ownHolder(canContain)),
    path,
    holder,
  );
}

function organization(
  ctx: ToFhirContext,
  party: unknown,
  path: string,
  holder: Holder | undefined,
): FhirResource {
  const country = ownString(party, 'country');
  const address = country === undefined ? undefined : { country };
  return withContained(
    compact({
      resourceType: 'Organization',
      identifier: ownArray(party, 'identifiers').map((id, i) =>
        identifierToFhir(ctx, id, `${path}/identifiers/${i}`, holder),
      ),
      type: ownArray(party, 'roles').map((role) => codeConcept(PARTY_ROLE_SYSTEM, String(role))),
      name: ownString(party, 'name'),
      // R5 moved Organization.address into contact (ExtendedContactDetail).
      address: ctx.version === '4' && address ? [address] : undefined,
      contact: ctx.version === '5' && address ? [{ address }] : undefined,
    }),
    holder,
  );
}

/** LocationRef → Reference(Location) (https://hl7.org/fhir/R5/location.html). */
export function locationReference(
  ctx: ToFhirContext,
  location: unknown,
  path: string,
  holder: Holder | undefined,
): FhirReference {
  if (isReferenceByIdentifier(location)) return logicalReference(ctx, location, 'Location', path, holder);
  return ctx.sharedReference(
    { resourceType: 'Location', ...firstIdentifier(location) },
    location,
    (canContain) => locationResource(ctx, location, path, ownHolder(canContain)),
    path,
    holder,
  );
}

function locationResource(
  ctx: ToFhirContext,
  location: unknown,
  path: string,
  holder: Holder | undefined,
): FhirResource {
  const geo = ownObject(location, 'geo');
  const operator = own(location, 'operator');
  const type = ownString(location, 'type');
  return withContained(
    compact({
      resourceType: 'Location',
      identifier: ownArray(location, 'identifiers').map((id, i) =>
        identifierToFhir(ctx, id, `${path}/identifiers/${i}`, holder),
      ),
      name: ownString(location, 'name'),
      type: type === undefined ? undefined : [codeConcept(LOCATION_TYPE_SYSTEM, type)],
      address: compact({
        state: ownString(location, 'subdivision'),
        country: ownString(location, 'country'),
      }),
      position:
        geo === undefined ? undefined : { longitude: ownNumber(geo, 'lon'), latitude: ownNumber(geo, 'lat') },
      managingOrganization:
        operator === undefined ? undefined : partyReference(ctx, operator, `${path}/operator`, holder),
    }),
    holder,
  );
}

/** ProductRef → Reference(Medication) (https://hl7.org/fhir/R5/medication.html). */
export function productReference(
  ctx: ToFhirContext,
  product: unknown,
  path: string,
  holder: Holder | undefined,
): FhirReference {
  if (isReferenceByIdentifier(product)) return logicalReference(ctx, product, 'Medication', path, holder);
  return ctx.sharedReference(
    { resourceType: 'Medication', ...firstIdentifier(product) },
    product,
    (canContain) => medication(ctx, product, path, ownHolder(canContain)),
    path,
    holder,
  );
}

function medication(
  ctx: ToFhirContext,
  product: unknown,
  path: string,
  holder: Holder | undefined,
): FhirResource {
  const r4 = ctx.version === '4';
  const identifiers = ownArray(product, 'identifiers');
  // Identifiers also travel as codes: Medication.code is where FHIR users look for NDC, GTIN or RxNorm.
  const coding: FhirCoding[] = identifiers.map((id) =>
    compact({ system: ownString(id, 'system'), code: ownString(id, 'value') }),
  );
  const atc = own(product, 'atc');
  if (atc !== undefined) coding.push(codingToFhir(atc));
  const doseForm = own(product, 'doseForm');
  const packSize = own(product, 'packSize');
  const holderParty = own(own(product, 'marketingAuthorisation'), 'holder');
  const extension = writeFields(ctx, product, PRODUCT_FIELDS, fieldUrl('Product'), path, holder);
  return withContained(
    compact({
      resourceType: 'Medication',
      extension: extensionsOrUndefined(extension),
      identifier: identifiers.map((id, i) => identifierToFhir(ctx, id, `${path}/identifiers/${i}`, holder)),
      code: compact({ coding, text: ownString(product, 'name') }),
      marketingAuthorizationHolder:
        !r4 && holderParty !== undefined
          ? partyReference(ctx, holderParty, `${path}/marketingAuthorisation/holder`, holder)
          : undefined,
      form: r4 && doseForm !== undefined ? conceptToFhir(doseForm) : undefined,
      doseForm: !r4 && doseForm !== undefined ? conceptToFhir(doseForm) : undefined,
      amount:
        r4 && packSize !== undefined
          ? {
              numerator: quantityToFhir(ctx, packSize, `${path}/packSize`, holder),
              denominator: { value: 1, system: UCUM_SYSTEM, code: '1' },
            }
          : undefined,
      totalVolume:
        !r4 && packSize !== undefined ? quantityToFhir(ctx, packSize, `${path}/packSize`, holder) : undefined,
      ingredient: optionalArray(
        ownArray(product, 'ingredients').map((ingredient, i) => {
          const strength = ownObject(ingredient, 'strength');
          const at = `${path}/ingredients/${i}`;
          const ratio =
            strength === undefined
              ? undefined
              : {
                  numerator: quantityToFhir(
                    ctx,
                    own(strength, 'numerator'),
                    `${at}/strength/numerator`,
                    holder,
                  ),
                  denominator: quantityToFhir(
                    ctx,
                    own(strength, 'denominator'),
                    `${at}/strength/denominator`,
                    holder,
                  ),
                };
          const substance = conceptToFhir(own(ingredient, 'substance'));
          return r4
            ? compact({ itemCodeableConcept: substance, isActive: true, strength: ratio })
            : compact({ item: { concept: substance }, isActive: true, strengthRatio: ratio });
        }),
      ),
    }),
    holder,
  );
}

/**
 * R5: one lot of one product → Reference(InventoryItem) whose `instance` holds the lot
 * (https://hl7.org/fhir/R5/inventoryitem.html) and whose `productReference` names the product.
 */
export function lotReference(
  ctx: ToFhirContext,
  product: unknown,
  lot: unknown,
  path: string,
  holder: Holder | undefined,
): FhirReference {
  const productKey = isReferenceByIdentifier(product)
    ? {
        system: ownString(own(product, 'identifier'), 'system') ?? '',
        value: ownString(own(product, 'identifier'), 'value') ?? '',
      }
    : firstIdentifier(product);
  const lotNumber = ownString(lot, 'lotNumber') ?? '';
  return ctx.sharedReference(
    {
      resourceType: 'InventoryItem',
      system: PRODUCT_LOT_SYSTEM,
      value: `${productKey.system}|${productKey.value}|${lotNumber}`,
    },
    { product, lot },
    (canContain) => {
      const own = ownHolder(canContain);
      const instanceExtension = writeFields(
        ctx,
        lot,
        LOT_INSTANCE_FIELDS,
        fieldUrl('Lot'),
        `${path}/lot`,
        own,
      );
      return withContained(
        compact({
          resourceType: 'InventoryItem',
          identifier: [
            { system: PRODUCT_LOT_SYSTEM, value: `${productKey.system}|${productKey.value}|${lotNumber}` },
          ],
          status: 'active',
          productReference: productReference(ctx, product, `${path}/product`, own),
          instance: compact({
            extension: extensionsOrUndefined(instanceExtension),
            lotNumber,
            expiry: ownString(lot, 'expiryDate'),
          }),
        }),
        own,
      );
    },
    `${path}/lot`,
    holder,
  );
}

/** SupplySourceRef → Reference: an Organization (inline Party), a Location (inline Location) or a logical reference. */
export function supplySourceReference(
  ctx: ToFhirContext,
  source: unknown,
  path: string,
  holder: Holder | undefined,
): FhirReference {
  if (isReferenceByIdentifier(source)) return logicalReference(ctx, source, undefined, path, holder);
  return own(source, 'roles') !== undefined
    ? partyReference(ctx, source, path, holder)
    : locationReference(ctx, source, path, holder);
}

function optionalArray<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}
