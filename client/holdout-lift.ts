/**
 * Treated against holdout: what the campaign caused. The stages compared are those a held-out
 * contact can reach without the campaign (a purchase, a service visit, a reply or booking by
 * other means recorded in the campaign), each as a rate per group with the lift and its 95%
 * interval. Stages only the treated can reach (sent, delivered) are not compared.
 */
import type { Pool } from '../db/pool.js';
import { lift, type Lift } from '../lib/lift.js';

export interface GroupRate {
  contacts: number;
  reached: number;
  /** reached / contacts, or null for an empty group. */
  rate: number | null;
}

export interface StageLift {
  stage: string;
  treated: GroupRate;
  holdout: GroupRate;
  lift: Lift | null;
}

interface Row {
  grp: 'treated' | 'holdout';
  contacts: number;
  bought: number;
  serviced: number;
}

const rate = (reached: number, contacts: number): GroupRate => ({ contacts, reached, rate: contacts ? reached / contacts : null });

/** The comparison for a campaign with a holdout; null when it held nobody out. */
export async function readHoldoutLift(pool: Pool, campaignId: string): Promise<StageLift[] | null> {
  const { rows } = await pool.query<Row>(
    `WITH campaign AS (SELECT created_at::date AS since FROM campaigns WHERE id = $1),
     grouped AS (
       SELECT contact_id, 'treated' AS grp FROM campaign_contacts WHERE campaign_id = $1
       UNION SELECT contact_id, 'treated' FROM deliveries WHERE campaign_id = $1
       UNION SELECT contact_id, 'holdout' FROM campaign_holdouts WHERE campaign_id = $1
     )
     SELECT g.grp, count(*)::int AS contacts,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM vehicles v WHERE v.contact_id = g.contact_id AND v.purchase_date >= campaign.since)
                           OR EXISTS (SELECT 1 FROM campaign_contact_stages s WHERE s.campaign_id = $1 AND s.contact_id = g.contact_id AND s.stage = 'bought'))::int AS bought,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM vehicles v WHERE v.contact_id = g.contact_id AND v.last_service >= campaign.since))::int AS serviced
     FROM grouped g CROSS JOIN campaign
     GROUP BY g.grp`,
    [campaignId],
  );
  const treated = rows.find((r) => r.grp === 'treated') ?? { grp: 'treated', contacts: 0, bought: 0, serviced: 0 };
  const holdout = rows.find((r) => r.grp === 'holdout');
  if (!holdout) return null;
  return (['bought', 'serviced'] as const).map((stage) => ({
    stage,
    treated: rate(treated[stage], treated.contacts),
    holdout: rate(holdout[stage], holdout.contacts),
    lift: lift(treated[stage], treated.contacts, holdout[stage], holdout.contacts),
  }));
}

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** One outcome's row as people read it: "2/7 28.6%", "+4.8%", "-55.0% to 40.0%". */
export function liftCells(row: StageLift): { treated: string; holdout: string; lift: string; interval: string } {
  const group = (g: GroupRate): string => `${g.reached}/${g.contacts}${g.rate === null ? '' : ` ${percent(g.rate)}`}`;
  return {
    treated: group(row.treated),
    holdout: group(row.holdout),
    lift: row.lift ? `${row.lift.difference >= 0 ? '+' : ''}${percent(row.lift.difference)}` : '-',
    interval: row.lift ? `${percent(row.lift.interval[0])} to ${percent(row.lift.interval[1])}` : '-',
  };
}
