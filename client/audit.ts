/** The console's audit log: who did what, when, from where. Written by every console action. */
import type { Pool } from '../db/pool.js';
import { sql } from '../db/queries.js';

export interface AuditEntry {
  userId: number | null;
  userEmail: string;
  /** What was done: 'login', 'login-refused', 'logout', 'pause', 'replay', 'reply', 'import' ... */
  action: string;
  /** What it was done to: a campaign id, a code, a file name. */
  subject?: string;
  detail?: Record<string, unknown>;
  ip?: string;
}

export async function recordAudit(pool: Pool, entry: AuditEntry): Promise<void> {
  await pool.query(sql('console-audit-insert'), [entry.userId, entry.userEmail, entry.action, entry.subject ?? null, entry.detail ?? {}, entry.ip ?? null]);
}

export interface AuditRow {
  id: string;
  at: Date;
  user_id: number | null;
  user_email: string;
  action: string;
  subject: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
}

/** Newest first; `before` pages on (an id from the previous page). */
export async function listAudit(pool: Pool, filter: { user?: string; action?: string; before?: string; limit?: number } = {}): Promise<AuditRow[]> {
  const { rows } = await pool.query<AuditRow>(sql('console-audit-list'), [filter.user?.toLowerCase() || null, filter.action || null, filter.before ?? null, filter.limit ?? 100]);
  return rows;
}
