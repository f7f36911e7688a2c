/**
 * Imports: upload a list (multipart), watch its progress, download its error report. The file is
 * imported by the same code as `campaign import`, with the same kinds and the same error report.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { recordAudit } from '../../../client/audit.js';
import { KIND_NAMES, KINDS, type KindName } from '../../../import/kinds.js';
import { displayTime } from '../../../lib/display-time.js';
import { projectPath } from '../../../lib/project-path.js';
import { audit, signedIn, type ConsoleContext } from '../context.js';
import { claimFormToken } from '../guard.js';
import { html } from '../html.js';
import { findJob, newJobPaths, recentJobs, startImportJob, type ImportJob } from '../import-jobs.js';
import { sendMessage, sendPage } from '../layout.js';
import { messages } from '../messages/index.js';

function fieldValue(fields: Record<string, unknown>, name: string): string | undefined {
  const f = fields[name] as { value?: unknown } | undefined;
  return typeof f?.value === 'string' ? f.value : undefined;
}

function progressText(job: ImportJob): string {
  const pct = job.size ? Math.min(100, Math.round((job.bytes / job.size) * 100)) : 0;
  if (job.state === 'running') return `importing: ${pct}% read, ${job.written} rows written`;
  if (job.state === 'failed') return `stopped: ${job.problem ?? 'unknown error'}`;
  const s = job.summary!;
  return `done: ${s.rows} rows, ${s.imported} added, ${s.merged} merged, ${s.invalid} invalid${s.fatal ? `; stopped part-way: ${s.fatal}` : ''}`;
}

export function importRoutes(app: FastifyInstance, ctx: ConsoleContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { pool, temporal, taskQueue, log } = ctx.opts;
  const zone = ctx.opts.config.DISPLAY_TIME_ZONE;
  const outputDir = projectPath(ctx.opts.config.OUTPUT_DIR);

  r.get('/imports', { config: { consolePermission: 'imports' } }, async (request, reply) => {
    const mine = recentJobs();
    return sendPage(ctx, request, reply, {
      title: messages.screens.imports,
      current: 'imports',
      body: html`<form method="post" action="${ctx.base}/imports?_csrf=${encodeURIComponent(reply.generateCsrf())}" enctype="multipart/form-data" class="inline">
  <input type="hidden" name="_form" value="${randomBytes(16).toString('hex')}">
  <label>The list holds <select name="kind">${KIND_NAMES.map((k) => html`<option value="${k}">${k}</option>`)}</select></label>
  <label>Encoding (leave empty to detect) <input name="encoding" placeholder="gb18030, big5"></label>
  <label>File (CSV, text or .xlsx) <input type="file" name="file" required></label>
  <button type="submit">Import</button>
</form>
<p class="muted">${KIND_NAMES.map((k) => `${k}: ${KINDS[k].description}`).join(' · ')}</p>
<h2>Imports since the console started</h2>
${mine.length
  ? html`<table class="list" aria-label="imports"><thead><tr><th>Started (${zone})</th><th>File</th><th>Kind</th><th>Progress</th></tr></thead><tbody>${mine.map(
      (j) => html`<tr><td>${displayTime(j.startedAt, zone)}</td><td><a href="${ctx.base}/imports/${j.id}">${j.file}</a></td><td>${j.kind}</td><td>${progressText(j)}</td></tr>`,
    )}</tbody></table>`
  : html`<p class="muted">None yet.</p>`}`,
    });
  });

  r.post('/imports', { config: { consolePermission: 'imports' } }, async (request, reply) => {
    const data = await request.file();
    if (!data) return sendMessage(ctx, request, reply, 400, 'Not accepted', 'file: choose a file to import');
    const token = fieldValue(data.fields, '_form');
    if (!token || !(await claimFormToken(ctx, signedIn(request).id, token))) {
      data.file.resume();
      return sendMessage(ctx, request, reply, 409, 'Already sent', messages.alreadySubmitted);
    }
    const kindText = fieldValue(data.fields, 'kind') ?? 'prospects';
    if (!(KIND_NAMES as string[]).includes(kindText)) {
      data.file.resume();
      return sendMessage(ctx, request, reply, 400, 'Not accepted', `kind: must be one of ${KIND_NAMES.join(', ')}`);
    }
    const encoding = fieldValue(data.fields, 'encoding')?.trim() || undefined;
    const paths = newJobPaths(outputDir, basename(data.filename || 'upload'));
    await mkdir(dirname(paths.upload), { recursive: true });
    await pipeline(data.file, createWriteStream(paths.upload));
    if (data.file.truncated) return sendMessage(ctx, request, reply, 413, 'Too large', 'file: larger than the console accepts (512 MiB); use campaign import');
    const user = signedIn(request);
    await audit(ctx, request, 'import', data.filename, { kind: kindText, job: paths.id });
    await startImportJob({ temporal, pool, taskQueue }, log, { id: paths.id, userId: user.id, file: data.filename, kind: kindText as KindName, upload: paths.upload, report: paths.report, encoding }, async (job) =>
      recordAudit(pool, {
        userId: user.id,
        userEmail: user.email,
        action: 'import-done',
        subject: job.file,
        detail: { job: job.id, state: job.state, ...(job.summary ? { rows: job.summary.rows, imported: job.summary.imported, merged: job.summary.merged, invalid: job.summary.invalid } : {}), ...(job.problem ? { problem: job.problem } : {}) },
        ip: request.ip,
      }),
    );
    return reply.redirect(`${ctx.base}/imports/${paths.id}`, 303);
  });

  const jobParam = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'not an import id') });

  r.get('/imports/:id', { config: { consolePermission: 'imports' }, schema: { params: jobParam } }, async (request, reply) => {
    const job = findJob(request.params.id);
    if (!job) return sendMessage(ctx, request, reply, 404, 'Unknown import', 'No such import since the console started.');
    const s = job.summary;
    // While it runs, the page refreshes itself: no script needed to watch it.
    if (job.state === 'running') reply.header('refresh', '1');
    return sendPage(ctx, request, reply, {
      title: `Import of ${job.file}`,
      current: 'imports',
      body: html`<p role="status" class="import-state">${progressText(job)}</p>
<progress max="${job.size || 1}" value="${job.state === 'running' ? job.bytes : job.size}" aria-label="import progress"></progress>
${s
  ? html`<table class="list" aria-label="import summary"><tbody>
<tr><td>read as</td><td>${s.format}</td></tr>
<tr><td>rows</td><td class="num">${s.rows}</td></tr>
${KINDS[job.kind].lines.map(([label, figure]) => html`<tr><td>${label}</td><td class="num">${figure === 'duplicates' ? s.duplicatesInFile : s[figure]}</td></tr>`)}
<tr><td>invalid</td><td class="num">${s.invalid}</td></tr>
${s.unknownColumns.length ? html`<tr><td>unknown columns</td><td>${s.unknownColumns.join(', ')} (not imported)</td></tr>` : ''}
${job.packsStarted ? html`<tr><td>hot-lead packs started</td><td class="num">${job.packsStarted}</td></tr>` : ''}
</tbody></table>`
  : ''}
${job.state !== 'running' ? html`<p><a href="${ctx.base}/imports/${job.id}/errors" download>Download the error report</a> (${job.errorLines} line(s))</p>` : ''}
<p><a href="${ctx.base}/imports">Back to imports</a></p>`,
    });
  });

  r.get('/imports/:id/errors', { config: { consolePermission: 'imports' }, schema: { params: jobParam } }, async (request, reply) => {
    const job = findJob(request.params.id);
    if (!job || job.state === 'running') return sendMessage(ctx, request, reply, 404, 'No report', 'This import has no error report yet.');
    const name = `${job.file.replace(/\.[^.]+$/, '')}.errors.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="errors.csv"; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(createReadStream(job.errorReport));
  });
}
