// System info, namespaces and cluster info.
import type { Engine } from '../engine/context.js';
import { RpcError, Code } from '../grpc/errors.js';
import type { Handlers } from '../grpc/server.js';
import type { Msg } from '../proto.js';
import { requireNamespace } from './lookup.js';

export interface NamespaceDoc {
  name: string;
  id: string;
  description: string;
}

export function registerNamespace(engine: Engine, name: string): void {
  if (engine.store.getDoc(`ns/${name}`)) return;
  engine.store.putDoc(`ns/${name}`, { name, id: engine.newId(), description: '' } satisfies NamespaceDoc);
}

function describe(engine: Engine, doc: NamespaceDoc): Msg {
  return {
    namespaceInfo: {
      name: doc.name,
      state: 1, // REGISTERED
      description: doc.description,
      id: doc.id,
      supportsSchedules: true,
      capabilities: {
        eagerWorkflowStart: true,
        syncUpdate: true,
        asyncUpdate: true,
        workerPollCompleteOnShutdown: engine.settings.cancelWorkerPollsOnShutdown,
      },
    },
    config: { workflowExecutionRetentionTtl: { seconds: 86400 }, historyArchivalState: 1, visibilityArchivalState: 1 },
    replicationConfig: { activeClusterName: 'active', clusters: [{ clusterName: 'active' }], state: 1 },
    isGlobalNamespace: false,
  };
}

export function namespaceHandlers(engine: Engine): Handlers {
  return {
    GetSystemInfo: () => ({
      serverVersion: '1.24.0',
      capabilities: {
        signalAndQueryHeader: true,
        internalErrorDifferentiation: true,
        activityFailureIncludeHeartbeat: true,
        supportsSchedules: true,
        encodedFailureAttributes: true,
        upsertMemo: true,
        eagerWorkflowStart: true,
        sdkMetadata: true,
        // As the real server: the SDK then stamps each completed task with its build id.
        buildIdBasedVersioning: true,
        countGroupByExecutionStatus: true,
      },
    }),
    DescribeNamespace: (req: Msg) => {
      const name = requireNamespace(engine, req.namespace || (req.id ? '' : 'default'));
      return describe(engine, engine.store.getDoc<NamespaceDoc>(`ns/${name}`)!);
    },
    ListNamespaces: () => ({ namespaces: engine.store.docsWithPrefix<NamespaceDoc>('ns/').map(([, d]) => describe(engine, d)) }),
    RegisterNamespace: (req: Msg) => {
      if (engine.store.getDoc(`ns/${req.namespace}`)) throw new RpcError(Code.ALREADY_EXISTS, 'Namespace already exists.', { type: 'NamespaceAlreadyExistsFailure', value: {} });
      registerNamespace(engine, String(req.namespace));
      return {};
    },
    UpdateNamespace: (req: Msg) => describe(engine, engine.store.getDoc<NamespaceDoc>(`ns/${requireNamespace(engine, req.namespace)}`)!),
    // Workers report liveness; the devserver has nothing to do with it.
    RecordWorkerHeartbeat: () => ({}),
    GetClusterInfo: () => ({
      supportedClients: {},
      serverVersion: '1.24.0',
      clusterId: 'devserver',
      clusterName: 'active',
      historyShardCount: 1,
      persistenceStore: engine.store.persistent ? 'sqlite' : 'memory',
      visibilityStore: 'memory',
    }),
  };
}
