// A container's environment, checked against what the kubelet produces (cases after upstream's
// TestMakeEnvironmentVariables): envFrom then env, $(VAR) over earlier and service variables, the
// kubelet's error messages, downward API fields and resources with their rounding.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Container, Pod, Secret } from 'kubernetes-types/core/v1.js';
import { ForbiddenError, NotFoundError } from '../../../../api/errors/status-error.js';
import { resolveEnv, type EnvContext } from '../../../../agent/env/index.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const configMaps: Record<string, ConfigMap> = {
  'test-config-map': { metadata: { name: 'test-config-map', namespace: 'test1' }, data: { REPLACE_ME: 'FROM_CONFIG_MAP', DUPE_TEST: 'CONFIG_MAP', 1234: 'digits' } },
};
const secrets: Record<string, Secret> = {
  'test-secret': { metadata: { name: 'test-secret', namespace: 'test1' }, data: { REPLACE_ME: b64('FROM_SECRET'), DUPE_TEST: b64('SECRET'), password: b64('s3cr=t\n') } },
};

const ctx = (over: Partial<EnvContext> = {}): EnvContext => ({
  getSecret: async (ns, name) => {
    if (ns !== 'test1') throw new Error(`wrong namespace ${ns}`);
    if (name === 'forbidden') throw new ForbiddenError('secrets "forbidden" is forbidden: no relationship found between node \'n1\' and this object');
    const s = secrets[name];
    if (!s) throw new NotFoundError('secrets', '', name);
    return s;
  },
  getConfigMap: async (ns, name) => {
    const cm = configMaps[name];
    if (!cm || ns !== 'test1') throw new NotFoundError('configmaps', '', name);
    return cm;
  },
  podIPs: ['10.244.0.7', 'fd00::7'],
  hostIPs: ['192.168.1.20'],
  serviceEnv: [{ name: 'TEST_SERVICE_HOST', value: '10.96.0.33' }, { name: 'TEST_SERVICE_PORT', value: '8083' }],
  nodeAllocatable: { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi' },
  ...over,
});

const podWith = (...containers: Container[]): Pod => ({
  metadata: {
    name: 'dapi-test-pod-name', namespace: 'test1', uid: 'c3b6e1a2-0000-4000-8000-000000000001',
    labels: { tier: 'frontend', app: 'web' }, annotations: { note: 'say "hi"' },
  },
  spec: { nodeName: 'node-name', serviceAccountName: 'special', containers },
});

async function envOf(c: Container, over?: Partial<EnvContext>): Promise<Record<string, string>> {
  const r = await resolveEnv(podWith(c), c, ctx(over));
  assert.equal(r.error, undefined);
  return Object.fromEntries(r.env.map((e) => [e.name, e.value]));
}

async function errorOf(c: Container): Promise<string | undefined> {
  const r = await resolveEnv(podWith(c), c, ctx());
  assert.deepEqual(r.env, []);
  return r.error;
}

describe('resolveEnv: envFrom and env', () => {
  test('configMap envFrom with and without prefix, then env overriding it and expanding it', async () => {
    const env = await envOf({
      name: 'c',
      envFrom: [{ configMapRef: { name: 'test-config-map' } }, { prefix: 'p_', configMapRef: { name: 'test-config-map' } }],
      env: [{ name: 'TEST_LITERAL', value: 'test-test-test' }, { name: 'EXPANSION_TEST', value: '$(REPLACE_ME)' }, { name: 'DUPE_TEST', value: 'ENV_VAR' }],
    });
    assert.deepEqual(env, {
      TEST_SERVICE_HOST: '10.96.0.33', TEST_SERVICE_PORT: '8083',
      REPLACE_ME: 'FROM_CONFIG_MAP', DUPE_TEST: 'ENV_VAR', 1234: 'digits', p_REPLACE_ME: 'FROM_CONFIG_MAP', p_DUPE_TEST: 'CONFIG_MAP', p_1234: 'digits',
      TEST_LITERAL: 'test-test-test', EXPANSION_TEST: 'FROM_CONFIG_MAP',
    });
  });

  test('secret envFrom values are decoded; a later envFrom wins over an earlier one', async () => {
    const env = await envOf({ name: 'c', envFrom: [{ configMapRef: { name: 'test-config-map' } }, { secretRef: { name: 'test-secret' } }] });
    assert.equal(env.REPLACE_ME, 'FROM_SECRET');
    assert.equal(env.password, 's3cr=t\n');
  });

  test('$(VAR) sees earlier variables and service variables, not later ones; explicit env overrides services', async () => {
    const env = await envOf({
      name: 'c',
      env: [
        { name: 'URL', value: 'http://$(TEST_SERVICE_HOST):$(TEST_SERVICE_PORT)/$(LATER)' },
        { name: 'LATER', value: 'x' },
        { name: 'TEST_SERVICE_PORT', value: '9000' },
        { name: 'AFTER', value: '$(TEST_SERVICE_PORT)-$(LATER)-$$(LATER)' },
        { name: 'EMPTY', value: '' },
      ],
    });
    assert.equal(env.URL, 'http://10.96.0.33:8083/$(LATER)');
    assert.equal(env.AFTER, '9000-x-$(LATER)');
    assert.equal(env.TEST_SERVICE_PORT, '9000');
    assert.equal(env.EMPTY, '');
  });

  test('optional sources that are missing leave their variables out, without error', async () => {
    const env = await envOf({
      name: 'c',
      envFrom: [{ configMapRef: { name: 'nope', optional: true } }, { secretRef: { name: 'nope', optional: true } }, { configMapRef: { name: 'test-config-map' } }],
      env: [
        { name: 'A', valueFrom: { secretKeyRef: { name: 'nope', key: 'k', optional: true } } },
        { name: 'REPLACE_ME', valueFrom: { configMapKeyRef: { name: 'test-config-map', key: 'absent', optional: true } } },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'test-secret', key: 'absent', optional: true } } },
      ],
    });
    assert.equal('A' in env || 'B' in env, false);
    assert.equal(env.REPLACE_ME, 'FROM_CONFIG_MAP'); // a skipped optional key does not blank the envFrom value
  });

  test('key references resolve, secrets decoded', async () => {
    const env = await envOf({
      name: 'c',
      env: [
        { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'test-secret', key: 'password' } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'test-config-map', key: 'REPLACE_ME' } } },
      ],
    });
    assert.equal(env.PASSWORD, 's3cr=t\n');
    assert.equal(env.MODE, 'FROM_CONFIG_MAP');
  });

  test("the kubelet's CreateContainerConfigError messages", async () => {
    const cases: [Container, string][] = [
      [{ name: 'c', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'test-secret', key: 'KEY' } } }] }, "couldn't find key KEY in Secret test1/test-secret"],
      [{ name: 'c', env: [{ name: 'P', valueFrom: { configMapKeyRef: { name: 'test-config-map', key: 'KEY' } } }] }, "couldn't find key KEY in ConfigMap test1/test-config-map"],
      [{ name: 'c', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-pass', key: 'KEY' } } }] }, 'secret "db-pass" not found'],
      [{ name: 'c', envFrom: [{ configMapRef: { name: 'settings' } }] }, 'configmap "settings" not found'],
      [{ name: 'c', envFrom: [{ secretRef: { name: 'forbidden' } }] }, 'secrets "forbidden" is forbidden: no relationship found between node \'n1\' and this object'],
      [{ name: 'c', env: [{ name: 'R', valueFrom: { resourceFieldRef: { containerName: 'ghost', resource: 'limits.cpu' } } }] }, 'container ghost not found'],
    ];
    for (const [c, message] of cases) assert.equal(await errorOf(c), message);
  });

  test('envFrom names the runtime cannot carry are skipped and reported as the kubelet words it', async () => {
    const c: Container = { name: 'c', envFrom: [{ prefix: 'BAD=', configMapRef: { name: 'test-config-map' } }, { configMapRef: { name: 'test-config-map' } }] };
    const r = await resolveEnv(podWith(c), c, ctx());
    assert.equal(r.error, undefined);
    assert.equal(r.env.some((e) => e.name.startsWith('BAD=')), false);
    assert.equal(r.env.find((e) => e.name === '1234')?.value, 'digits');
    assert.deepEqual(r.warnings, [{
      reason: 'InvalidEnvironmentVariableNames',
      message: 'Keys [BAD=1234, BAD=DUPE_TEST, BAD=REPLACE_ME] from the EnvFrom configMap test1/test-config-map were skipped since they are considered invalid environment variable names.',
    }]);
  });
});

describe('resolveEnv: downward API', () => {
  test('fieldRef paths', async () => {
    const field = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } });
    const env = await envOf({
      name: 'c',
      env: [
        field('POD_NAME', 'metadata.name'), field('POD_NAMESPACE', 'metadata.namespace'), field('POD_UID', 'metadata.uid'),
        field('APP', "metadata.labels['app']"), field('NOTE', "metadata.annotations['note']"), field('MISSING', "metadata.labels['nope']"),
        field('NODE_NAME', 'spec.nodeName'), field('SA', 'spec.serviceAccountName'),
        field('HOST_IP', 'status.hostIP'), field('HOST_IPS', 'status.hostIPs'), field('POD_IP', 'status.podIP'), field('POD_IPS', 'status.podIPs'),
        field('LABELS', 'metadata.labels'),
      ],
    }, { serviceEnv: [] });
    assert.deepEqual(env, {
      POD_NAME: 'dapi-test-pod-name', POD_NAMESPACE: 'test1', POD_UID: 'c3b6e1a2-0000-4000-8000-000000000001',
      APP: 'web', NOTE: 'say "hi"', MISSING: '', NODE_NAME: 'node-name', SA: 'special',
      HOST_IP: '192.168.1.20', HOST_IPS: '192.168.1.20', POD_IP: '10.244.0.7', POD_IPS: '10.244.0.7,fd00::7',
      LABELS: 'app="web"\ntier="frontend"',
    });
  });

  test('resourceFieldRef: divisors, rounding up, and node allocatable standing in for unset limits', async () => {
    const res = (name: string, resource: string, divisor?: string, containerName?: string) =>
      ({ name, valueFrom: { resourceFieldRef: { resource, divisor, containerName } } });
    const main: Container = {
      name: 'main',
      resources: { limits: { cpu: '250m', memory: '64Mi' }, requests: { cpu: '100m', memory: '64Mi', 'ephemeral-storage': '1Gi' } },
      env: [
        res('CPU_LIMIT', 'limits.cpu'), res('CPU_LIMIT_M', 'limits.cpu', '1m'), res('CPU_REQUEST', 'requests.cpu', '1'),
        res('MEM_LIMIT', 'limits.memory'), res('MEM_LIMIT_MI', 'limits.memory', '1Mi'), res('MEM_LIMIT_M', 'limits.memory', '1M'),
        res('MEM_LIMIT_ZERO_DIV', 'limits.memory', '0'), res('EPH_REQUEST_MI', 'requests.ephemeral-storage', '1Mi'),
        res('SIDE_CPU', 'limits.cpu', '1m', 'side'), res('SIDE_MEM_GI', 'limits.memory', '1Gi', 'side'), res('SIDE_MEM_REQ', 'requests.memory', undefined, 'side'),
        res('SIDE_EPH', 'limits.ephemeral-storage', '1Gi', 'side'),
      ],
    };
    const side: Container = { name: 'side', resources: { limits: { cpu: '0' } } };
    const pod = podWith(main, side);
    const r = await resolveEnv(pod, main, ctx());
    const env = Object.fromEntries(r.env.map((e) => [e.name, e.value]));
    assert.deepEqual({
      CPU_LIMIT: env.CPU_LIMIT, CPU_LIMIT_M: env.CPU_LIMIT_M, CPU_REQUEST: env.CPU_REQUEST,
      MEM_LIMIT: env.MEM_LIMIT, MEM_LIMIT_MI: env.MEM_LIMIT_MI, MEM_LIMIT_M: env.MEM_LIMIT_M, MEM_LIMIT_ZERO_DIV: env.MEM_LIMIT_ZERO_DIV,
      EPH_REQUEST_MI: env.EPH_REQUEST_MI, SIDE_CPU: env.SIDE_CPU, SIDE_MEM_GI: env.SIDE_MEM_GI, SIDE_MEM_REQ: env.SIDE_MEM_REQ, SIDE_EPH: env.SIDE_EPH,
    }, {
      CPU_LIMIT: '1', CPU_LIMIT_M: '250', CPU_REQUEST: '1',
      MEM_LIMIT: '67108864', MEM_LIMIT_MI: '64', MEM_LIMIT_M: '68', MEM_LIMIT_ZERO_DIV: '67108864',
      EPH_REQUEST_MI: '1024', SIDE_CPU: '4000', SIDE_MEM_GI: '8', SIDE_MEM_REQ: '0', SIDE_EPH: '100',
    });
  });
});
