// Bad input gets a clear Status, stores nothing, and never stops the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster, type TestCluster } from '../../helpers/cluster.js';
import { apiClient } from '../../helpers/http.js';

interface Status { kind: string; code: number; reason: string; message: string; details?: { causes?: { field?: string; message?: string }[] } }

describe('bad input', () => {
  let c: TestCluster;
  let api: ReturnType<typeof apiClient>;
  before(async () => {
    c = await startTestCluster();
    api = apiClient(c.cp);
  });
  after(async () => {
    api.close();
    await c.stop();
  });

  const post = (path: string, body: string, contentType = 'application/json') => api.request('POST', path, { body, contentType });
  const cms = '/api/v1/namespaces/default/configmaps';
  const countCms = async (): Promise<number> => (await api.request('GET', cms)).json<{ items: unknown[] }>().items.length;

  test('malformed JSON and YAML are 400 with the parser\'s complaint', async () => {
    const before = await countCms();
    const json = await post(cms, '{"apiVersion": "v1", "kind": ');
    assert.equal(json.status, 400);
    assert.equal(json.json<Status>().reason, 'BadRequest');
    assert.match(json.json<Status>().message, /not valid JSON/);
    const yaml = await post(cms, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n', 'application/yaml');
    assert.equal(yaml.status, 400);
    assert.match(yaml.json<Status>().message, /not valid YAML \(line \d+, column \d+\)/);
    assert.equal(await countCms(), before);
  });

  test('an unknown group, version or resource is 404', async () => {
    for (const path of ['/apis/widgets.example.com/v1/namespaces/default/widgets', '/api/v2/pods', '/api/v1/namespaces/default/widgets']) {
      const r = await api.request('GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(r.json<Status>().kind, 'Status');
    }
  });

  test('a kind that does not match the endpoint is 400 naming both', async () => {
    const r = await post(cms, JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } }));
    assert.equal(r.status, 400);
    assert.match(r.json<Status>().message, /Deployment/);
  });

  test('an invalid name is 422 with the field and the rule', async () => {
    const r = await post(cms, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid' } }));
    assert.equal(r.status, 422);
    const s = r.json<Status>();
    assert.equal(s.reason, 'Invalid');
    assert.equal(s.details?.causes?.[0].field, 'metadata.name');
    assert.match(s.message, /ConfigMap "Not_Valid" is invalid: metadata\.name: Invalid value: "Not_Valid": a lowercase RFC 1123 subdomain/);
  });

  test('a wrong field type is 400 naming the field', async () => {
    const r = await api.request('POST', '/apis/apps/v1/namespaces/default/deployments', { body: JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'two' } }) });
    assert.equal(r.status, 400);
    assert.match(r.json<Status>().message, /spec\.replicas/);
  });

  test('unknown fields: Strict refuses, Warn warns, Ignore drops — never stored', async () => {
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'uf' }, data: { a: 'b' }, bogus: 1 });
    const strict = await post(`${cms}?fieldValidation=Strict`, body);
    assert.equal(strict.status, 400);
    assert.match(strict.json<Status>().message, /strict decoding error: unknown field "bogus"/);
    const warn = await post(`${cms}?fieldValidation=Warn`, body);
    assert.equal(warn.status, 201);
    assert.match(String(warn.headers.warning), /299 - "unknown field \\"bogus\\""/);
    assert.equal(warn.json<Record<string, unknown>>().bogus, undefined);
  });

  test('a JSON key given twice: Strict refuses naming its path, Warn warns, Ignore keeps the last — nothing stored on refusal', async () => {
    const body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup","labels":{"a":"1","a":"2"}},"data":{"k":"x"},"data":{"k":"y"}}';
    const strict = await post(`${cms}?fieldValidation=Strict`, body);
    assert.equal(strict.status, 400);
    assert.match(strict.json<Status>().message, /strict decoding error: duplicate field "metadata\.labels\.a", duplicate field "data"/);
    assert.equal((await api.request('GET', `${cms}/dup`)).status, 404);
    const warn = await post(`${cms}?fieldValidation=Warn`, body);
    assert.equal(warn.status, 201);
    assert.match(String(warn.headers.warning), /duplicate field \\"data\\"/);
    assert.deepEqual(warn.json<{ data: Record<string, string> }>().data, { k: 'y' });
    const ignored = await post(`${cms}?fieldValidation=Ignore`, body.replace('"dup"', '"dup2"'));
    assert.equal(ignored.status, 201);
    assert.equal(ignored.headers.warning, undefined);
  });

  test('a body over 3 MiB is 413', async () => {
    const big = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { blob: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    const r = await post(cms, big);
    assert.equal(r.status, 413);
    assert.equal(r.json<Status>().reason, 'RequestEntityTooLarge');
  });

  test('a missing namespace is 404 naming it', async () => {
    const r = await post('/api/v1/namespaces/nope/configmaps', JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }));
    assert.equal(r.status, 404);
    assert.equal(r.json<Status>().message, 'namespaces "nope" not found');
  });

  test('a stale resourceVersion is 409 Conflict and the stored object is unchanged', async () => {
    const created = (await post(cms, JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'occ' }, data: { v: '1' } }))).json<{ metadata: { resourceVersion: string } }>();
    const update = (v: string, rv: string) => api.request('PUT', `${cms}/occ`, { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'occ', resourceVersion: rv }, data: { v } }) });
    assert.equal((await update('2', created.metadata.resourceVersion)).status, 200);
    const stale = await update('3', created.metadata.resourceVersion);
    assert.equal(stale.status, 409);
    assert.equal(stale.json<Status>().reason, 'Conflict');
    assert.match(stale.json<Status>().message, /the object has been modified; please apply your changes to the latest version and try again/);
    assert.equal((await api.request('GET', `${cms}/occ`)).json<{ data: { v: string } }>().data.v, '2');
  });

  test('garbage protobuf and unsupported media types are refused cleanly', async () => {
    const pb = await api.request('POST', '/api/v1/namespaces/default/secrets', { body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff, 0xff]), contentType: 'application/vnd.kubernetes.protobuf' });
    assert.equal(pb.status, 400);
    const odd = await post(cms, 'hello', 'text/plain');
    assert.equal(odd.status, 415);
    const ok = await api.request('GET', '/version');
    assert.equal(ok.status, 200);
  });

  test('requests without credentials are 401', async () => {
    const r = await api.request('GET', '/api/v1/namespaces', { as: 'none' });
    assert.equal(r.status, 401);
    assert.equal(r.json<Status>().reason, 'Unauthorized');
  });
});
