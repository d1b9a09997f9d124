import type { Command } from 'commander';

/** Registers `medsupply gs1 …` (element strings and Digital Link). */
export function registerGs1Command(program: Command): void {
  program.command('gs1').description('GS1 barcode element strings and Digital Link');
}
