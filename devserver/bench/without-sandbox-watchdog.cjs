// Diagnostic only; the benchmark never loads it by itself. Loaded into the benchmark's worker
// (BENCH_WORKER_NODE_FLAGS="--require ./devserver/bench/without-sandbox-watchdog.cjs"), it drops
// the timeout that the SDK passes with every call into its workflow sandbox. Node enforces a vm
// timeout with a watchdog thread that it creates and joins for each call (nodejs/node#47739), some
// 18 threads for each of the benchmark's workflows; the run then shows what this server can drive
// when that cost, which no server can change, is taken out of the worker.
'use strict';
const vm = require('node:vm');

const runInContext = vm.Script.prototype.runInContext;
vm.Script.prototype.runInContext = function (context, options) {
  return runInContext.call(this, context, options && { ...options, timeout: undefined });
};
