/**
 * The RFC 5322 / MIME bytes of an outgoing e-mail, built in one synchronous pass and handed to
 * nodemailer's pooled SMTP transport as a raw message. nodemailer's own composer streams every
 * part through a pipeline of its own (timers, abort signals, a buffer per chunk): 0.4-0.6 ms of
 * CPU per greeting here, three times the cost of rendering it, and the bound of a broadcast. The
 * encoders are still nodemailer's: RFC 2047 words, quoted-printable, RFC 2231 parameters.
 *
 * Shape: multipart/alternative (text, then HTML), inside multipart/mixed when there are
 * attachments. Boundaries derive from the Message-ID, so a resend of the same delivery is the
 * same bytes but for its Date.
 */
import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';
import addressparser from 'nodemailer/lib/addressparser';
import { encode as base64, wrap as wrapBase64 } from 'nodemailer/lib/base64';
import { buildHeaderValue, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import { encode as quotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

export interface MimeAttachment {
  filename: string;
  content: Buffer | string;
  contentType?: string;
}

export interface MimeMessageInput {
  from: Mailbox;
  /** Absent only for a preview: no To header, no envelope recipient. */
  to?: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MimeAttachment[];
  /** `<id@domain>` */
  messageId: string;
  /** Extra headers, such as List-Unsubscribe; values are single-line text. */
  headers?: Record<string, string>;
  date?: Date;
}

export interface MimeMessage {
  /** The SMTP envelope: bare addresses, the domains in ASCII. */
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

const CRLF = '\r\n';

/** A header value is one line of text: anything that could end it (CR, LF) or is no text goes. */
// eslint-disable-next-line no-control-regex -- the control characters are what it removes
const oneLine = (value: string): string => value.replace(/[\x00-\x08\x0a-\x1f\x7f]+/g, ' ').trim();

/** RFC 2047 words for text that is not plain ASCII; Q for mostly-Latin text, B otherwise. */
function headerText(value: string): string {
  const line = oneLine(value);
  if (/^[\x20-\x7e]*$/.test(line)) return line;
  const latin = (line.match(/[A-Za-z]/g) ?? []).length;
  const other = (line.match(/[\u0080-\uffff]/g) ?? []).length;
  return encodeWords(line, other < latin ? 'Q' : 'B', 52, true);
}

function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0 || /^[\x21-\x7e]*$/.test(address)) return address;
  return `${address.slice(0, at)}@${domainToASCII(address.slice(at + 1)) || address.slice(at + 1)}`;
}

/** A mailbox as the header shows it (display name encoded as needed) and as the envelope names it. */
export interface Mailbox {
  header: string;
  address: string;
}

export class InvalidAddressError extends Error {}

/** Parses `Name <address>` or a bare address; `field` names it in the error. */
export function parseMailbox(value: string, field: string): Mailbox {
  const [first] = addressparser(oneLine(value), { flatten: true });
  if (!first?.address || !/^[^@\s]+@[^@\s]+$/.test(first.address)) {
    throw new InvalidAddressError(`${field}: "${value}" is not an e-mail address`);
  }
  const address = asciiAddress(first.address);
  const name = first.name;
  if (!name) return { header: address, address };
  const shown = /^[\w ]*$/.test(name) ? name : /^[\x20-\x7e]*$/.test(name) ? quoteString(name) : headerText(name);
  return { header: `${shown} <${address}>`, address };
}

const header = (name: string, value: string): string => foldLines(`${name}: ${value}`, 76);

/**
 * Bytes quoted-printable writes as `=XX`: everything outside printable ASCII but the line break and
 * tab, and `=` itself. Each costs two more bytes, so their count tells the encoded size before
 * anything is encoded (the same ranges as nodemailer's encoder).
 */
function escapedBytes(bytes: Buffer): number {
  let escaped = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b > 0x7e || b === 0x3d || (b < 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)) escaped++;
  }
  return escaped;
}

/** A text part: quoted-printable, or base64 when that is shorter (mostly non-Latin text). */
function textPart(contentType: string, body: string): string {
  const bytes = Buffer.from(body.replace(/\r?\n/g, CRLF), 'utf8');
  const useBase64 = bytes.length + 2 * escapedBytes(bytes) > Math.ceil(bytes.length / 3) * 4;
  return [
    `Content-Type: ${contentType}; charset=utf-8`,
    `Content-Transfer-Encoding: ${useBase64 ? 'base64' : 'quoted-printable'}`,
    '',
    useBase64 ? wrapBase64(base64(bytes), 76) : wrapQuotedPrintable(quotedPrintable(bytes), 76),
  ].join(CRLF);
}

function attachmentPart(a: MimeAttachment): string {
  const filename = oneLine(a.filename);
  return [
    header('Content-Type', buildHeaderValue({ value: a.contentType ?? 'application/octet-stream', params: { name: filename } })),
    'Content-Transfer-Encoding: base64',
    header('Content-Disposition', buildHeaderValue({ value: 'attachment', params: { filename } })),
    '',
    wrapBase64(base64(a.content), 76),
  ].join(CRLF);
}

function multipart(subtype: string, boundary: string, parts: string[]): string {
  return [
    `Content-Type: multipart/${subtype}; boundary="${boundary}"`,
    '',
    ...parts.map((part) => `--${boundary}${CRLF}${part}`),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

export function buildMimeMessage(input: MimeMessageInput): MimeMessage {
  const { from } = input;
  const to = input.to === undefined ? undefined : parseMailbox(input.to, 'to');
  // "=_" cannot occur in quoted-printable or base64 text, so no part can contain the boundary.
  const tag = createHash('sha1').update(input.messageId).digest('hex').slice(0, 24);
  const alternative = multipart('alternative', `=_alt_${tag}`, [textPart('text/plain', input.text), textPart('text/html', input.html)]);
  const body = input.attachments?.length
    ? multipart('mixed', `=_mix_${tag}`, [alternative, ...input.attachments.map(attachmentPart)])
    : alternative;
  const headers = [
    header('From', from.header),
    ...(to ? [header('To', to.header)] : []),
    header('Subject', headerText(input.subject)),
    header('Message-ID', oneLine(input.messageId)),
    header('Date', (input.date ?? new Date()).toUTCString().replace(/GMT$/, '+0000')),
    'MIME-Version: 1.0',
    ...Object.entries(input.headers ?? {}).map(([name, value]) => header(name, headerText(value))),
  ];
  return {
    envelope: { from: from.address, to: to ? [to.address] : [] },
    raw: Buffer.from(`${headers.join(CRLF)}${CRLF}${body}`, 'utf8'),
  };
}
