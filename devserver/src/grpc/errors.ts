// gRPC errors shaped like the real server's, with typed details the client inspects.
import { Metadata, status } from '@grpc/grpc-js';
import { anyOf, encode } from '../proto.js';

export { status as Code };

/** An error answered to the caller with a gRPC status code and optional errordetails. */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
    readonly detail?: { type: string; value: object },
  ) {
    super(message);
  }

  toGrpc(): { code: status; details: string; metadata: Metadata } {
    const metadata = new Metadata();
    const details = this.detail ? [anyOf(`temporal.api.errordetails.v1.${this.detail.type}`, this.detail.value)] : [];
    const statusBytes = encode('google.rpc.Status', { code: this.code, message: this.message, details });
    metadata.set('grpc-status-details-bin', Buffer.from(statusBytes));
    return { code: this.code, details: this.message, metadata };
  }
}

export const notFound = (message: string): RpcError => new RpcError(status.NOT_FOUND, message, { type: 'NotFoundFailure', value: {} });
export const invalidArgument = (message: string): RpcError => new RpcError(status.INVALID_ARGUMENT, message);
export const unimplemented = (method: string): RpcError => new RpcError(status.UNIMPLEMENTED, `${method} is not implemented by the devserver`);
export const alreadyStarted = (message: string, startRequestId: string, runId: string): RpcError =>
  new RpcError(status.ALREADY_EXISTS, message, { type: 'WorkflowExecutionAlreadyStartedFailure', value: { startRequestId, runId } });
export const namespaceNotFound = (namespace: string): RpcError =>
  new RpcError(status.NOT_FOUND, `Namespace ${namespace} is not found.`, { type: 'NamespaceNotFoundFailure', value: { namespace } });
