/**
 * The sample campaigns of the local run, in minutes where a season takes weeks: lead routing for
 * the sample prospects (a reply window of one minute, then the call centre), a free-inspection
 * offer to the owners (one of whom books a slot and comes), and Christmas greetings to every
 * owner. Starting them is idempotent, so a second `npm start` starts nothing new.
 */
import type { Client } from '@temporalio/client';
import { rememberLiveState } from '../client/campaigns.js';
import { readFunnel } from '../client/funnel.js';
import { bookInspection, recordAttendance, submitReply, timeZoneOfCode } from '../client/respond.js';
import { displayTime } from '../lib/display-time.js';
import { segmentContactIds } from '../client/segment.js';
import { startGreetings, startInspection, startLeadRouting, type CampaignClient, type StartTally } from '../client/start.js';
import { broadcastWorkflowId, contactWorkflowId } from '../lib/temporal-names.js';
import { inspectionStatusQuery } from '../workflows/inspection.js';

export const SAMPLE = { leads: 'sample-leads', inspection: 'sample-inspection', greetings: 'sample-xmas' } as const;

const DEMO_FOLLOW_UP = {
  replyWindow: '1 minute',
  callingHours: { start: '00:00', end: '23:59' },
  callAttempts: 2,
  outcomeGrace: '1 minute',
} as const;

const DETAILS = {
  trip: { destination: '海南三亚 / Sanya, Hainan', startsOn: '2027-03-10', endsOn: '2027-03-14', rsvpUrl: 'http://127.0.0.1:3000/trip', rsvpBy: '2027-02-01' },
  gift: { description: '汽车保养礼盒 / a car care kit', delivery: '节前快递送达 / by courier before the holiday' },
};

type Say = (line: string) => void;

function tallyLine(name: string, tally: StartTally): string {
  return `${name}: ${tally.started.length} started, ${tally.running.length} already running, ${tally.finished.length} already finished`;
}

export interface SampleStart {
  leads: StartTally;
  inspection: StartTally;
  greetings: StartTally;
  prospects: number[];
  owners: number[];
}

/** Starts the sample campaigns (once each) for the sample contacts alone. */
export async function startSampleCampaigns(client: CampaignClient): Promise<SampleStart> {
  // The sample contacts alone, whatever else the database holds: never the programme's own.
  const prospects = await segmentContactIds(client.pool, { stage: 'prospect', sampleContacts: true });
  const owners = await segmentContactIds(client.pool, { stage: 'owner', withVehicle: true, sampleContacts: true });
  const leads = await startLeadRouting(client, SAMPLE.leads, prospects, DEMO_FOLLOW_UP);
  const inspection = await startInspection(client, SAMPLE.inspection, owners, {
    offerPeriod: '3 minutes',
    reminderBefore: '1 minute',
    followUpAfter: '30 seconds',
    calls: DEMO_FOLLOW_UP,
  });
  const greetings = await startGreetings(client, { campaignId: SAMPLE.greetings, occasion: 'christmas-new-year', step: 'sample-xmas', sampleContacts: true }, DETAILS);
  return { leads, inspection, greetings, prospects, owners };
}

/**
 * Starts the sample campaigns (once) and plays the owners' part: one books a slot and comes.
 * Returns whether any of them is still to finish.
 */
export async function runSampleCampaigns(client: CampaignClient, say: Say): Promise<boolean> {
  const { leads, inspection, greetings, prospects, owners } = await startSampleCampaigns(client);
  say(tallyLine(SAMPLE.leads, leads));
  say(tallyLine(SAMPLE.inspection, inspection));
  say(tallyLine(SAMPLE.greetings, greetings));
  // Also on a second `npm start` while the offer runs: an owner booked before Ctrl-C still comes.
  if (inspection.started.length + inspection.running.length > 0 && owners[0] !== undefined) void playOwner(client, owners[0], say);
  void playProspect(client, prospects, say);
  return [leads, inspection, greetings].some((t) => t.started.length + t.running.length > 0);
}

/** One owner books the first free slot as soon as the offer arrives, and comes on the day. */
async function playOwner(client: CampaignClient, ownerId: number, say: Say): Promise<void> {
  const handle = client.temporal.workflow.getHandle(contactWorkflowId('inspection', SAMPLE.inspection, ownerId));
  for (let i = 0; i < 60; i++) {
    const status = await handle.query(inspectionStatusQuery).catch(() => undefined);
    if (status?.booking) return comeOnTheDay(client, ownerId, status.booking, say); // booked by an earlier npm start
    if (status?.bookingCode && status.stage === 'sent') {
      const { rows } = await client.pool.query<{ id: number }>(`SELECT id FROM inspection_slots WHERE starts_at > now() AND booked < capacity ORDER BY starts_at LIMIT 1`);
      const slot = rows[0];
      if (!slot) return;
      const booking = await bookInspection(client.temporal, client.pool, status.bookingCode, slot.id);
      if (!booking.ok) return say(`owner ${ownerId} could not book: ${booking.reason}`);
      const when = displayTime(booking.startsAt, await timeZoneOfCode(client.pool, status.bookingCode));
      say(`owner ${ownerId} booked slot ${slot.id} at ${booking.serviceCentre}, ${when} (the booking answered at once)`);
      return comeOnTheDay(client, ownerId, booking, say);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The service centre reports the owner came, a few seconds into the slot. */
function comeOnTheDay(client: CampaignClient, ownerId: number, booking: { bookingId: number; startsAt: string }, say: Say): void {
  const untilStart = Date.parse(booking.startsAt) - Date.now();
  setTimeout(() => {
    void recordAttendance(client.pool, booking.bookingId, 'came').then(() => say(`owner ${ownerId} came to the inspection`));
  }, Math.max(untilStart, 0) + 5_000).unref();
}

/** The second hot prospect answers the reply card as soon as it arrives: wants a test drive. */
async function playProspect(client: CampaignClient, prospects: number[], say: Say): Promise<void> {
  let card: { response_code: string; contact_id: number; replied_at: Date | null } | undefined;
  for (let i = 0; i < 30 && !card; i++) {
    const { rows } = await client.pool.query<{ response_code: string; contact_id: number; replied_at: Date | null }>(
      `SELECT r.response_code, r.contact_id, r.replied_at FROM reply_cards r JOIN contacts c ON c.id = r.contact_id
       WHERE r.campaign_id = $1 AND c.heat = 'high' ORDER BY r.contact_id OFFSET 1 LIMIT 1`,
      [SAMPLE.leads],
    );
    card = rows[0];
    if (!card) await new Promise((r) => setTimeout(r, 1000));
  }
  if (!card || card.replied_at || !prospects.includes(card.contact_id)) return;
  const receipt = await submitReply(client, card.response_code, { wantsTestDrive: true, via: 'qr' });
  if (receipt.accepted) say(`prospect ${card.contact_id} answered the reply card (test drive wanted)`);
}

/** Waits until no sample run is open any more, then prints each funnel. */
export async function reportWhenDone(temporal: Client, client: CampaignClient, say: Say, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const open = await temporal.workflow.count(`CampaignId IN ('${Object.values(SAMPLE).join("','")}') AND ExecutionStatus = 'Running'`);
    if (open.count === 0) break;
    await new Promise((r) => setTimeout(r, 5000));
  }
  if (signal.aborted) return;
  for (const campaign of Object.values(SAMPLE)) {
    await rememberLiveState(client.pool, campaign, 'ended'); // so the CLI knows it with the engine stopped
    const funnel = await readFunnel(client.pool, campaign);
    const stages = Object.entries(funnel.stages).filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ');
    const lost = funnel.lost.map((l) => `lost ${l.contacts} (${l.reason})`).join(', ');
    say(`${campaign}: ${stages || 'no stages recorded'}${funnel.noContact ? `, no-contact ${funnel.noContact}` : ''}${lost ? `, ${lost}` : ''}`);
  }
  say(`all sample campaigns have finished (greetings run: ${broadcastWorkflowId('greetings', SAMPLE.greetings)})`);
}
