export * from './barcode/index.js';
export * from './epcis/index.js';
