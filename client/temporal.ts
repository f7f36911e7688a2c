/** Connects the Temporal client the CLI, the API and the tests use to start and steer campaigns. */
import { Client, Connection } from '@temporalio/client';

export interface TemporalTarget {
  address: string;
  namespace: string;
}

/** Connects to TEMPORAL_ADDRESS; a server that cannot be reached is named in the error. */
export async function connectTemporal(target: TemporalTarget): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: target.address, connectTimeout: '5 seconds' });
  } catch (err) {
    throw new Error(`cannot reach Temporal at ${target.address}: ${(err as Error).message}`, { cause: err });
  }
  return new Client({ connection, namespace: target.namespace });
}
