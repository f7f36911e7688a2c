/**
 * Campaigns: the list with each one's kind and live state, one campaign's stored record and its
 * funnel as a chart (by source; treated against holdout where the campaign has one), and a
 * broadcast's live progress with pause, resume and cancel through the CLI's client functions.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BroadcastControlError, controlBroadcast } from '../../../client/broadcast-control.js';
import { liftCells, readHoldoutLift, type StageLift } from '../../../client/holdout-lift.js';
import { broadcastProgress, campaignRuns, findCampaign, listCampaigns, liveState, recordedState, rememberLiveState } from '../../../client/campaigns.js';
import { displayTime } from '../../../lib/display-time.js';
import { audit, type ConsoleContext } from '../context.js';
import { html, jsonData } from '../html.js';
import { sendMessage, sendPage } from '../layout.js';
import { messages } from '../messages/index.js';
import { temporalWithin } from '../temporal-within.js';
import { runsOfCampaigns } from '../live-states.js';
import { cachedFunnel, countFunnel, type CountedFunnel } from '../funnel-cache.js';

const campaignParam = z.object({ id: z.string().min(1).max(200) });

function badge(state: string) {
  const cls = state.split(/[\s;:(]/)[0] ?? '';
  return html`<span class="badge ${cls}">${state}</span>`;
}

/** What the funnel chart draws, and when it was counted. */
function funnelData(c: CountedFunnel, zone: string) {
  const { funnel, bySource } = c;
  return { stages: funnel.stages, lost: funnel.lost, noContact: funnel.noContact, pieces: funnel.pieces, bySource, countedAt: displayTime(c.countedAt, zone) };
}

/** What the campaign caused: each outcome's rate per group, the lift and its 95% interval. */
function holdoutTable(rows: StageLift[]) {
  return html`<table class="list" id="holdout"><thead><tr><th>Outcome</th><th class="num">Treated</th><th class="num">Holdout</th><th class="num">Lift</th><th>95% interval</th></tr></thead>
<tbody>${rows.map((r) => {
    const cells = liftCells(r);
    return html`<tr><td>${r.stage}</td><td class="num">${cells.treated}</td><td class="num">${cells.holdout}</td><td class="num">${cells.lift}</td><td>${cells.interval}</td></tr>`;
  })}</tbody></table>`;
}

export function campaignRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, temporal } = ctx.opts;
  const zone = ctx.opts.config.DISPLAY_TIME_ZONE;

  /** The chart with its data, or, while a large campaign is still being counted, the place it will fill. */
  const funnelBlock = (counted: CountedFunnel | undefined, url: string) =>
    counted
      ? html`<div class="chart" data-widget="funnel-chart"><script type="application/json">${jsonData(funnelData(counted, zone))}</script>
<table class="list"><tbody>${Object.entries(counted.funnel.stages).map(([stage, n]) => html`<tr><td>${stage}</td><td class="num">${n}</td></tr>`)}</tbody></table></div>`
      : html`<div class="chart" data-widget="funnel-chart" data-url="${url}"><p class="muted">Counting the funnel (a large campaign takes a few seconds)…</p></div>`;

  r.get('/campaigns', { config: { consolePermission: 'campaigns' } }, async (request, reply) => {
    const campaigns = await listCampaigns(pool);
    // Each campaign's state from its runs, all at once within one deadline; else as last recorded.
    const live = await runsOfCampaigns(temporal, campaigns.map((c) => c.id));
    const rows = await Promise.all(
      campaigns.map(async (c) => {
        if (!live.ok) return { c, state: recordedState(c, zone) };
        const runs = live.runs.get(c.id)!;
        const state = liveState(c, runs);
        // Recorded when it changed, or to say when a running one was last seen: a list of ended campaigns writes nothing.
        if (state === 'running' || (state === 'ended') !== (c.status === 'done')) await rememberLiveState(pool, c.id, state);
        return { c, state, running: runs.RUNNING ?? 0 };
      }),
    );
    return sendPage(ctx, request, reply, {
      title: messages.screens.campaigns,
      current: 'campaigns',
      body: html`${live.ok ? '' : html`<p class="flash error" role="alert">Temporal did not answer: states are as last recorded.</p>`}
<table class="list"><thead><tr><th>Campaign</th><th>Kind</th><th>Name</th><th>State</th><th class="num">Runs open</th><th>Created (${zone})</th></tr></thead>
<tbody>${rows.map(
        ({ c, state, running }) =>
          html`<tr><td><a href="${ctx.base}/campaigns/${encodeURIComponent(c.id)}">${c.id}</a></td><td>${c.kind}</td><td>${c.name}</td><td>${badge(state)}</td><td class="num">${running ?? '-'}</td><td>${displayTime(c.created_at, zone)}</td></tr>`,
      )}</tbody></table>
${rows.length === 0 ? html`<p>No campaigns yet: start one with <code>campaign start</code>.</p>` : ''}`,
    });
  });

  r.get('/campaigns/:id', { config: { consolePermission: 'campaigns' }, schema: { params: campaignParam } }, async (request, reply) => {
    const campaign = await findCampaign(pool, request.params.id);
    if (!campaign) return sendMessage(ctx, request, reply, 404, 'Unknown campaign', `There is no campaign '${request.params.id}'.`);
    const [counted, runs, holdout] = await Promise.all([
      cachedFunnel(pool, campaign.id),
      temporalWithin(temporal, () => campaignRuns(temporal, campaign.id)),
      readHoldoutLift(pool, campaign.id),
    ]);
    const state = runs.ok ? liveState(campaign, runs.value) : recordedState(campaign, zone);
    const params = (campaign as unknown as { params?: Record<string, unknown> }).params ?? {};
    const isBroadcast = campaign.kind === 'greetings';
    const id = encodeURIComponent(campaign.id);
    return sendPage(ctx, request, reply, {
      title: `Campaign ${campaign.id}`,
      current: 'campaigns',
      withScript: true,
      body: html`<dl class="record">
  <dt>Kind</dt><dd>${campaign.kind}</dd>
  <dt>Name</dt><dd>${campaign.name}</dd>
  <dt>State</dt><dd>${badge(state)}${runs.ok ? html` <span class="muted">${Object.entries(runs.value).map(([s, n]) => `${n} ${s.toLowerCase().replace(/_/g, ' ')}`).join(', ')}</span>` : html` <span class="muted">(Temporal did not answer)</span>`}</dd>
  <dt>Recorded status</dt><dd>${campaign.status}${campaign.state_seen_at ? `, seen ${displayTime(campaign.state_seen_at, zone)}` : ''}</dd>
  <dt>Created</dt><dd>${displayTime(campaign.created_at, zone)}</dd>
  <dt>Settings</dt><dd><pre class="keyed">${JSON.stringify(params, null, 2)}</pre></dd>
</dl>
${isBroadcast
  ? html`<h2>Broadcast</h2>
<div data-widget="broadcast-progress" data-url="${ctx.base}/campaigns/${id}/progress" data-control="${ctx.base}/campaigns/${id}/" data-csrf="${reply.generateCsrf()}"><p class="muted">Loading progress…</p><script type="application/json">${jsonData({ campaignId: campaign.id })}</script></div>`
  : ''}
<h2>Funnel</h2>
${funnelBlock(counted, `${ctx.base}/campaigns/${id}/funnel`)}
<h2>Treated against holdout</h2>
${holdout ? holdoutTable(holdout) : html`<div class="placeholder" id="holdout">This campaign holds nobody out (a definition's <code>holdout</code> share does): its funnel above counts every contact it targeted.</div>`}`,
    });
  });

  // The funnel as JSON, waiting for its count: the page's chart fetches it when the page had none yet.
  r.get('/campaigns/:id/funnel', { config: { consolePermission: 'campaigns' }, schema: { params: campaignParam } }, async (request, reply) => {
    if (!(await findCampaign(pool, request.params.id))) return reply.status(404).send({ error: `unknown campaign '${request.params.id}'` });
    return reply.send(funnelData(await countFunnel(pool, request.params.id), zone));
  });

  r.get('/campaigns/:id/progress', { config: { consolePermission: 'campaigns' }, schema: { params: campaignParam } }, async (request, reply) => {
    const p = await broadcastProgress(temporal, request.params.id, 1500);
    if (!p) return reply.send({ available: false });
    return reply.send({ available: true, ...p });
  });

  r.post('/campaigns/:id/:action', {
    config: { consolePermission: 'campaigns' },
    schema: {
      params: z.object({ id: z.string().min(1).max(200), action: z.enum(['pause', 'resume', 'cancel']) }),
      body: z.object({ reason: z.string().trim().max(500).optional() }).passthrough().optional(),
    },
  }, async (request, reply) => {
    const { id, action } = request.params;
    const reason = request.body?.reason || undefined;
    try {
      await controlBroadcast({ temporal, pool }, id, action, reason);
    } catch (err) {
      if (err instanceof BroadcastControlError) return reply.status(400).send({ error: err.message });
      throw err;
    }
    await audit(ctx, request, action, id, reason ? { reason } : {});
    return reply.send({ accepted: true, action });
  });
}
