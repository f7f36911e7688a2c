/**
 * Certificates made for a test with the system's openssl: a CA of its own, and server or client
 * certificates it signs, valid for two days. Nothing is downloaded and nothing outlives the test.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const openssl = (args: string[], cwd: string): Promise<unknown> => promisify(execFile)('openssl', args, { cwd });

export interface Issued {
  cert: string;
  key: string;
}

export interface TestCa extends Issued {
  /** A certificate for `name` (a DNS name in its subjectAltName, with localhost and 127.0.0.1). */
  issue(name: string): Promise<Issued>;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export async function makeCa(dir: string, label = 'test-ca'): Promise<TestCa> {
  const ca = { cert: join(dir, `${label}.crt`), key: join(dir, `${label}.key`) };
  await openssl(['req', '-x509', ...EC, '-keyout', ca.key, '-out', ca.cert, '-days', '2', '-subj', `/CN=${label}`], dir);
  let serial = 0;
  return {
    ...ca,
    async issue(name) {
      serial += 1;
      const base = join(dir, `${label}-${serial}-${name.replace(/[^\w.-]/g, '_')}`);
      const ext = `${base}.ext`;
      await writeFile(ext, `subjectAltName=DNS:${name},DNS:localhost,IP:127.0.0.1\n`);
      await openssl(['req', ...EC, '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`], dir);
      await openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-set_serial', String(serial), '-out', `${base}.crt`, '-days', '2', '-extfile', ext], dir);
      return { cert: `${base}.crt`, key: `${base}.key` };
    },
  };
}
