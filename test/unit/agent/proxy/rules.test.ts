// The iptables-restore text rulesFor() writes for Services and EndpointSlices as the API stores them,
// checked chain by chain against what kube-proxy's iptables mode writes for the same objects.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { ChainNames, rulesFor, type ProxyConfig } from '../../../../agent/proxy/index.js';

const CONFIG: ProxyConfig = {
  prefix: 'SKIFF', nodeName: 'node-a', nodeIPs: ['192.168.1.20'], podCidr: '10.244.1.0/24', clusterCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12',
};
const names = new ChainNames('SKIFF');

/** A Service as the API server stores it after `kubectl expose` (ClusterIP and NodePort allocated). */
function service(name: string, spec: Partial<NonNullable<Service['spec']>> = {}, status?: Service['status']): Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '12' },
    spec: {
      type: 'ClusterIP', clusterIP: '10.96.14.7', clusterIPs: ['10.96.14.7'], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster', sessionAffinity: 'None', selector: { app: name },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      ...spec,
    },
    status: status ?? { loadBalancer: {} },
  };
}

const endpoint = (ip: string, conditions: Endpoint['conditions'] = { ready: true, serving: true, terminating: false }, nodeName = 'node-a'): Endpoint =>
  ({ addresses: [ip], conditions, nodeName, targetRef: { kind: 'Pod', namespace: 'default', name: `pod-${ip}` } });

/** An EndpointSlice as the endpointslice controller writes it. */
function slice(serviceName: string, endpoints: Endpoint[], ports = [{ name: 'http', port: 8080, protocol: 'TCP' }]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4',
    metadata: { name: `${serviceName}-abcde`, namespace: 'default', labels: { 'kubernetes.io/service-name': serviceName, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    endpoints, ports,
  };
}

/** rulesFor's output as table → chain → rules (the text after "-A CHAIN "), plus the inserted jumps. */
function parse(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let table: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) out[line.slice(1)] = table = {};
    else if (line.startsWith(':')) table[line.slice(1).split(' ')[0]] = [];
    else if (line.startsWith('-A ')) {
      const [, chain, rest] = /^-A (\S+) (.*)$/.exec(line)!;
      table[chain].push(rest);
    } else if (line.startsWith('-I ')) (table[`insert:${line.split(' ')[1]}`] ??= []).push(line);
  }
  return out;
}

const rules = (services: Service[], slices: EndpointSlice[], config = CONFIG) => parse(rulesFor({ config, services, slices }));
const SVC = names.svc('default/web:http', 'TCP');
const EXT = names.ext('default/web:http', 'TCP');
const sep = (address: string): string => names.sep('default/web:http', 'TCP', address);

describe('proxy rules', () => {
  test('a ClusterIP with one endpoint: the ClusterIP jumps to the service chain, which DNATs unconditionally', () => {
    const r = rules([service('web')], [slice('web', [endpoint('10.244.1.5')])]);
    assert.deepEqual(r.nat['SKIFF-SERVICES'], [
      `-d 10.96.14.7/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${SVC}`,
      '-m comment --comment "SKIFF service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j SKIFF-NODEPORTS',
    ]);
    assert.deepEqual(r.nat[SVC], [
      // traffic from outside the cluster CIDR (the host, other machines) is masqueraded
      `! -s 10.244.0.0/16 -d 10.96.14.7/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j SKIFF-MARK-MASQ`,
      `-m comment --comment "default/web:http -> 10.244.1.5:8080" -j ${sep('10.244.1.5:8080')}`,
    ]);
    assert.deepEqual(r.nat[sep('10.244.1.5:8080')], [
      '-s 10.244.1.5/32 -m comment --comment "default/web:http" -j SKIFF-MARK-MASQ',
      '-p tcp -m comment --comment "default/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080',
    ]);
    assert.deepEqual(r.filter['SKIFF-SERVICES'], ['-d 10.96.0.0/12 -m comment --comment "unallocated service IPs and ports" -j REJECT --reject-with icmp-port-unreachable']);
  });

  test('two and three endpoints are balanced with probabilities 1/n, 1/(n-1), ..., the last unconditional', () => {
    const two = rules([service('web')], [slice('web', [endpoint('10.244.1.6'), endpoint('10.244.1.5')])]);
    assert.deepEqual(two.nat[SVC].slice(1), [
      `-m comment --comment "default/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.5000000000 -j ${sep('10.244.1.5:8080')}`,
      `-m comment --comment "default/web:http -> 10.244.1.6:8080" -j ${sep('10.244.1.6:8080')}`,
    ]);
    const three = rules([service('web')], [slice('web', [endpoint('10.244.1.10'), endpoint('10.244.1.9'), endpoint('10.244.2.3', undefined, 'node-b')])]);
    assert.deepEqual(three.nat[SVC].slice(1), [
      `-m comment --comment "default/web:http -> 10.244.1.9:8080" -m statistic --mode random --probability 0.3333333333 -j ${sep('10.244.1.9:8080')}`,
      `-m comment --comment "default/web:http -> 10.244.1.10:8080" -m statistic --mode random --probability 0.5000000000 -j ${sep('10.244.1.10:8080')}`,
      `-m comment --comment "default/web:http -> 10.244.2.3:8080" -j ${sep('10.244.2.3:8080')}`,
    ]);
    // every endpoint, on this node or another, gets its DNAT chain
    for (const a of ['10.244.1.9:8080', '10.244.1.10:8080', '10.244.2.3:8080']) assert.match(three.nat[sep(a)][1], new RegExp(`-j DNAT --to-destination ${a}$`));
  });

  test('a NodePort answers on every local address through the external chain, which masquerades', () => {
    const web = service('web', { type: 'NodePort', externalTrafficPolicy: 'Cluster', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] });
    const r = rules([web], [slice('web', [endpoint('10.244.1.5')])]);
    assert.deepEqual(r.nat['SKIFF-NODEPORTS'], [`-p tcp -m comment --comment "default/web:http" -m tcp --dport 30080 -j ${EXT}`]);
    assert.deepEqual(r.nat[EXT], [
      '-m comment --comment "masquerade traffic for default/web:http external destinations" -j SKIFF-MARK-MASQ',
      `-j ${SVC}`,
    ]);
    assert.equal(r.nat['SKIFF-SERVICES'].at(-1), '-m comment --comment "SKIFF service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j SKIFF-NODEPORTS');
    // marked traffic is masqueraded once, and accepted in FORWARD whatever Docker's policy
    assert.deepEqual(r.nat['SKIFF-MARK-MASQ'], ['-j MARK --or-mark 0x4000']);
    assert.deepEqual(r.nat['SKIFF-POSTROUTING'], [
      '-m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-j MARK --xor-mark 0x4000',
      '-m comment --comment "SKIFF service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
    assert.deepEqual(r.filter['SKIFF-FORWARD'], [
      '-m comment --comment "SKIFF forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
      '-m comment --comment "SKIFF forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ]);
  });

  test('a service port without ready endpoints is REJECTed in the filter table (ClusterIP and NodePort), not DNATed', () => {
    const web = service('web', { type: 'NodePort', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] });
    for (const slices of [[], [slice('web', [])], [slice('web', [endpoint('10.244.1.5', { ready: false, serving: false, terminating: false })])]]) {
      const r = rules([web], slices);
      assert.deepEqual(r.filter['SKIFF-SERVICES'], [
        '-d 10.96.14.7/32 -p tcp -m comment --comment "default/web:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
        '-d 10.96.0.0/12 -m comment --comment "unallocated service IPs and ports" -j REJECT --reject-with icmp-port-unreachable',
      ]);
      assert.deepEqual(r.filter['SKIFF-EXTERNAL-SERVICES'], [
        '-p tcp -m comment --comment "default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable',
      ]);
      assert.deepEqual(r.nat['SKIFF-NODEPORTS'], []);
      assert.equal(r.nat[SVC], undefined);
      assert.equal(r.nat['SKIFF-SERVICES'].length, 1);
    }
  });

  test('ClientIP session affinity sends a client back to the endpoint it was given, for timeoutSeconds (default 3 h)', () => {
    const eps = [endpoint('10.244.1.5'), endpoint('10.244.1.6')];
    const check = (svc: Service, seconds: number): void => {
      const r = rules([svc], [slice('web', eps)]);
      const [a, b] = [sep('10.244.1.5:8080'), sep('10.244.1.6:8080')];
      assert.deepEqual(r.nat[SVC].slice(1, 3), [
        `-m comment --comment "default/web:http -> 10.244.1.5:8080" -m recent --rcheck --seconds ${seconds} --reap --name ${a} --mask 255.255.255.255 --rsource -j ${a}`,
        `-m comment --comment "default/web:http -> 10.244.1.6:8080" -m recent --rcheck --seconds ${seconds} --reap --name ${b} --mask 255.255.255.255 --rsource -j ${b}`,
      ]);
      assert.match(r.nat[SVC][3], /-m statistic --mode random --probability 0\.5000000000 /);
      assert.equal(r.nat[a][1], `-p tcp -m comment --comment "default/web:http" -m recent --set --name ${a} --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.244.1.5:8080`);
    };
    check(service('web', { sessionAffinity: 'ClientIP' }), 10_800);
    check(service('web', { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }), 60);
  });

  test('hairpin: traffic an endpoint sends to its own service is marked for masquerade in its endpoint chain', () => {
    const r = rules([service('web')], [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.1.6')])]);
    for (const ip of ['10.244.1.5', '10.244.1.6']) {
      assert.equal(r.nat[sep(`${ip}:8080`)][0], `-s ${ip}/32 -m comment --comment "default/web:http" -j SKIFF-MARK-MASQ`);
    }
  });

  test('terminating endpoints get no traffic while ready ones exist; if none is ready, serving terminating ones drain', () => {
    const terminating = endpoint('10.244.1.9', { ready: false, serving: true, terminating: true });
    const gone = endpoint('10.244.1.8', { ready: false, serving: false, terminating: true });
    const r = rules([service('web')], [slice('web', [endpoint('10.244.1.5'), terminating, gone])]);
    assert.deepEqual(r.nat[SVC].slice(1), [`-m comment --comment "default/web:http -> 10.244.1.5:8080" -j ${sep('10.244.1.5:8080')}`]);
    assert.equal(r.nat[sep('10.244.1.9:8080')], undefined);
    const draining = rules([service('web')], [slice('web', [terminating, gone])]);
    assert.deepEqual(draining.nat[SVC].slice(1), [`-m comment --comment "default/web:http -> 10.244.1.9:8080" -j ${sep('10.244.1.9:8080')}`]);
  });

  test('endpoints are matched to service ports by port name and protocol across slices; unnamed ports work', () => {
    const svc = service('dns', { ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 }] });
    const ports = [{ name: 'dns', port: 5353, protocol: 'UDP' }, { name: 'dns-tcp', port: 5353, protocol: 'TCP' }];
    const r = rules([svc], [slice('dns', [endpoint('10.244.1.5')], ports), { ...slice('dns', [endpoint('10.244.1.6')], ports), metadata: { ...slice('dns', []).metadata, name: 'dns-fghij' } }]);
    const udp = names.svc('default/dns:dns', 'UDP');
    assert.equal(r.nat[udp].length, 3);
    assert.match(r.nat[names.sep('default/dns:dns', 'UDP', '10.244.1.6:5353')][1], /^-p udp .* -m udp -j DNAT --to-destination 10\.244\.1\.6:5353$/);
    assert.match(r.nat['SKIFF-SERVICES'][0], /^-d 10\.96\.14\.7\/32 -p udp -m comment --comment "default\/dns:dns cluster IP" -m udp --dport 53 -j /);

    const unnamed = rules([service('web', { ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }] })], [slice('web', [endpoint('10.244.1.5')], [{ port: 8080, protocol: 'TCP' }] as never)]);
    assert.match(unnamed.nat['SKIFF-SERVICES'][0], /--comment "default\/web cluster IP" -m tcp --dport 80 -j SKIFF-SVC-/);
  });

  test('headless and ExternalName Services get no rules', () => {
    const headless = service('web', { clusterIP: 'None', clusterIPs: ['None'] });
    const external = service('web', { type: 'ExternalName', externalName: 'example.com', clusterIP: undefined, clusterIPs: undefined });
    for (const svc of [headless, external]) {
      const r = rules([svc], [slice('web', [endpoint('10.244.1.5')])]);
      assert.equal(r.nat['SKIFF-SERVICES'].length, 1);
      assert.equal(r.filter['SKIFF-SERVICES'].length, 1);
      assert.equal(Object.keys(r.nat).filter((c) => /-(SVC|SEP|EXT)-/.test(c)).length, 0);
    }
  });

  test('a LoadBalancer answers on every local address at its service port and on its ingress IPs', () => {
    const lb = service('web', { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', ports: [{ name: 'http', port: 8081, protocol: 'TCP', targetPort: 8080, nodePort: 31234 }] },
      { loadBalancer: { ingress: [{ ip: '192.168.1.20' }, { ip: '192.168.1.21' }] } });
    const r = rules([lb], [slice('web', [endpoint('10.244.1.5')])]);
    assert.deepEqual(r.nat['SKIFF-NODEPORTS'], [
      `-p tcp -m comment --comment "default/web:http" -m tcp --dport 31234 -j ${EXT}`,
      `-p tcp -m comment --comment "default/web:http loadbalancer" -m tcp --dport 8081 -j ${EXT}`,
    ]);
    assert.deepEqual(r.nat['SKIFF-SERVICES'].slice(1, 3), [
      `-d 192.168.1.20/32 -p tcp -m comment --comment "default/web:http loadbalancer IP" -m tcp --dport 8081 -j ${EXT}`,
      `-d 192.168.1.21/32 -p tcp -m comment --comment "default/web:http loadbalancer IP" -m tcp --dport 8081 -j ${EXT}`,
    ]);
    // another implementation's LoadBalancer (loadBalancerClass set) is not served on the node's addresses
    const classed = rules([service('web', { ...lb.spec, loadBalancerClass: 'example.com/lb' }, {})], [slice('web', [endpoint('10.244.1.5')])]);
    assert.deepEqual(classed.nat['SKIFF-NODEPORTS'], [`-p tcp -m comment --comment "default/web:http" -m tcp --dport 31234 -j ${EXT}`]);
  });

  test('externalTrafficPolicy Local sends outside traffic only to this node\'s endpoints and drops it when there are none', () => {
    const web = service('web', { type: 'NodePort', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] });
    const svl = names.svl('default/web:http', 'TCP');
    const r = rules([web], [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.2.5', undefined, 'node-b')])]);
    assert.deepEqual(r.nat[EXT], [
      `-s 10.244.0.0/16 -m comment --comment "pod traffic for default/web:http external destinations" -j ${SVC}`,
      '-m comment --comment "masquerade LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j SKIFF-MARK-MASQ',
      `-m comment --comment "route LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j ${SVC}`,
      `-j ${svl}`,
    ]);
    assert.deepEqual(r.nat[svl], [`-m comment --comment "default/web:http -> 10.244.1.5:8080" -j ${sep('10.244.1.5:8080')}`]);
    const remoteOnly = rules([web], [slice('web', [endpoint('10.244.2.5', undefined, 'node-b')])]);
    assert.deepEqual(remoteOnly.filter['SKIFF-EXTERNAL-SERVICES'], [
      '-p tcp -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30080 -j DROP',
    ]);
  });

  test('internalTrafficPolicy Local sends ClusterIP traffic only to this node\'s endpoints, dropping it when there are none', () => {
    const web = service('web', { internalTrafficPolicy: 'Local' });
    const svl = names.svl('default/web:http', 'TCP');
    const r = rules([web], [slice('web', [endpoint('10.244.1.5'), endpoint('10.244.2.5', undefined, 'node-b')])]);
    assert.equal(r.nat['SKIFF-SERVICES'][0], `-d 10.96.14.7/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${svl}`);
    assert.deepEqual(r.nat[svl].slice(1), [`-m comment --comment "default/web:http -> 10.244.1.5:8080" -j ${sep('10.244.1.5:8080')}`]);
    assert.equal(r.nat[SVC], undefined);
    const remoteOnly = rules([web], [slice('web', [endpoint('10.244.2.5', undefined, 'node-b')])]);
    assert.equal(remoteOnly.filter['SKIFF-SERVICES'][0], '-d 10.96.14.7/32 -p tcp -m comment --comment "default/web:http has no local endpoints" -m tcp --dport 80 -j DROP');
  });

  test('the built-in chains jump to ours at their top; the prefix names every chain', () => {
    const r = rules([service('web')], [slice('web', [endpoint('10.244.1.5')])], { ...CONFIG, prefix: 'T1' });
    assert.deepEqual(r.nat['insert:PREROUTING'], ['-I PREROUTING 1 -m comment --comment "T1 service portals" -j T1-SERVICES']);
    assert.deepEqual(r.nat['insert:OUTPUT'], ['-I OUTPUT 1 -m comment --comment "T1 service portals" -j T1-SERVICES']);
    assert.deepEqual(r.nat['insert:POSTROUTING'], ['-I POSTROUTING 1 -m comment --comment "T1 postrouting rules" -j T1-POSTROUTING']);
    // inserted last first, so FORWARD reads: accept marked/established, then the REJECTs
    assert.deepEqual(r.filter['insert:FORWARD'], [
      '-I FORWARD 1 -m conntrack --ctstate NEW -m comment --comment "T1 externally-visible service portals" -j T1-EXTERNAL-SERVICES',
      '-I FORWARD 1 -m conntrack --ctstate NEW -m comment --comment "T1 service portals" -j T1-SERVICES',
      '-I FORWARD 1 -m comment --comment "T1 forwarding rules" -j T1-FORWARD',
    ]);
    const chains = [...Object.keys(r.nat), ...Object.keys(r.filter)].filter((c) => !c.startsWith('insert:'));
    for (const c of chains) {
      assert.ok(c.startsWith('T1-'), c);
      assert.ok(c.length <= 28, c);
    }
    assert.throws(() => rulesFor({ config: { ...CONFIG, prefix: 'TOO-LONG-PREFIX' }, services: [], slices: [] }), /chain prefix "TOO-LONG-PREFIX" is invalid/);
  });
});
