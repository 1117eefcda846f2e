// A hand-written slice of the upstream OpenAPI v3 components (names, $refs and x-kubernetes-* extensions as
// kube-apiserver v1.32 publishes them) behind a SchemaRegistry over a plain object, so the patch and apply
// tests do not depend on the generated schemas.
import type { JSONSchema, SchemaRegistry } from '../../../../api/schema/types.js';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const CORE = 'io.k8s.api.core.v1';
const APPS = 'io.k8s.api.apps.v1';
const ref = (name: string): JSONSchema => ({ $ref: `#/components/schemas/${name}` });
const str: JSONSchema = { type: 'string' };
const int: JSONSchema = { type: 'integer', format: 'int32' };
const bool: JSONSchema = { type: 'boolean' };
const strMap: JSONSchema = { type: 'object', additionalProperties: str };
const atomicList = (items: JSONSchema): JSONSchema => ({ type: 'array', items, 'x-kubernetes-list-type': 'atomic' });
const mapList = (items: JSONSchema, mergeKey: string, keys: string[], strategy = 'merge'): JSONSchema => ({
  type: 'array', items, 'x-kubernetes-patch-strategy': strategy, 'x-kubernetes-patch-merge-key': mergeKey,
  'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys,
});
const struct = (properties: Record<string, JSONSchema>, extra: Partial<JSONSchema> = {}): JSONSchema => ({ type: 'object', properties, ...extra });
const kind = (group: string, version: string, k: string, spec?: string, status?: string): JSONSchema => struct({
  apiVersion: str, kind: str, metadata: ref(`${META}.ObjectMeta`),
  ...(spec ? { spec: ref(spec) } : {}),
  ...(status ? { status: ref(status) } : {}),
}, { 'x-kubernetes-group-version-kind': [{ group, version, kind: k }] });

export const components: Record<string, JSONSchema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  [`${META}.ObjectMeta`]: struct({
    name: str, namespace: str, uid: str, resourceVersion: str, generation: { type: 'integer', format: 'int64' },
    creationTimestamp: { type: 'string', format: 'date-time' }, labels: strMap, annotations: strMap,
    finalizers: { type: 'array', items: str, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-list-type': 'set' },
    ownerReferences: mapList(ref(`${META}.OwnerReference`), 'uid', ['uid']),
    managedFields: atomicList(ref(`${META}.ManagedFieldsEntry`)),
  }),
  [`${META}.OwnerReference`]: struct({ apiVersion: str, kind: str, name: str, uid: str, controller: bool }, { 'x-kubernetes-map-type': 'atomic' }),
  [`${META}.ManagedFieldsEntry`]: struct({ manager: str, operation: str, apiVersion: str, time: str, fieldsType: str, fieldsV1: ref(`${META}.FieldsV1`) }),
  [`${META}.FieldsV1`]: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  [`${META}.LabelSelector`]: struct({ matchLabels: strMap, matchExpressions: atomicList(struct({ key: str, operator: str, values: atomicList(str) })) }, { 'x-kubernetes-map-type': 'atomic' }),
  [`${META}.Condition`]: struct({ type: str, status: str, reason: str, message: str }),

  [`${APPS}.Deployment`]: kind('apps', 'v1', 'Deployment', `${APPS}.DeploymentSpec`, `${APPS}.DeploymentStatus`),
  [`${APPS}.DeploymentSpec`]: struct({
    replicas: int, minReadySeconds: int, selector: ref(`${META}.LabelSelector`), template: ref(`${CORE}.PodTemplateSpec`),
    strategy: { ...ref(`${APPS}.DeploymentStrategy`), 'x-kubernetes-patch-strategy': 'retainKeys' },
  }, { required: ['selector', 'template'] }),
  [`${APPS}.DeploymentStrategy`]: struct({ type: str, rollingUpdate: ref(`${APPS}.RollingUpdateDeployment`) }),
  [`${APPS}.RollingUpdateDeployment`]: struct({ maxSurge: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'), maxUnavailable: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString') }),
  [`${APPS}.DeploymentStatus`]: struct({ replicas: int, readyReplicas: int, conditions: mapList(ref(`${META}.Condition`), 'type', ['type']) }),

  [`${CORE}.Pod`]: kind('', 'v1', 'Pod', `${CORE}.PodSpec`, `${CORE}.PodStatus`),
  [`${CORE}.PodStatus`]: struct({ phase: str, conditions: mapList(ref(`${META}.Condition`), 'type', ['type']) }),
  [`${CORE}.PodTemplateSpec`]: struct({ metadata: ref(`${META}.ObjectMeta`), spec: ref(`${CORE}.PodSpec`) }),
  [`${CORE}.PodSpec`]: struct({
    containers: mapList(ref(`${CORE}.Container`), 'name', ['name']),
    initContainers: mapList(ref(`${CORE}.Container`), 'name', ['name']),
    volumes: mapList(ref(`${CORE}.Volume`), 'name', ['name'], 'merge,retainKeys'),
    imagePullSecrets: mapList(ref(`${CORE}.LocalObjectReference`), 'name', ['name']),
    tolerations: atomicList(struct({ key: str, operator: str, value: str, effect: str })),
    nodeSelector: { ...strMap, 'x-kubernetes-map-type': 'atomic' },
    restartPolicy: str, dnsPolicy: str, terminationGracePeriodSeconds: int,
    securityContext: ref(`${CORE}.PodSecurityContext`),
  }, { required: ['containers'] }),
  [`${CORE}.PodSecurityContext`]: struct({ runAsUser: int, runAsNonRoot: bool }),
  [`${CORE}.LocalObjectReference`]: struct({ name: str }, { 'x-kubernetes-map-type': 'atomic' }),
  [`${CORE}.Container`]: struct({
    name: str, image: str, imagePullPolicy: str, args: atomicList(str), command: atomicList(str),
    env: mapList(ref(`${CORE}.EnvVar`), 'name', ['name']),
    ports: mapList(ref(`${CORE}.ContainerPort`), 'containerPort', ['containerPort', 'protocol']),
    volumeMounts: mapList(ref(`${CORE}.VolumeMount`), 'mountPath', ['mountPath']),
    resources: ref(`${CORE}.ResourceRequirements`),
  }, { required: ['name'] }),
  [`${CORE}.EnvVar`]: struct({ name: str, value: str }, { required: ['name'] }),
  // As our generated schemas: no `default: "TCP"` on protocol (upstream has one).
  [`${CORE}.ContainerPort`]: struct({ name: str, containerPort: int, hostPort: int, protocol: str }, { required: ['containerPort'] }),
  [`${CORE}.VolumeMount`]: struct({ name: str, mountPath: str, readOnly: bool }),
  [`${CORE}.Volume`]: struct({ name: str, emptyDir: struct({ medium: str }), configMap: struct({ name: str }), hostPath: struct({ path: str }) }),
  [`${CORE}.ResourceRequirements`]: struct({
    limits: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
    requests: { type: 'object', additionalProperties: ref('io.k8s.apimachinery.pkg.api.resource.Quantity') },
  }),
  [`${CORE}.Service`]: kind('', 'v1', 'Service', `${CORE}.ServiceSpec`),
  [`${CORE}.ServiceSpec`]: struct({
    type: str, clusterIP: str,
    ports: mapList(ref(`${CORE}.ServicePort`), 'port', ['port', 'protocol']),
    selector: { ...strMap, 'x-kubernetes-map-type': 'atomic' },
  }),
  [`${CORE}.ServicePort`]: struct({ name: str, port: int, targetPort: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'), protocol: str, nodePort: int }),
  [`${CORE}.ConfigMap`]: struct({ apiVersion: str, kind: str, metadata: ref(`${META}.ObjectMeta`), data: strMap }, { 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'ConfigMap' }] }),
};

/** A SchemaRegistry over a plain map of components. */
export function registryOf(schemas: Record<string, JSONSchema>): SchemaRegistry {
  const prefix = '#/components/schemas/';
  const get = (name: string): JSONSchema | undefined => (Object.hasOwn(schemas, name) ? schemas[name] : undefined);
  const registry: SchemaRegistry = {
    get,
    resolve(schema) {
      let s = schema;
      for (let hops = 0; hops < 64; hops++) {
        const r = s.$ref ?? (s.allOf?.length === 1 ? s.allOf[0].$ref : undefined);
        if (r === undefined) return s;
        const next = get(r.slice(prefix.length));
        if (!next) throw new Error(`no component ${r}`);
        s = next;
      }
      throw new Error('$ref cycle');
    },
    forKind(group, version, k) {
      return Object.values(schemas).find((s) => s['x-kubernetes-group-version-kind']?.some((g) => g.group === group && g.version === version && g.kind === k));
    },
    names: () => Object.keys(schemas).sort(),
  };
  return registry;
}

export const registry = registryOf(components);

/** The schema of a served kind, e.g. schemaFor('apps', 'v1', 'Deployment'). */
export function schemaFor(group: string, version: string, k: string): JSONSchema {
  const s = registry.forKind(group, version, k);
  if (!s) throw new Error(`fixture has no ${group}/${version} ${k}`);
  return s;
}
