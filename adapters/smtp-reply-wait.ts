/**
 * The wait for the reply to the end of a message's data (RFC 5321 4.5.3.2.6: up to 10 minutes).
 *
 * nodemailer's SMTPConnection has one inactivity timeout, `socketTimeout`, for every reply once
 * connected. Short, it gives up on a relay that is still accepting a message after its final dot,
 * and the retry delivers it twice; long, a relay that stalls on a command holds the send just as
 * long. This module lets a connection that is given the option `dataTimeout` wait that long only
 * between the final dot and its reply: the socket's timeout is raised when the message's data
 * stream has ended (the dot is written) and set back to `socketTimeout` when the reply comes.
 * Connections without the option are untouched.
 */
import type { Socket } from 'node:net';
import type { Transform } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

type ReplyCallback = (err: Error | null, reply?: string) => void;

/** The parts of nodemailer 10's SMTPConnection this relies on (checked at load). */
interface ConnectionInternals {
  options: { socketTimeout?: number; dataTimeout?: number };
  _socket?: Socket;
  _createSendStream(callback: ReplyCallback): Transform;
}

/** nodemailer's own default socket timeout, for a connection given none. */
const NODEMAILER_SOCKET_TIMEOUT = 10 * 60 * 1000;

const proto = SMTPConnection.prototype as unknown as ConnectionInternals;
const createSendStream = proto._createSendStream;
if (typeof createSendStream !== 'function') {
  throw new Error('nodemailer SMTPConnection has no _createSendStream: adapters/smtp-reply-wait.ts needs updating for this nodemailer');
}

if (!(createSendStream as { replyWait?: true }).replyWait) {
  const patched = function (this: ConnectionInternals, callback: ReplyCallback): Transform {
    const { dataTimeout } = this.options;
    if (!dataTimeout) return createSendStream.call(this, callback);
    const stream = createSendStream.call(this, (err, reply) => {
      this._socket?.setTimeout(this.options.socketTimeout || NODEMAILER_SOCKET_TIMEOUT);
      callback(err, reply);
    });
    // The stream ends once the final dot has been handed to the socket.
    stream.once('end', () => this._socket?.setTimeout(dataTimeout));
    return stream;
  };
  (patched as { replyWait?: true }).replyWait = true;
  proto._createSendStream = patched;
}

/** Pool or connection options with the end-of-data wait (nodemailer's types do not know it). */
export function withReplyWait<T extends object>(options: T, dataTimeoutMs: number): T {
  return { ...options, dataTimeout: dataTimeoutMs };
}
