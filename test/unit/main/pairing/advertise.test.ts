import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkInterfaceInfo } from 'node:os';
import { advertisedServers } from '../../../../main/pairing/index.js';

const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

test('listening on every address, devices are told the machine\'s addresses, IPv4 first', () => {
  const ifs = { lo: [iface('127.0.0.1', 'IPv4', true)], eth0: [iface('fd00::5', 'IPv6'), iface('192.168.1.10', 'IPv4'), iface('fe80::1', 'IPv6')] };
  assert.deepEqual(advertisedServers('0.0.0.0', 6443, ifs), { servers: ['https://192.168.1.10:6443'], warnings: [] });
  assert.deepEqual(advertisedServers('::', 6443, ifs).servers, ['https://192.168.1.10:6443', 'https://[fd00::5]:6443']);
});

test('listening on loopback warns that no device can reach it; a specific address is used as is', () => {
  const lo = advertisedServers('127.0.0.1', 6443, {});
  assert.deepEqual(lo.servers, ['https://127.0.0.1:6443']);
  assert.match(lo.warnings[0], /which no device can reach: restart the control plane with --listen 0\.0\.0\.0:6443/);
  assert.deepEqual(advertisedServers('10.1.2.3', 7443, {}), { servers: ['https://10.1.2.3:7443'], warnings: [] });
});
