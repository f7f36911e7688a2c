/** Rows for tests: contacts, campaigns, dealers, service centres and slots with sensible defaults. */
import type pg from 'pg';

export interface ContactSeed {
  name?: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  postcode?: string | null;
  city?: string | null;
  language?: 'zh-CN' | 'en';
  timeZone?: string;
  consentEmail?: boolean;
  consentPost?: boolean;
  consentPhone?: boolean;
  tier?: 'gold' | 'silver' | 'regular';
  stage?: 'prospect' | 'owner';
  heat?: 'high' | 'low' | null;
  birthday?: string | null;
  weddingAnniversary?: string | null;
  householdId?: string | null;
  screening?: Record<string, unknown>;
}

let serial = 0;

/** Inserts a contact reachable on every channel unless told otherwise; returns its id. */
export async function insertContact(pool: pg.Pool, seed: ContactSeed = {}): Promise<number> {
  serial += 1;
  const n = `${process.pid}-${serial}`;
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO contacts (name, email, phone, address, postcode, city, language, time_zone, consent_email, consent_post,
       consent_phone, tier, stage, heat, birthday, wedding_anniversary, household_id, screening)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id`,
    [
      seed.name ?? '王伟',
      seed.email === undefined ? `owner-${n}@example.com` : seed.email,
      seed.phone === undefined ? `+86138${String(serial).padStart(8, '0')}` : seed.phone,
      seed.address === undefined ? '浦东新区世纪大道100号\n环球金融中心 25楼' : seed.address,
      seed.postcode === undefined ? '200120' : seed.postcode,
      seed.city === undefined ? '上海' : seed.city,
      seed.language ?? 'zh-CN',
      seed.timeZone ?? 'Asia/Shanghai',
      seed.consentEmail ?? true,
      seed.consentPost ?? true,
      seed.consentPhone ?? true,
      seed.tier ?? 'regular',
      seed.stage ?? 'owner',
      seed.heat ?? null,
      seed.birthday ?? null,
      seed.weddingAnniversary ?? null,
      seed.householdId ?? null,
      seed.screening ?? {},
    ],
  );
  return rows[0]!.id;
}

export async function insertCampaign(pool: pg.Pool, id: string, kind = 'greetings', params: Record<string, unknown> = {}): Promise<void> {
  await pool.query(`INSERT INTO campaigns (id, kind, name, status, params) VALUES ($1, $2, $1, 'running', $3) ON CONFLICT DO NOTHING`, [id, kind, params]);
}

export async function insertServiceCentre(pool: pg.Pool, name = '上海浦东服务中心', city = '上海', postcode = '200120'): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO service_centres (name, city, postcode, address, phone) VALUES ($1, $2, $3, '张江路1号', '021-5000000') RETURNING id`,
    [name, city, postcode],
  );
  return rows[0]!.id;
}

export async function insertDealer(pool: pg.Pool, name: string, city: string, postcode: string): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO dealers (name, city, postcode, address, phone) VALUES ($1, $2, $3, '展厅路8号', '021-6000000') RETURNING id`,
    [name, city, postcode],
  );
  return rows[0]!.id;
}

/** An instant `days` from today at `time` UTC, ISO: slots stay in the future whenever the suite runs. */
export function daysAhead(days: number, time = '01:30'): string {
  const day = new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${time}:00.000Z`;
}

export async function insertSlot(pool: pg.Pool, serviceCentreId: number, startsAt: string, capacity: number): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO inspection_slots (service_centre_id, starts_at, capacity) VALUES ($1, $2, $3) RETURNING id`,
    [serviceCentreId, startsAt, capacity],
  );
  return rows[0]!.id;
}

export async function insertModel(pool: pg.Pool, code: string, name: string, price: number): Promise<void> {
  await pool.query(
    `INSERT INTO vehicle_models (code, name, summary, features, price_lines) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [code, name, `${name}: comfort and economy`, JSON.stringify(['LED headlights', '8-speed automatic']), JSON.stringify([{ label: '2.0T', price: { amount: price, currency: 'CNY' } }])],
  );
}

export async function insertVehicle(pool: pg.Pool, contactId: number, model = 'X3', purchaseDate = '2023-05-20'): Promise<void> {
  await pool.query(`INSERT INTO vehicles (contact_id, model, purchase_date) VALUES ($1, $2, $3)`, [contactId, model, purchaseDate]);
}

/** An owner: a contact with a car, as inspection offers and greetings need. */
export async function insertOwner(pool: pg.Pool, seed: ContactSeed = {}, model?: string, purchaseDate?: string): Promise<number> {
  const id = await insertContact(pool, seed);
  await insertVehicle(pool, id, model, purchaseDate);
  return id;
}

/**
 * What the real templates require of the record: models for the catalogue, dealers and service
 * centres near Shanghai and Beijing. Returns the service centre ids (for inspection slots).
 */
export async function insertReferenceData(pool: pg.Pool): Promise<{ serviceCentres: number[] }> {
  await insertModel(pool, 'X1', 'X1', 259800);
  await insertModel(pool, 'X3', 'X3', 399800);
  await insertModel(pool, 'X5', 'X5', 619800);
  await insertDealer(pool, '上海浦东4S店', '上海', '200122');
  await insertDealer(pool, '北京东方4S店', '北京', '100020');
  const serviceCentres = [await insertServiceCentre(pool, '上海浦东服务中心', '上海', '200120'), await insertServiceCentre(pool, '北京朝阳服务中心', '北京', '100020')];
  return { serviceCentres };
}
