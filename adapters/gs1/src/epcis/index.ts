// EPCIS 2.0 reading and writing (filled in by the epcis module).
export {};
