// All message tables, compiled once. compileTables() throws at import if a row names a missing message.
import { compileTables, type MessageSpec } from '../message-table.js';
import { metaV1Messages } from './meta-v1.js';
import { coreV1Messages } from './core-v1.js';
import { coreV1PodMessages } from './core-v1-pod.js';
import { coreV1ContainerMessages } from './core-v1-container.js';
import { coreV1VolumeMessages } from './core-v1-volume.js';
import { appsV1Messages } from './apps-v1.js';
import { batchV1Messages } from './batch-v1.js';
import { otherGroupMessages } from './other-groups.js';

export const messageSpecs: ReadonlyMap<string, MessageSpec> = compileTables({
  ...metaV1Messages, ...coreV1Messages, ...coreV1PodMessages, ...coreV1ContainerMessages, ...coreV1VolumeMessages,
  ...appsV1Messages, ...batchV1Messages, ...otherGroupMessages,
});
