/**
 * Exit codes the CLI promises, and the one-line message of each failure. Scripts can rely on:
 * 0 done; 1 unexpected failure; 2 bad input (unknown campaign, contact, code or slot, malformed
 * date, cron or file), nothing changed; 3 a service cannot be reached (which and where is said);
 * 4 done, but some rows or pieces were rejected or failed (reported).
 */
export const EXIT = { ok: 0, failure: 1, badInput: 2, unreachable: 3, partial: 4 } as const;

/** An error the user can fix: printed as one line, exit code as given. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

export function badInput(message: string): CliError {
  return new CliError(message, EXIT.badInput);
}

/**
 * Runs `work`, turning the client's own errors of the given kinds (a request the user can fix)
 * into bad input: one line, exit 2.
 */
export async function asBadInput<T>(work: Promise<T>, ...kinds: (abstract new (...args: never[]) => Error)[]): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (kinds.some((kind) => err instanceof kind)) throw badInput((err as Error).message);
    throw err;
  }
}

export function unreachable(message: string): CliError {
  return new CliError(message, EXIT.unreachable);
}
