import type { Command } from 'commander';

/** Registers `medsupply fhir push|pull`. */
export function registerFhirCommand(program: Command): void {
  program.command('fhir').description('Exchange documents with a FHIR server');
}
