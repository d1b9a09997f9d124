import { CAPACITY_REPORT_FIELDS, SHORTAGE_NOTICE_FIELDS, fieldUrl } from '../extensions/specs.js';
import type { FhirResource } from '../types.js';
import { DOCUMENT_TYPE_SYSTEM } from '../urls.js';
import { compact, own } from '../util/json.js';
import type { Holder, ToFhirContext } from './context.js';
import { codeConcept } from './datatypes.js';
import { documentEntry, documentIdentifiers, documentMeta, envelopeExtensions } from './envelope.js';
import { writeFields } from './fields.js';
import { partyReference, productReference } from './shared.js';

/**
 * FHIR has no resource for manufacturing capacity or for a shortage notice (see
 * docs/decisions/0005-fhir-capacity-and-shortage.md), so CapacityReport and ShortageNotice become a
 * Basic (https://hl7.org/fhir/R5/basic.html) coded with the document type, in both versions. The
 * responsible party is Basic.author, the product of a capacity report Basic.subject; every other
 * member is a medsupply extension.
 */
export function capacityReportToFhir(ctx: ToFhirContext, report: unknown, path: string): void {
  const holder: Holder = { contained: [] };
  const manufacturer = own(report, 'manufacturer');
  const product = own(report, 'product');
  addBasic(ctx, report, 'CapacityReport', holder, {
    extension: writeFields(ctx, report, CAPACITY_REPORT_FIELDS, fieldUrl('CapacityReport'), path, holder),
    subject: product === undefined ? undefined : productReference(ctx, product, `${path}/product`, holder),
    author:
      manufacturer === undefined
        ? undefined
        : partyReference(ctx, manufacturer, `${path}/manufacturer`, holder),
    path,
  });
}

/** ShortageNotice → Basic; see {@link capacityReportToFhir}. */
export function shortageNoticeToFhir(ctx: ToFhirContext, notice: unknown, path: string): void {
  const holder: Holder = { contained: [] };
  const issuer = own(notice, 'issuer');
  addBasic(ctx, notice, 'ShortageNotice', holder, {
    extension: writeFields(ctx, notice, SHORTAGE_NOTICE_FIELDS, fieldUrl('ShortageNotice'), path, holder),
    subject: undefined,
    author: issuer === undefined ? undefined : partyReference(ctx, issuer, `${path}/issuer`, holder),
    path,
  });
}

function addBasic(
  ctx: ToFhirContext,
  document: unknown,
  documentType: string,
  holder: Holder,
  parts: { extension: FhirResource['extension']; subject: unknown; author: unknown; path: string },
): void {
  const envelope = envelopeExtensions(ctx, document, parts.path, holder, { nativeCreatedAt: false });
  const resource: FhirResource = compact({
    resourceType: 'Basic',
    contained: holder.contained,
    meta: documentMeta(document),
    extension: [...envelope, ...(parts.extension ?? [])],
    identifier: documentIdentifiers(document, 0),
    code: codeConcept(DOCUMENT_TYPE_SYSTEM, documentType),
    subject: parts.subject,
    author: parts.author,
  });
  const { fullUrl, request } = documentEntry(document, 'Basic', 0);
  ctx.addDocumentEntry({ fullUrl, resource, request });
}
