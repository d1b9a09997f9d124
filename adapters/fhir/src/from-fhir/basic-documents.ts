import type { MedsupplyDocument } from '@medsupply/types';
import { CAPACITY_REPORT_FIELDS, SHORTAGE_NOTICE_FIELDS, fieldUrl } from '../extensions/specs.js';
import { DOCUMENT_TYPE_SYSTEM } from '../urls.js';
import { compact, own, ownArray } from '../util/json.js';
import type { FromFhirContext, Located } from './context.js';
import { codesIn } from './datatypes.js';
import { checkElements, requireMembers } from './document.js';
import { readEnvelope } from './envelope.js';
import { readFields } from './fields.js';
import { partyFromReference } from './party.js';
import { productFromReference } from './product.js';

const MAPPED = ['identifier', 'code', 'subject', 'author'];
const MARKET_SCOPES = new Set(['domestic', 'export', 'all']);

/** The medsupply document type a Basic carries (Basic.code in the medsupply document-type system). */
export function basicDocumentType(at: Located): string | undefined {
  return codesIn(own(at.resource, 'code'), DOCUMENT_TYPE_SYSTEM).find(
    (c) => c === 'CapacityReport' || c === 'ShortageNotice',
  );
}

/** Basic (medsupply CapacityReport) → CapacityReport; see docs/decisions/0005-fhir-capacity-and-shortage.md. */
export function capacityReportFromFhir(ctx: FromFhirContext, at: Located): MedsupplyDocument | undefined {
  const before = ctx.errorCount;
  const resource = at.resource;
  checkElements(ctx, at, MAPPED);
  const envelope = readEnvelope(ctx, at, 'CapacityReport', {
    sender: { reference: own(resource, 'author'), path: `${at.path}/author` },
  });
  if (envelope === undefined) return undefined;
  const fields = readFields(
    ctx,
    ownArray(resource, 'extension'),
    CAPACITY_REPORT_FIELDS,
    fieldUrl('CapacityReport'),
    at,
    at.path,
  );
  const scope = fields.marketScope as string[] | undefined;
  const subject = own(resource, 'subject');
  const document = compact({
    ...envelope,
    manufacturer: partyFromReference(ctx, own(resource, 'author'), at, `${at.path}/author`),
    site: fields.site,
    product: subject === undefined ? undefined : productFromReference(ctx, subject, at, `${at.path}/subject`),
    businessOperation: fields.businessOperation,
    period: fields.period,
    producedQuantity: fields.producedQuantity,
    nominalCapacity: fields.nominalCapacity,
    availableSurgeCapacity: fields.availableSurgeCapacity,
    stockAtSite: fields.stockAtSite,
    // One of domestic/export/all is the scope itself; otherwise the codes are a list of countries.
    marketScope: scope !== undefined && scope.length === 1 && MARKET_SCOPES.has(scope[0]!) ? scope[0] : scope,
    operatingStatus: fields.operatingStatus,
    statusReason: fields.statusReason,
    qualitySignals: fields.qualitySignals,
  });
  requireMembers(ctx, document, ['manufacturer', 'site', 'product', 'businessOperation', 'period'], at.path);
  return ctx.errorCount === before ? (document as unknown as MedsupplyDocument) : undefined;
}

/** Basic (medsupply ShortageNotice) → ShortageNotice. */
export function shortageNoticeFromFhir(ctx: FromFhirContext, at: Located): MedsupplyDocument | undefined {
  const before = ctx.errorCount;
  const resource = at.resource;
  checkElements(ctx, at, MAPPED);
  const envelope = readEnvelope(ctx, at, 'ShortageNotice', {
    sender: { reference: own(resource, 'author'), path: `${at.path}/author` },
  });
  if (envelope === undefined) return undefined;
  const fields = readFields(
    ctx,
    ownArray(resource, 'extension'),
    SHORTAGE_NOTICE_FIELDS,
    fieldUrl('ShortageNotice'),
    at,
    at.path,
  );
  const document = compact({
    ...envelope,
    issuer: partyFromReference(ctx, own(resource, 'author'), at, `${at.path}/author`),
    ...fields,
  });
  requireMembers(
    ctx,
    document,
    ['issuer', 'noticeType', 'status', 'products', 'jurisdictions', 'reasonCategory', 'dates'],
    at.path,
  );
  return ctx.errorCount === before ? (document as unknown as MedsupplyDocument) : undefined;
}
