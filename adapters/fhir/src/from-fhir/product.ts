import type { Coding, Identifier, Lot, Product } from '@medsupply/types';
import { LOT_INSTANCE_FIELDS, PRODUCT_FIELDS, fieldUrl } from '../extensions/specs.js';
import { ATC_SYSTEM, PRODUCT_LOT_SYSTEM } from '../urls.js';
import { isObject, own, ownArray, ownNumber, ownObject, ownString } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { codingFromConcept, dateFromFhir, identifiersFromFhir } from './datatypes.js';
import { readFields } from './fields.js';
import { quantityFromFhir } from './measures.js';
import { type ByIdentifier, byFirstIdentifier, fromReference, missingMembers } from './references.js';

// Resources that name a supplied item without being a Medication or InventoryItem.
const PRODUCT_KINDS = [
  'Device',
  'DeviceDefinition',
  'BiologicallyDerivedProduct',
  'Substance',
  'NutritionProduct',
  'MedicationKnowledge',
  'PackagedProductDefinition',
  'ManufacturedItemDefinition',
];
const PRODUCT_LEVELS = new Set(['package', 'medicinalProduct', 'pharmaceuticalProduct', 'substance']);

/** Reference(Medication | InventoryItem) → ProductRef (a lot, if any, is dropped: see itemFromReference). */
export function productFromReference(
  ctx: FromFhirContext,
  reference: unknown,
  from: Located,
  path: string,
): Product | ByIdentifier | undefined {
  return itemFromReference(ctx, reference, from, path).product;
}

/** A supplied or counted item: its product and, when the reference names one, its lot. */
export interface ItemRead {
  product?: Product | ByIdentifier;
  lot?: Lot;
}

/**
 * Reference(Medication | InventoryItem) → product and lot. An InventoryItem with an `instance` is a
 * lot (R5, https://hl7.org/fhir/R5/inventoryitem.html); its product is its productReference, or the
 * item itself. A Medication's batch is read as the lot.
 */
export function itemFromReference(
  ctx: FromFhirContext,
  reference: unknown,
  from: Located,
  path: string,
): ItemRead {
  let lot: Lot | undefined;
  const product = fromReference(
    ctx,
    reference,
    from,
    path,
    ['Medication', 'InventoryItem'],
    (target) => {
      if (target.resource.resourceType === 'Medication') {
        lot = lotFromBatch(ctx, target);
        return productFromMedication(ctx, target);
      }
      lot = lotFromInstance(ctx, target);
      const productReference = own(target.resource, 'productReference');
      if (productReference !== undefined) {
        const read = productFromReference(ctx, productReference, target, `${target.path}/productReference`);
        if (read !== undefined) return read;
      }
      return productFromInventoryItem(ctx, target);
    },
    PRODUCT_KINDS,
  );
  const item: ItemRead = {};
  if (product !== undefined) item.product = product;
  if (lot !== undefined) item.lot = lot;
  return item;
}

function lotFromBatch(ctx: FromFhirContext, target: Located): Lot | undefined {
  const batch = ownObject(target.resource, 'batch');
  const lotNumber = ownString(batch, 'lotNumber');
  if (lotNumber === undefined) return undefined;
  const lot: Lot = { lotNumber };
  const expiry = dateFromFhir(ctx, own(batch, 'expirationDate'), `${target.path}/batch/expirationDate`);
  if (expiry !== undefined) lot.expiryDate = expiry;
  return lot;
}

function lotFromInstance(ctx: FromFhirContext, target: Located): Lot | undefined {
  const instance = ownObject(target.resource, 'instance');
  const lotNumber = ownString(instance, 'lotNumber');
  if (lotNumber === undefined) return undefined;
  const path = `${target.path}/instance`;
  const lot: Lot = { lotNumber };
  const expiry = dateFromFhir(ctx, own(instance, 'expiry'), `${path}/expiry`);
  if (expiry !== undefined) lot.expiryDate = expiry;
  const extras = readFields(
    ctx,
    ownArray(instance, 'extension'),
    LOT_INSTANCE_FIELDS,
    fieldUrl('Lot'),
    target,
    path,
  );
  return { ...lot, ...extras } as Lot;
}

/** A CodeableConcept naming a product: its first coding with a system, as a reference by identifier. */
export function productFromConcept(
  ctx: FromFhirContext,
  concept: unknown,
  path: string,
): ByIdentifier | undefined {
  for (const coding of ownArray(concept, 'coding')) {
    const system = ownString(coding, 'system');
    const code = ownString(coding, 'code');
    if (system !== undefined && code !== undefined) return { identifier: { system, value: code } };
  }
  if (ownArray(concept, 'coding').length > 0) {
    ctx.report(
      'warning',
      'FHIR_IDENTIFIER_WITHOUT_SYSTEM',
      path,
      'the item code has no system, so it names no product',
    );
  }
  return undefined;
}

/**
 * Medication → inline Product (https://hl7.org/fhir/R5/medication.html). Identifiers come from
 * Medication.identifier and the codes of Medication.code (ATC aside, which is the product's class).
 */
export function productFromMedication(
  ctx: FromFhirContext,
  target: Located,
): Product | ByIdentifier | undefined {
  const resource = target.resource;
  const path = target.path;
  const code = ownObject(resource, 'code');
  const identifiers = mergeIdentifiers(
    identifiersFromFhir(ctx, ownArray(resource, 'identifier'), target, `${path}/identifier`),
    codesAsIdentifiers(code),
  );
  const extras = readFields(
    ctx,
    ownArray(resource, 'extension'),
    PRODUCT_FIELDS,
    fieldUrl('Product'),
    target,
    path,
  );
  const name = ownString(code, 'text') ?? firstDisplay(code);
  const level = productLevel(ctx, extras.level, identifiers, target);
  const missing = missingMembers({ identifiers, name, level });
  if (missing.length > 0) return byFirstIdentifier(ctx, target, identifiers, missing);
  const product: Product = { identifiers, level: level as Product['level'], name: name! };
  const ingredients = ingredientsOf(ctx, target);
  if (ingredients.length > 0) product.ingredients = ingredients;
  const doseForm = codingFromConcept(own(resource, 'doseForm') ?? own(resource, 'form'));
  if (doseForm !== undefined) product.doseForm = doseForm;
  if (extras.route !== undefined) product.route = extras.route as Product['route'];
  const atc = codingFromConcept(code, ATC_SYSTEM);
  if (atc !== undefined) product.atc = atc;
  const packSize = packSizeOf(ctx, target);
  if (packSize !== undefined) product.packSize = packSize;
  if (extras.marketingAuthorisation !== undefined) {
    product.marketingAuthorisation = extras.marketingAuthorisation as Product['marketingAuthorisation'];
  }
  if (extras.productClass !== undefined)
    product.productClass = extras.productClass as Product['productClass'];
  return product;
}

/** InventoryItem without a product reference → Product from its own identifiers, codes and names. */
export function productFromInventoryItem(
  ctx: FromFhirContext,
  target: Located,
): Product | ByIdentifier | undefined {
  const resource = target.resource;
  const identifiers = mergeIdentifiers(
    identifiersFromFhir(
      ctx,
      ownArray(resource, 'identifier'),
      target,
      `${target.path}/identifier`,
      (system) => system === PRODUCT_LOT_SYSTEM,
    ),
    ownArray(resource, 'code').flatMap(codesAsIdentifiers),
  );
  const names = ownArray(resource, 'name');
  const preferred = names.find((n) => ownString(own(n, 'nameType'), 'code') === 'preferred') ?? names[0];
  const name = ownString(preferred, 'name');
  const level = productLevel(ctx, undefined, identifiers, target);
  const missing = missingMembers({ identifiers, name, level });
  if (missing.length > 0) return byFirstIdentifier(ctx, target, identifiers, missing);
  const product: Product = { identifiers, level: level as Product['level'], name: name! };
  const netContent = own(resource, 'netContent');
  if (netContent !== undefined) {
    const packSize = quantityFromFhir(ctx, netContent, target, `${target.path}/netContent`);
    if (packSize !== undefined) product.packSize = packSize;
  }
  return product;
}

function codesAsIdentifiers(concept: unknown): Identifier[] {
  const found: Identifier[] = [];
  for (const coding of ownArray(concept, 'coding')) {
    const system = ownString(coding, 'system');
    const value = ownString(coding, 'code');
    if (system !== undefined && value !== undefined && system !== ATC_SYSTEM) found.push({ system, value });
  }
  return found;
}

function mergeIdentifiers(first: Identifier[], more: Identifier[]): Identifier[] {
  const seen = new Set(first.map((id) => `${id.system}|${id.value}`));
  const merged = [...first];
  for (const id of more) {
    const key = `${id.system}|${id.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      merged.push(id);
    }
  }
  return merged;
}

function firstDisplay(concept: unknown): string | undefined {
  for (const coding of ownArray(concept, 'coding')) {
    const display = ownString(coding, 'display');
    if (display !== undefined) return display;
  }
  return undefined;
}

/**
 * The canonical product level: the medsupply extension, else `package` when a GTIN or a package NDC
 * (three segments, or 11 digits) identifies it, else `medicinalProduct` (what a FHIR Medication is).
 */
function productLevel(
  ctx: FromFhirContext,
  declared: unknown,
  identifiers: Identifier[],
  target: Located,
): string | undefined {
  if (typeof declared === 'string' && PRODUCT_LEVELS.has(declared)) return declared;
  if (identifiers.length === 0) return undefined;
  const packaged = identifiers.some(
    (id) =>
      id.system === 'https://www.gs1.org/gtin' ||
      (id.system === 'http://hl7.org/fhir/sid/ndc' &&
        (/^\d+-\d+-\d+$/.test(id.value) || /^\d{11}$/.test(id.value))),
  );
  const level = packaged ? 'package' : 'medicinalProduct';
  ctx.report('info', 'FHIR_PRODUCT_LEVEL_DERIVED', target.path, `product level read as ${level}`, { level });
  return level;
}

function ingredientsOf(ctx: FromFhirContext, target: Located): NonNullable<Product['ingredients']> {
  const found: NonNullable<Product['ingredients']> = [];
  ownArray(target.resource, 'ingredient').forEach((ingredient, index) => {
    if (own(ingredient, 'isActive') === false) return;
    const path = `${target.path}/ingredient/${index}`;
    const substance = substanceOf(ctx, ingredient, target);
    if (substance === undefined) {
      ctx.report(
        'warning',
        'FHIR_VALUE_UNMAPPED',
        path,
        'an ingredient without a coded substance was left out',
      );
      return;
    }
    const ratio = own(ingredient, 'strength') ?? own(ingredient, 'strengthRatio');
    const numerator = isObject(ratio)
      ? quantityFromFhir(ctx, own(ratio, 'numerator'), target, `${path}/strength/numerator`)
      : undefined;
    const denominator = isObject(ratio)
      ? quantityFromFhir(ctx, own(ratio, 'denominator'), target, `${path}/strength/denominator`)
      : undefined;
    found.push(
      numerator !== undefined && denominator !== undefined
        ? { substance, strength: { numerator, denominator } }
        : { substance },
    );
  });
  return found;
}

/** The coded substance of an ingredient: its concept, or the code of the Substance it references. */
function substanceOf(ctx: FromFhirContext, ingredient: unknown, target: Located): Coding | undefined {
  const concept = own(ingredient, 'itemCodeableConcept') ?? own(own(ingredient, 'item'), 'concept');
  if (concept !== undefined) return codingFromConcept(concept);
  const reference = own(ingredient, 'itemReference') ?? own(own(ingredient, 'item'), 'reference');
  const substance = reference === undefined ? undefined : ctx.resolver.resolve(reference, target);
  if (substance?.resource.resourceType !== 'Substance') return undefined;
  // R5 Substance.code is a CodeableReference.
  const code = own(substance.resource, 'code');
  return codingFromConcept(own(code, 'concept') ?? code);
}

function packSizeOf(ctx: FromFhirContext, target: Located): Product['packSize'] | undefined {
  const totalVolume = own(target.resource, 'totalVolume');
  if (totalVolume !== undefined)
    return quantityFromFhir(ctx, totalVolume, target, `${target.path}/totalVolume`);
  const amount = ownObject(target.resource, 'amount');
  if (amount === undefined) return undefined;
  const per = ownNumber(own(amount, 'denominator'), 'value');
  if (per !== undefined && per !== 1) {
    ctx.report(
      'warning',
      'FHIR_VALUE_UNMAPPED',
      `${target.path}/amount`,
      'an amount per more than one unit is not a pack size',
    );
    return undefined;
  }
  return quantityFromFhir(ctx, own(amount, 'numerator'), target, `${target.path}/amount/numerator`);
}
