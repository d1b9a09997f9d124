import { describe, expect, it } from 'vitest';
import { DOCUMENT_SEARCHES, documentSearch, pullTypeNames } from './document-search.js';

describe('documentSearch', () => {
  it('maps each canonical document type to a resource type per FHIR version', () => {
    expect(documentSearch('StockReport', '5')?.resourceType).toBe('InventoryReport');
    expect(documentSearch('StockReport', '4')).toEqual({
      documentType: 'StockReport',
      resourceType: 'Basic',
      params: { code: 'InventoryReport' },
    });
    expect(documentSearch('Shipment', '4')?.resourceType).toBe('SupplyDelivery');
    expect(documentSearch('DemandForecast', '5')?.resourceType).toBe('SupplyRequest');
    expect(documentSearch('CapacityReport', '4')?.params.code).toBe(
      'https://schemas.medsupply.org/fhir/CodeSystem/document-type|CapacityReport',
    );
    expect(documentSearch('ShortageNotice', '5')?.resourceType).toBe('Basic');
  });

  it('narrows SupplyRequest to forecast measures, so orders are not pulled', () => {
    const category = documentSearch('DemandForecast', '4')?.params.category ?? '';
    expect(category.split(',')).toHaveLength(4);
    expect(category).toContain('forecast-measure|demand');
  });

  it('accepts kebab-case and any letter case', () => {
    expect(documentSearch('stock-report', '4')).toEqual(DOCUMENT_SEARCHES.StockReport['4']);
    expect(documentSearch('SHIPMENT', '5')).toEqual(DOCUMENT_SEARCHES.Shipment['5']);
  });

  it('accepts the FHIR resource types the mappings read, per version', () => {
    expect(documentSearch('SupplyDelivery', '4')).toEqual({ resourceType: 'SupplyDelivery', params: {} });
    expect(documentSearch('InventoryReport', '5')).toEqual({ resourceType: 'InventoryReport', params: {} });
    expect(documentSearch('InventoryReport', '4')).toBeUndefined();
    expect(documentSearch('Patient', '4')).toBeUndefined();
  });

  it('lists the names it accepts', () => {
    expect(pullTypeNames('4')).toContain('Shipment');
    expect(pullTypeNames('5')).toContain('InventoryReport');
  });
});
