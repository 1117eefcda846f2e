// Child process for durability.test: writes ConfigMaps forever (8 at a time) and prints "ack NAME"
// after each write the store acknowledged. The test kills it with SIGKILL.
import { Store } from '../../../../main/store/index.js';

const store = await Store.open(process.argv[2]);
let n = 0;
async function worker(): Promise<void> {
  for (;;) {
    const name = `cm-${n++}`;
    await store.create({ group: '', resource: 'configmaps', namespace: 'default', name }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { n: String(n) } });
    process.stdout.write(`ack ${name}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, worker));
