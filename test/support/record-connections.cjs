// Preloaded (NODE_OPTIONS=--require) into the `serverless` CLI by test/e2e/deploy.test.ts: appends
// `host:port` of every TCP connection the process opens to $FEEDWRIGHT_CONNECTIONS_LOG, so the test can
// show that nothing reached beyond the local moto server. Every client (http, https, fetch/undici, the
// AWS SDK's handlers) connects through net.Socket#connect.
'use strict';
const { appendFileSync } = require('node:fs');
const net = require('node:net');

const log = process.env.FEEDWRIGHT_CONNECTIONS_LOG;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function recordedConnect(...args) {
  // net.connect passes [options, callback] as one array; a direct call passes (options | port | path, ...).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  let target;
  if (first !== null && typeof first === 'object') {
    // As net does: a (non-empty) path is a pipe; HTTP agents pass `path: null` with host and port.
    target = first.path ? `unix:${first.path}` : `${first.host ?? 'localhost'}:${first.port}`;
  } else if (typeof first === 'string' && Number.isNaN(Number(first))) {
    target = `unix:${first}`;
  } else {
    target = `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${first}`;
  }
  if (log) appendFileSync(log, `${target}\n`);
  return connect.apply(this, args);
};
