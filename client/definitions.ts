/**
 * Stored campaign definitions: every version a manager created, with the file as written. A
 * campaign started from a definition records the version it runs; an edit adds a version and
 * never changes what a running campaign was started with.
 */
import type { Pool } from '../db/pool.js';
import type { CampaignDefinition } from './definition-schema.js';

export interface StoredDefinition {
  id: string;
  version: number;
  kind: CampaignDefinition['kind'];
  definition: CampaignDefinition;
  source: string;
  createdBy: string;
  createdAt: Date;
}

export class DefinitionConflictError extends Error {
  override name = 'DefinitionConflictError';
}

interface Row {
  id: string;
  version: number;
  kind: CampaignDefinition['kind'];
  body: CampaignDefinition;
  source: string;
  created_by: string;
  created_at: Date;
}

const toStored = (r: Row): StoredDefinition => ({
  id: r.id,
  version: r.version,
  kind: r.kind,
  definition: r.body,
  source: r.source,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

/** Stores a new definition as version 1; an id already defined is refused (edit it instead). */
export async function createDefinition(pool: Pool, definition: CampaignDefinition, source: string, by: string): Promise<StoredDefinition> {
  const { rows } = await pool.query<Row>(
    `INSERT INTO campaign_definitions (id, version, kind, body, source, created_by) VALUES ($1, 1, $2, $3, $4, $5)
     ON CONFLICT (id, version) DO NOTHING RETURNING *`,
    [definition.id, definition.kind, definition, source, by],
  );
  if (!rows[0]) throw new DefinitionConflictError(`campaign '${definition.id}' is already defined: change it with 'campaign edit ${definition.id}'`);
  return toStored(rows[0]);
}

/** Stores the next version of a defined campaign; its kind cannot change. */
export async function addDefinitionVersion(pool: Pool, definition: CampaignDefinition, source: string, by: string): Promise<StoredDefinition> {
  const current = await readDefinition(pool, definition.id);
  if (!current) throw new DefinitionConflictError(`campaign '${definition.id}' is not defined: create it with 'campaign create -f <file>'`);
  if (current.kind !== definition.kind) {
    throw new DefinitionConflictError(`campaign '${definition.id}' is a ${current.kind} campaign; a definition cannot change its kind (define a new campaign)`);
  }
  // The primary key settles two edits at once: the second one's version is taken and it fails.
  const { rows } = await pool.query<Row>(
    `INSERT INTO campaign_definitions (id, version, kind, body, source, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id, version) DO NOTHING RETURNING *`,
    [definition.id, current.version + 1, definition.kind, definition, source, by],
  );
  if (!rows[0]) throw new DefinitionConflictError(`campaign '${definition.id}' was changed by someone else meanwhile: look at it again and retry`);
  return toStored(rows[0]);
}

/** The latest version of a definition, or the one asked for; null when not defined. */
export async function readDefinition(pool: Pool, id: string, version?: number): Promise<StoredDefinition | null> {
  const { rows } = await pool.query<Row>(
    `SELECT * FROM campaign_definitions WHERE id = $1 AND ($2::int IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
    [id, version ?? null],
  );
  return rows[0] ? toStored(rows[0]) : null;
}

export interface DefinitionSummary {
  id: string;
  kind: string;
  version: number;
  name: Record<string, string>;
  changedAt: Date;
  changedBy: string;
  /** Campaigns started from it (its own id, or a schedule's yearly ids), latest first. */
  campaigns: StartedCampaign[];
}

export interface StartedCampaign {
  id: string;
  version: number;
  status: string;
}

const STARTED_FROM = `SELECT json_agg(json_build_object('id', c.id, 'version', c.definition_version, 'status', c.status) ORDER BY c.created_at DESC)
  FROM campaigns c WHERE c.definition_id = d.id`;

/** The campaigns started from one definition (its own id, or a schedule's yearly ids), latest first. */
export async function campaignsOfDefinition(pool: Pool, id: string): Promise<StartedCampaign[]> {
  const { rows } = await pool.query<{ campaigns: StartedCampaign[] | null }>(`SELECT (${STARTED_FROM}) AS campaigns FROM (SELECT $1::text AS id) d`, [id]);
  return rows[0]?.campaigns ?? [];
}

/** Every definition at its latest version, with the campaigns started from it. */
export async function listDefinitions(pool: Pool): Promise<DefinitionSummary[]> {
  const { rows } = await pool.query<{
    id: string;
    kind: string;
    version: number;
    name: Record<string, string>;
    created_at: Date;
    created_by: string;
    campaigns: StartedCampaign[] | null;
  }>(
    `SELECT DISTINCT ON (d.id) d.id, d.kind, d.version, d.body->'name' AS name, d.created_at, d.created_by,
            (${STARTED_FROM}) AS campaigns
     FROM campaign_definitions d ORDER BY d.id, d.version DESC`,
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    version: r.version,
    name: r.name,
    changedAt: r.created_at,
    changedBy: r.created_by,
    campaigns: r.campaigns ?? [],
  }));
}
