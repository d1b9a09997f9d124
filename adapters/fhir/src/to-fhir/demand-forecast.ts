import { DEMAND_FORECAST_FIELDS, fieldUrl } from '../extensions/specs.js';
import type { FhirResource } from '../types.js';
import { FORECAST_MEASURE_SYSTEM, FORECAST_PARAMETER_SYSTEM } from '../urls.js';
import { toFhirDateTime } from '../util/dates.js';
import { compact, own, ownArray, ownObject, ownString } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { codeConcept } from './datatypes.js';
import {
  documentEntry,
  documentIdentifiers,
  documentMeta,
  envelopeExtensions,
  isCancel,
} from './envelope.js';
import { writeFields } from './fields.js';
import { periodToFhir, quantityToFhir } from './measures.js';
import { locationReference, partyReference, productReference } from './shared.js';

/**
 * DemandForecast → SupplyRequest (https://hl7.org/fhir/R5/supplyrequest.html): one draft request per
 * series period (a forecast is planned, not ordered), with the measure as category and the lower and
 * upper bounds as parameters. The first request carries the envelope and the forecast-level members;
 * the others carry `<documentId>/<index>` identifiers that tie them to it.
 */
export function demandForecastToFhir(ctx: ToFhirContext, forecast: unknown, path: string): void {
  const series = ownArray(forecast, 'series');
  const parts = series.length > 0 ? series : [undefined];
  parts.forEach((entry, index) => addRequest(ctx, forecast, entry, index, path));
}

function addRequest(
  ctx: ToFhirContext,
  forecast: unknown,
  entry: unknown,
  index: number,
  path: string,
): void {
  const holder: Holder = { contained: [] };
  const head = index === 0;
  const scope = ownObject(forecast, 'scope');
  const leftovers = {
    scope:
      scope === undefined
        ? undefined
        : { jurisdiction: own(scope, 'jurisdiction'), program: own(scope, 'program') },
    method: own(forecast, 'method'),
    horizon: own(forecast, 'horizon'),
    basedOn: own(forecast, 'basedOn'),
  };
  const extension = head
    ? [
        ...envelopeExtensions(ctx, forecast, path, holder, { nativeCreatedAt: false }),
        ...writeFields(ctx, leftovers, DEMAND_FORECAST_FIELDS, fieldUrl('DemandForecast'), path, holder),
      ]
    : [];
  const at = `${path}/series/${index}`;
  const product = own(forecast, 'product');
  const item = product === undefined ? undefined : productReference(ctx, product, `${path}/product`, holder);
  const location = own(scope, 'location');
  const forecaster = own(forecast, 'forecaster');
  const measure = ownString(forecast, 'measure');
  const issuedAt = ownString(forecast, 'issuedAt');
  const quantity = own(entry, 'quantity');
  const period = own(entry, 'period');
  const parameter = (['lower', 'upper'] as const)
    .filter((bound) => own(entry, bound) !== undefined)
    .map((bound) => ({
      code: codeConcept(FORECAST_PARAMETER_SYSTEM, bound),
      valueQuantity: quantityToFhir(ctx, own(entry, bound), `${at}/${bound}`, holder),
    }));
  const resource: FhirResource = compact({
    resourceType: 'SupplyRequest',
    contained: holder.contained,
    meta: documentMeta(forecast),
    extension,
    identifier: documentIdentifiers(forecast, index),
    status: isCancel(forecast) ? 'entered-in-error' : 'draft',
    category: measure === undefined ? undefined : codeConcept(FORECAST_MEASURE_SYSTEM, measure),
    item: ctx.version === '5' && item !== undefined ? { reference: item } : undefined,
    itemReference: ctx.version === '4' ? item : undefined,
    quantity: quantity === undefined ? undefined : quantityToFhir(ctx, quantity, `${at}/quantity`, holder),
    parameter,
    occurrencePeriod: period === undefined ? undefined : periodToFhir(ctx, period, `${at}/period`, holder),
    authoredOn: issuedAt === undefined ? undefined : toFhirDateTime(issuedAt),
    requester:
      forecaster === undefined ? undefined : partyReference(ctx, forecaster, `${path}/forecaster`, holder),
    deliverTo:
      location === undefined ? undefined : locationReference(ctx, location, `${path}/scope/location`, holder),
  });
  const { fullUrl, request } = documentEntry(forecast, 'SupplyRequest', index);
  ctx.addDocumentEntry({ fullUrl, resource, request });
}
