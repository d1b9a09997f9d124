// Element strings, Application Identifiers and Digital Link (filled in by the barcode module).
export {};
