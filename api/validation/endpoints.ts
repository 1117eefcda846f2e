// Endpoints (core/v1) and EndpointSlice (discovery.k8s.io/v1).
import type { Endpoints, EndpointAddress } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { Meta } from '../types/meta.js';
import { type Cause, child, index, invalid, required, notSupported, duplicate, tooMany } from './field-error.js';
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidPortNum, nameIsDNSSubdomain } from './names.js';
import { isValidIP, isValidIPv4Address, isValidIPv6Address, validateNonSpecialIP } from './ip.js';
import { validateObjectMeta, validateObjectMetaUpdate, validateLabels, validateImmutable } from './object-meta.js';
import { PROTOCOLS } from './container.js';

function address(a: EndpointAddress, field: string): Cause[] {
  const errs = isValidIP(child(field, 'ip'), a.ip ?? '');
  if (a.hostname) errs.push(...isDNS1123Label(a.hostname).map((m) => invalid(child(field, 'hostname'), a.hostname, m)));
  if (a.nodeName !== undefined && a.nodeName !== null) {
    errs.push(...nameIsDNSSubdomain(a.nodeName, false).map((m) => invalid(child(field, 'nodeName'), a.nodeName, m)));
  }
  return [...errs, ...validateNonSpecialIP(a.ip ?? '', child(field, 'ip'))];
}

export function validateEndpoints(ep: Endpoints, old?: Endpoints): Cause[] {
  const errs = old ? validateObjectMetaUpdate(ep.metadata as Meta, old.metadata as Meta) : [];
  errs.push(...validateObjectMeta(ep.metadata as Meta, true, nameIsDNSSubdomain));
  (ep.subsets ?? []).forEach((ss, i) => {
    const p = index('subsets', i);
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) {
      errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    }
    (ss.addresses ?? []).forEach((a, j) => errs.push(...address(a, index(child(p, 'addresses'), j))));
    (ss.notReadyAddresses ?? []).forEach((a, j) => errs.push(...address(a, index(child(p, 'notReadyAddresses'), j))));
    const ports = ss.ports ?? [];
    ports.forEach((port, j) => {
      const pp = index(child(p, 'ports'), j);
      if (ports.length > 1 && !port.name) errs.push(required(child(pp, 'name')));
      else if (port.name) errs.push(...isDNS1123Label(port.name).map((m) => invalid(child(pp, 'name'), port.name, m)));
      errs.push(...isValidPortNum(port.port).map((m) => invalid(child(pp, 'port'), port.port ?? 0, m)));
      if (!port.protocol) errs.push(required(child(pp, 'protocol')));
      else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(child(pp, 'protocol'), port.protocol, PROTOCOLS));
      if (port.appProtocol !== undefined && port.appProtocol !== null) {
        errs.push(...isQualifiedName(port.appProtocol).map((m) => invalid(child(pp, 'appProtocol'), port.appProtocol, m)));
      }
    });
  });
  return errs;
}

export function validateEndpointSlice(slice: EndpointSlice, old?: EndpointSlice): Cause[] {
  const errs = validateObjectMeta(slice.metadata as Meta, true, nameIsDNSSubdomain);
  const types = old ? ['FQDN', 'IP', 'IPv4', 'IPv6'] : ['FQDN', 'IPv4', 'IPv6'];
  const addrType = slice.addressType ?? '';
  if (!addrType) errs.push(required('addressType'));
  else if (!types.includes(addrType)) errs.push(notSupported('addressType', addrType, types));
  const endpoints = slice.endpoints ?? [];
  if (endpoints.length > 1000) errs.push(tooMany('endpoints', endpoints.length, 1000));
  else endpoints.forEach((ep, i) => {
    const p = index('endpoints', i);
    const ap = child(p, 'addresses');
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) errs.push(required(ap, 'must contain at least 1 address'));
    else if (addrs.length > 100) errs.push(tooMany(ap, addrs.length, 100));
    addrs.forEach((a, j) => {
      const f = index(ap, j);
      if (addrType === 'IPv4') errs.push(...isValidIPv4Address(f, a), ...validateNonSpecialIP(a, f));
      else if (addrType === 'IPv6') errs.push(...isValidIPv6Address(f, a), ...validateNonSpecialIP(a, f));
      else if (addrType === 'FQDN') errs.push(...isDNS1123Subdomain(a.replace(/\.$/, '')).map((m) => invalid(f, a, m)));
    });
    const topo = ep.deprecatedTopology ?? {};
    if (Object.keys(topo).length > 16) errs.push(tooMany(child(p, 'topology'), Object.keys(topo).length, 16));
    errs.push(...validateLabels(topo, child(p, 'topology')));
    if (ep.hostname !== undefined && ep.hostname !== null) errs.push(...isDNS1123Label(ep.hostname).map((m) => invalid(child(p, 'hostname'), ep.hostname, m)));
    if (ep.nodeName !== undefined && ep.nodeName !== null) {
      errs.push(...nameIsDNSSubdomain(ep.nodeName, false).map((m) => invalid(child(p, 'nodeName'), ep.nodeName, m)));
    }
  });
  const ports = slice.ports ?? [];
  if (ports.length > 100) errs.push(tooMany('ports', ports.length, 100));
  else {
    const names = new Set<string>();
    ports.forEach((port, i) => {
      const p = index('ports', i);
      const name = port.name ?? '';
      if (name) errs.push(...isDNS1123Label(name).map((m) => invalid(child(p, 'name'), name, m)));
      if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      names.add(name);
      if (port.protocol === undefined || port.protocol === null) errs.push(required(child(p, 'protocol')));
      else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(child(p, 'protocol'), port.protocol, PROTOCOLS));
      if (port.appProtocol !== undefined && port.appProtocol !== null) {
        errs.push(...isQualifiedName(port.appProtocol).map((m) => invalid(child(p, 'appProtocol'), port.appProtocol, m)));
      }
    });
  }
  if (old) errs.push(...validateImmutable(addrType, old.addressType ?? '', 'addressType'));
  return errs;
}
