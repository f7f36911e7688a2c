/**
 * Which text encoding a list file is in. Partners send what their tools save: UTF-8 with or
 * without a BOM, GB18030/GBK (Excel's "CSV" on a Chinese Windows), UTF-16 with a BOM (Excel's
 * "Unicode text"), now and then a Western code page. A BOM decides at once; otherwise a file
 * that is valid UTF-8 throughout is UTF-8, and only a file that is not is handed to chardet.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export interface Encoding {
  /** The name iconv-lite decodes with (lower case): utf-8, gb18030, utf-16le, utf-16be, windows-1252... */
  name: string;
  /** How it was known, for the summary: 'BOM', 'detected', 'given'. */
  how: 'BOM' | 'detected' | 'given';
}

/** Thrown when the encoding cannot be known; the message says what to do. */
export class EncodingError extends Error {}

const SAMPLE_BYTES = 64 * 1024;

function bomOf(head: Buffer): string | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-16 without a BOM shows as a NUL in every other byte of ASCII text (headers are ASCII or CJK). */
function utf16WithoutBom(head: Buffer): string | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero += 1;
    if (head[i + 1] === 0) oddZero += 1;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/** Offset of the first byte that makes the file invalid UTF-8, or -1; reads the file once at native speed. */
async function firstNonUtf8Byte(path: string): Promise<number> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      return offset + Math.max(0, invalidUtf8At(chunk));
    }
    offset += chunk.length;
  }
  try {
    decoder.decode();
    return -1;
  } catch {
    return Math.max(0, offset - 1);
  }
}

/** Byte offset of the first byte that is not valid UTF-8 in `buf` (a chunk of a longer file), or -1. */
function invalidUtf8At(buf: Buffer): number {
  let i = 0;
  // Continuation bytes at the start belong to a character begun in the previous chunk.
  while (i < Math.min(3, buf.length) && (buf[i]! & 0xc0) === 0x80) i += 1;
  while (i < buf.length) {
    const b = buf[i]!;
    const need =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k += 1) {
      if (i + k >= buf.length) return -1;
      if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return -1;
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await file.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

const WESTERN = /^(ISO-8859-(1|15)|windows-1252)$/;

/**
 * The encoding of a file that is not UTF-8. chardet is sure of GB18030 on a page of Chinese text,
 * but a short list of names gives it little to go on and it then guesses among the CJK code pages
 * at random; since the case's files come from Chinese Windows, GB18030 is the answer unless
 * chardet is confident the text is Western European (a partner's "Müller").
 */
function guessLegacy(sample: Buffer): string {
  const best = chardet.analyse(sample)[0];
  if (best && WESTERN.test(best.name) && best.confidence >= 50) return 'windows-1252';
  return 'gb18030';
}

/** Detects the encoding of the file at `path`, or checks the one given (`--encoding`). */
export async function detectEncoding(path: string, given?: string): Promise<Encoding> {
  if (given) {
    if (!iconv.encodingExists(given))
      throw new EncodingError(`unknown encoding: ${given} (try utf-8, gb18030, utf-16le, big5)`);
    return { name: given.toLowerCase(), how: 'given' };
  }
  const head = await readAt(path, 0, SAMPLE_BYTES);
  const bom = bomOf(head);
  if (bom) return { name: bom, how: 'BOM' };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { name: utf16, how: 'detected' };
  const bad = await firstNonUtf8Byte(path);
  if (bad < 0) return { name: 'utf-8', how: 'detected' };
  // The sample starts a little before the first non-UTF-8 byte: that is where the text that tells is.
  const from = Math.max(0, bad - 1024);
  let sample = await readAt(path, from, SAMPLE_BYTES);
  // Start at a line's start: a newline byte is never inside a GB18030 (or UTF-16-free) character.
  if (from > 0 && sample.indexOf(10) >= 0) sample = sample.subarray(sample.indexOf(10) + 1);
  const name = guessLegacy(sample);
  if (name === 'gb18030' && !decodes(sample, 'gb18030')) {
    throw new EncodingError(
      'neither UTF-8 nor GB18030, and its encoding cannot be told; save it as UTF-8, or give --encoding',
    );
  }
  return { name, how: 'detected' };
}

/** Whether `sample` decodes cleanly (a cut character at its end aside). */
function decodes(sample: Buffer, encoding: string): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The name people know the encoding by, for the summary. */
export function encodingLabel(e: Encoding): string {
  const names: Record<string, string> = {
    'utf-8': 'UTF-8',
    gb18030: 'GB18030',
    gbk: 'GBK',
    'utf-16le': 'UTF-16 LE',
    'utf-16be': 'UTF-16 BE',
    'windows-1252': 'Windows-1252',
  };
  return `${names[e.name] ?? e.name}${e.how === 'BOM' ? ' (BOM)' : e.how === 'given' ? ' (given)' : ''}`;
}
