#!/usr/bin/env node
/**
 * `campaign`: the engine's command line for campaign managers, schedulers, operations and data
 * entry. Every command has --help and --json; exit codes are listed in errors.ts.
 */
import { Command, CommanderError } from 'commander';
import { registerAttendance } from './commands/attendance.js';
import { registerBroadcastControl } from './commands/broadcast-control.js';
import { registerContact } from './commands/contact.js';
import { registerDefinitions } from './commands/definitions.js';
import { registerImport } from './commands/import.js';
import { registerPreview } from './commands/preview.js';
import { registerRehearse } from './commands/rehearse.js';
import { registerFailed } from './commands/failed.js';
import { registerRespond } from './commands/respond.js';
import { registerSchedule } from './commands/schedule.js';
import { registerSlots } from './commands/slots.js';
import { registerSuppress } from './commands/suppress.js';
import { registerStart } from './commands/start.js';
import { registerStatus } from './commands/status.js';
import { registerUsers } from './commands/users.js';
import { CliError, EXIT } from './errors.js';

export function buildProgram(): Command {
  const program = new Command('campaign')
    .description('Campaign Engine: durable campaigns and direct mail on Temporal')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDefinitions(program);
  registerStart(program);
  registerRehearse(program);
  registerStatus(program);
  registerContact(program);
  registerBroadcastControl(program);
  registerRespond(program);
  registerSchedule(program);
  registerFailed(program);
  registerImport(program);
  registerPreview(program);
  registerAttendance(program);
  registerSlots(program);
  registerSuppress(program);
  registerUsers(program);
  return program;
}

async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (err instanceof CliError) {
      process.stderr.write(`campaign: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`campaign: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failure;
  }
}

main(process.argv).then((code) => process.exit(code));
