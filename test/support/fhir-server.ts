/**
 * The local FHIR server moved to scripts/fhir-server (it is also `pnpm fhir:server`); this path stays
 * so that tests importing it from here keep working.
 */
export * from '../../scripts/fhir-server/server.js';
