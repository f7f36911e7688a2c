/**
 * /r/<code>: where a reply card's QR code leads. GET shows the card's questions; POST takes the
 * answers and signals the lead's follow-up. An unknown or forged code gets the same answer as
 * any other invalid code, so the endpoint cannot be used to probe which codes exist.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TimeframeError } from '../client/heat.js';
import { submitReply, UnknownCodeError } from '../client/respond.js';
import { escapeHtml, readFields, sendHtml, sendJson } from './http.js';
import type { ApiDeps } from './server.js';

const INVALID = 'This reply code is not valid.';

function form(code: string): string {
  const action = `/r/${encodeURIComponent(code)}`;
  return `<h1>Reply card</h1><form method="post" action="${escapeHtml(action)}">
<label><input type="radio" name="answer" value="test-drive" required> I would like a test drive</label><br>
<label><input type="radio" name="answer" value="material"> Please send me more material</label><br>
<label><input type="radio" name="answer" value="not-interested"> Not interested</label><br>
<label>Why not? <input name="reason" maxlength="500"></label><br>
<label>When do you plan to buy? <select name="timeframe">
<option value="">Not decided</option><option value="within 3 months">Within 3 months</option>
<option value="within a year">Within a year</option><option value="over 1 year">In more than a year</option>
</select></label><br>
<button type="submit">Send</button></form>`;
}

export async function showReplyForm(_deps: ApiDeps, code: string, res: ServerResponse): Promise<void> {
  sendHtml(res, 200, 'Reply card', form(code));
}

export async function takeReply(deps: ApiDeps, code: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fields = await readFields(req);
  const answer = String(fields.answer ?? '');
  const wantsJson = (req.headers.accept ?? '').includes('application/json');
  if (!['test-drive', 'material', 'not-interested'].includes(answer)) {
    if (wantsJson) return sendJson(res, 422, { error: 'answer must be test-drive, material or not-interested' });
    return sendHtml(res, 422, 'Reply card', `<p>Please choose one answer.</p>${form(code)}`);
  }
  try {
    const receipt = await submitReply({ temporal: deps.temporal, pool: deps.pool, taskQueue: deps.taskQueue }, code, {
      wantsTestDrive: answer === 'test-drive',
      wantsMaterial: answer === 'material',
      notInterested: answer === 'not-interested',
      reason: typeof fields.reason === 'string' && fields.reason ? fields.reason.slice(0, 500) : undefined,
      via: 'qr',
      ...(typeof fields.timeframe === 'string' && fields.timeframe ? { purchaseTimeframe: fields.timeframe.slice(0, 200) } : {}),
    });
    if (wantsJson) return sendJson(res, 200, receipt);
    sendHtml(res, 200, 'Thank you', receipt.accepted ? '<p>Thank you, we have your reply.</p>' : '<p>Thank you; this card was already answered.</p>');
  } catch (err) {
    if (err instanceof TimeframeError) {
      if (wantsJson) return sendJson(res, 422, { error: err.message });
      return sendHtml(res, 422, 'Reply card', `<p>Please choose when you plan to buy from the list.</p>${form(code)}`);
    }
    if (!(err instanceof UnknownCodeError)) throw err;
    if (wantsJson) return sendJson(res, 404, { error: INVALID });
    sendHtml(res, 404, 'Reply card', `<p>${INVALID}</p>`);
  }
}
