/**
 * Data entry of returned reply cards, keyed fast by keyboard (the screen is a front-end widget),
 * through the same client function as `campaign reply`. A card is answered once: keying it again
 * says so and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { TimeframeError } from '../../../client/heat.js';
import { submitReply, UnknownCodeError } from '../../../client/respond.js';
import { displayTime } from '../../../lib/display-time.js';
import { audit, type ConsoleContext } from '../context.js';
import { html } from '../html.js';
import { sendPage } from '../layout.js';
import { messages } from '../messages/index.js';

export const ANSWERS = ['test-drive', 'material', 'not-interested'] as const;

const replyBody = z.object({
  code: z.string().trim().min(1, 'type the code printed on the card').max(64),
  answer: z.enum(ANSWERS, { message: `must be one of ${ANSWERS.join(', ')}` }),
  timeframe: z.string().trim().max(100).optional(),
  reason: z.string().trim().max(500).optional(),
});

export function replyCardRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, temporal, taskQueue } = ctx.opts;

  r.get('/reply-cards', { config: { consolePermission: 'replies' } }, async (request, reply) =>
    sendPage(ctx, request, reply, {
      title: messages.screens.dataEntry,
      current: 'replies',
      withScript: true,
      body: html`<div data-widget="reply-entry" data-url="${ctx.base}/reply-cards" data-csrf="${reply.generateCsrf()}"><p class="muted">Loading the data-entry screen…</p></div>`,
    }),
  );

  r.post('/reply-cards', { config: { consolePermission: 'replies' }, schema: { body: replyBody } }, async (request, reply) => {
    const { code, answer, timeframe, reason } = request.body;
    // When it was keyed, in the display zone, named: the screen lists it so.
    const at = displayTime(new Date(), ctx.opts.config.DISPLAY_TIME_ZONE);
    try {
      const receipt = await submitReply({ temporal, pool, taskQueue }, code, {
        wantsTestDrive: answer === 'test-drive',
        wantsMaterial: answer === 'material',
        notInterested: answer === 'not-interested',
        ...(reason ? { reason } : {}),
        via: 'data-entry',
        ...(timeframe ? { purchaseTimeframe: timeframe } : {}),
      });
      await audit(ctx, request, 'reply', code, { answer, ...(timeframe ? { timeframe } : {}), accepted: receipt.accepted, ...(receipt.accepted ? {} : { reason: receipt.reason }) });
      if (!receipt.accepted) return reply.status(409).send({ error: `not taken: ${receipt.reason}`, at });
      const heat = receipt.rescored?.heat ? `; heat now ${receipt.rescored.heat}` : '';
      return reply.send({ accepted: true, text: `recorded: ${answer}${heat}`, at });
    } catch (err) {
      if (err instanceof UnknownCodeError) return reply.status(400).send({ error: 'code: unknown or invalid code', at });
      if (err instanceof TimeframeError) return reply.status(400).send({ error: err.message, at });
      throw err;
    }
  });
}
