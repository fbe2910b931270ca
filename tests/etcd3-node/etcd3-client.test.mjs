// The npm etcd3 client library (Node, @grpc/grpc-js) against a real Engine member (issue 19):
// KV, a prefix watch, lease keep-alive then expiry, the lock() recipe under contention, the election recipe.
// Usage: ENGINE_BIN=path/to/engine (or engine.dll) node --test etcd3-client.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import etcd3 from 'etcd3';

const { Etcd3, EtcdLockFailedError } = etcd3;
let engine, dataDir, endpoint;
const clients = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function client() {
  const c = new Etcd3({ hosts: endpoint });
  clients.push(c);
  return c;
}

/** Polls until predicate() is truthy; a generous bound for a loaded 2-core machine. */
async function waitFor(predicate, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await predicate()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
  const bin = process.env.ENGINE_BIN;
  assert.ok(bin, 'ENGINE_BIN must name the engine binary (or engine.dll)');
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  dataDir = mkdtempSync(join(tmpdir(), 'engine-etcd3-'));
  endpoint = `127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = ['serve', '--name', 'a', '--data-dir', join(dataDir, 'data'),
    '--listen-client-urls', `http://${endpoint}`, '--advertise-client-urls', `http://${endpoint}`,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `a=${peer}`, '--log-level', 'warn'];
  engine = bin.endsWith('.dll') ? spawn('dotnet', [bin, ...args], { stdio: 'inherit' }) : spawn(bin, args, { stdio: 'inherit' });
  await waitFor(async () => {
    try {
      const res = await fetch(`http://${endpoint}/health`);
      return res.status === 200;
    } catch {
      return false;
    }
  }, 'engine /health', 60000);
});

after(() => {
  for (const c of clients) c.close();
  engine?.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test('put, get, getAll with prefix, delete (KV Range/Put/DeleteRange over grpc-js)', async () => {
  const c = client();
  await c.put('kv/a').value('1');
  await c.put('kv/b').value('2');
  assert.equal(await c.get('kv/a').string(), '1');
  assert.deepEqual(await c.getAll().prefix('kv/').strings(), { 'kv/a': '1', 'kv/b': '2' });
  assert.equal(await c.getAll().prefix('kv/').count(), 2);
  await c.delete().key('kv/a');
  assert.equal(await c.get('kv/a').string(), null);
  await c.delete().prefix('kv/');
  assert.equal(await c.getAll().prefix('kv/').count(), 0);
});

test('a prefix watch sees puts and deletes in order, then cancels (etcd sends canceled:true)', async () => {
  const c = client();
  const watcher = await c.watch().prefix('watch/').create();
  const seen = [];
  watcher.on('put', kv => seen.push(`put ${kv.key.toString()}=${kv.value.toString()}`));
  watcher.on('delete', kv => seen.push(`delete ${kv.key.toString()}`));
  for (let i = 0; i < 5; i++) await c.put(`watch/k${i}`).value(`v${i}`);
  await c.delete().key('watch/k2');
  await c.put('other/ignored').value('x');
  await waitFor(() => seen.length >= 6, 'six watch events');
  assert.deepEqual(seen, ['put watch/k0=v0', 'put watch/k1=v1', 'put watch/k2=v2', 'put watch/k3=v3', 'put watch/k4=v4', 'delete watch/k2']);
  await watcher.cancel();
});

test('a lease kept alive outlives its TTL and expires once the keep-alive stops', async () => {
  const c = client();
  const lease = c.lease(2);
  let renewals = 0;
  lease.on('keepaliveSucceeded', () => renewals++);
  await lease.put('lease/k').value('held');
  await waitFor(() => renewals >= 3, 'three keep-alives (one per ttl/3)');
  await sleep(2500); // longer than the TTL: still alive because the keep-alive runs
  assert.equal(await c.get('lease/k').string(), 'held');
  lease.release(); // stops the keep-alive without revoking
  await waitFor(async () => (await c.get('lease/k').string()) === null, 'the key to go with the expired lease');
});

test('lock() gives mutual exclusion to 4 contending clients', async () => {
  const workers = 4;
  const rounds = 5;
  let inside = 0;
  let maxInside = 0;
  let failedAttempts = 0;
  const seed = client();
  await seed.put('lock-counter').value('0');
  async function worker(id) {
    const c = client();
    for (let done = 0; done < rounds;) {
      try {
        await c.lock('contended').ttl(10).do(async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          // A read-modify-write that loses updates unless the lock excludes the others.
          const value = Number(await c.get('lock-counter').string());
          await sleep(5);
          await c.put('lock-counter').value(String(value + 1));
          inside--;
        });
        done++;
      } catch (error) {
        if (!(error instanceof EtcdLockFailedError)) throw error;
        failedAttempts++; // etcd3's lock fails fast when held; retry
        await sleep(10 + id);
      }
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
  assert.equal(maxInside, 1);
  assert.equal(Number(await seed.get('lock-counter').string()), workers * rounds);
  assert.ok(failedAttempts > 0, 'the clients should have contended at least once');
});

test('election: one leader at a time, and the next candidate leads after the leader lease is revoked', async () => {
  const a = client();
  const b = client();
  const observerClient = client();
  const leaders = [];
  const observer = await observerClient.election('elect', 5).observe();
  observer.on('change', leader => leaders.push(leader));

  const first = a.election('elect', 5).campaign('candidate-a');
  await first.wait();
  const second = b.election('elect', 5).campaign('candidate-b');
  let secondElected = false;
  second.on('elected', () => { secondElected = true; });
  second.on('error', () => {});
  first.on('error', () => {});
  await sleep(1000);
  assert.equal(secondElected, false, 'b must wait while a leads');
  assert.equal(await observerClient.election('elect').leader(), 'candidate-a');

  // Revoke a's lease from outside (as if a died): its key goes, b becomes the leader.
  const firstKey = await first.getCampaignKey();
  const kv = await observerClient.get(firstKey).exec();
  await observerClient.leaseClient.leaseRevoke({ ID: kv.kvs[0].lease });
  await second.wait();
  assert.equal(await observerClient.election('elect').leader(), 'candidate-b');
  assert.equal(await observerClient.get(firstKey).string(), null);
  await waitFor(() => leaders.includes('candidate-b'), 'the observer to see candidate-b');
  assert.deepEqual(leaders.filter((l, i) => l !== leaders[i - 1]).filter(l => l), ['candidate-a', 'candidate-b'].slice(leaders[0] === 'candidate-a' ? 0 : 1));
  await second.resign();
  await observer.cancel();
});
