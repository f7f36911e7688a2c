/**
 * Writes batches of owner-file rows: each row's owner is found on file by e-mail, phone or VIN and
 * merged (a prospect who bought becomes an owner, keeping their history), or added; rows of the
 * same owner in the file (one per car) make one contact; every car is added or updated by VIN.
 */
import type pg from 'pg';
import { sql } from '../db/queries.js';
import { inTransaction } from '../db/transaction.js';
import { normaliseOwner, type OwnerRow } from './normalise-owner.js';
import { OWNER_SPEC, type OwnerColumn } from './owner-columns.js';
import type { ImportKind, ImportSummary } from './run-import.js';

interface Owner {
  id: number;
  row: OwnerRow;
  fresh: boolean;
}

interface OnFile {
  id: number;
  email: string | null;
}

/**
 * Two people who share a phone (a household's landline) or whose car changed hands are not one
 * person: a match counts only when the e-mails do not differ.
 */
const samePerson = (row: OwnerRow, email: string | null): boolean => !row.email || !email || row.email === email;

const keysOf = (r: OwnerRow): string[] =>
  [r.email && `e:${r.email}`, r.phone && `p:${r.phone}`, r.vehicle?.vin && `v:${r.vehicle.vin}`].filter((k): k is string => !!k);

/** Contacts on file that rows of the batch name, by key (e:<email>, p:<phone>, v:<vin>). */
async function onFile(pool: pg.Pool, batch: OwnerRow[]): Promise<Map<string, OnFile>> {
  const emails = batch.map((r) => r.email).filter((e): e is string => !!e);
  const phones = batch.map((r) => r.phone).filter((p): p is string => !!p);
  const vins = batch.map((r) => r.vehicle?.vin).filter((v): v is string => !!v);
  const [contacts, cars] = await Promise.all([
    pool.query<{ id: number; email: string | null; phone: string | null }>(sql('import-find-existing'), [emails, phones]),
    pool.query<OnFile & { vin: string }>(sql('owners-find-by-vin'), [vins]),
  ]);
  const found = new Map<string, OnFile>();
  for (const c of contacts.rows) {
    if (c.email) found.set(`e:${c.email}`, c);
    if (c.phone && !found.has(`p:${c.phone}`)) found.set(`p:${c.phone}`, c);
  }
  for (const v of cars.rows) found.set(`v:${v.vin}`, v);
  return found;
}

/** Contact columns in the order of owners-insert and owners-merge. */
function contactColumns(owners: Owner[], merge: boolean): unknown[] {
  const col = <T>(f: (r: OwnerRow) => T): T[] => owners.map((o) => f(o.row));
  const stated = <T>(given: (r: OwnerRow) => boolean, value: (r: OwnerRow) => T): (T | null)[] => col((r) => (merge && !given(r) ? null : value(r)));
  return [
    owners.map((o) => o.id), col((r) => r.name), col((r) => r.address), col((r) => r.postcode), col((r) => r.city),
    col((r) => r.email), col((r) => r.phone),
    stated((r) => r.stated.language, (r) => r.language), stated((r) => r.stated.timeZone, (r) => r.timeZone),
    merge ? col((r) => r.stated.email) : col((r) => r.consentEmail),
    merge ? col((r) => r.stated.post) : col((r) => r.consentPost),
    merge ? col((r) => r.stated.phone) : col((r) => r.consentPhone),
    col((r) => r.tier), col((r) => r.source), col((r) => r.sourceLabel), col((r) => r.birthday),
    col((r) => r.weddingAnniversary), col((r) => r.household), col((r) => r.spouse),
  ];
}

async function writeOwners(pool: pg.Pool, batch: OwnerRow[], summary: ImportSummary): Promise<void> {
  const found = await onFile(pool, batch);
  // Rows are taken in file order: the first row of an owner makes or finds the contact, later
  // rows of the same owner (more cars) join it, and the last row's details win.
  const owners = new Map<number, Owner>();
  const inBatch = new Map<string, Owner>();
  const newRows: Owner[] = [];
  const cars: { owner: Owner; row: OwnerRow }[] = [];
  for (const row of batch) {
    const keys = keysOf(row);
    const match = keys.map((k) => found.get(k)).find((f) => f && samePerson(row, f.email));
    let owner = keys.map((k) => inBatch.get(k)).find((o) => o && samePerson(row, o.row.email)) ?? (match && owners.get(match.id));
    if (owner) {
      // A further row of an owner already seen (another car): its details complete the owner's.
      summary.duplicatesInFile += 1;
      owner.row = { ...owner.row, ...Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)) } as OwnerRow;
    } else {
      owner = match ? { id: match.id, row, fresh: false } : { id: 0, row, fresh: true };
      if (owner.fresh) newRows.push(owner);
      else owners.set(owner.id, owner);
    }
    keys.forEach((k) => inBatch.set(k, owner));
    if (row.vehicle) cars.push({ owner, row });
  }
  if (newRows.length) {
    const ids = (await pool.query<{ id: number }>(sql('owners-reserve-ids'), [newRows.length])).rows;
    newRows.forEach((o, i) => (o.id = ids[i]!.id));
    await pool.query(sql('owners-insert'), contactColumns(newRows, false));
    summary.imported += newRows.length;
  }
  const merged = [...owners.values()];
  if (merged.length) {
    // A consent the file changes is kept in the consent history as the import's doing.
    await inTransaction(pool, async (client) => {
      await client.query(sql('who-changes-consent'), ['the owner file import', 'campaign import --as owners', '']);
      await client.query(sql('owners-merge'), contactColumns(merged, true));
    });
    summary.merged += merged.length;
  }
  // One statement may not touch a VIN twice: the file's last row for a VIN wins.
  const byVin = new Map<string, (typeof cars)[number]>();
  const noVin: typeof cars = [];
  for (const car of cars) {
    if (car.row.vehicle!.vin) byVin.set(car.row.vehicle!.vin, car);
    else noVin.push(car);
  }
  const all = [...byVin.values(), ...noVin];
  if (all.length) {
    const v = <T>(f: (c: (typeof cars)[number]) => T): T[] => all.map(f);
    await pool.query(sql('owners-upsert-vehicles'), [
      v((c) => c.owner.id), v((c) => c.row.vehicle!.vin), v((c) => c.row.vehicle!.model), v((c) => c.row.vehicle!.purchaseDate),
      v((c) => c.row.vehicle!.lastService), v((c) => c.row.vehicle!.sellingDealer), v((c) => c.row.vehicle!.servicingCentre),
    ]);
    summary.vehicles += all.length;
  }
}

/** The owner file as an import kind. */
export function ownerKind(): ImportKind<OwnerColumn, OwnerRow> {
  return { spec: OWNER_SPEC, normalise: normaliseOwner, write: writeOwners };
}
