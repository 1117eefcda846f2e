// Configuration tables: secrets, config maps and service accounts (counts of entries, never their contents).
import type { ConfigMap, Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import { AGE_COLUMN, NAME_COLUMN, ageOf, as, column, nameOf, type RowPrinter } from './columns.js';

const count = (map: Readonly<Record<string, unknown>> | undefined): number => Object.keys(map ?? {}).length;

export const secretPrinter: RowPrinter = {
  columns: [NAME_COLUMN, column('Type', 'string', 'Secret.type'), column('Data', 'string', 'Secret.data'), AGE_COLUMN],
  cells(obj, now) {
    const secret = as<Secret>(obj);
    return [nameOf(obj), secret.type ?? 'Opaque', count(secret.data), ageOf(obj, now)];
  },
};

export const configMapPrinter: RowPrinter = {
  columns: [NAME_COLUMN, column('Data', 'string', 'ConfigMap.data'), AGE_COLUMN],
  cells(obj, now) {
    const cm = as<ConfigMap>(obj);
    return [nameOf(obj), count(cm.data) + count(cm.binaryData), ageOf(obj, now)];
  },
};

export const serviceAccountPrinter: RowPrinter = {
  columns: [NAME_COLUMN, column('Secrets', 'string', 'ServiceAccount.secrets'), AGE_COLUMN],
  cells(obj, now) {
    return [nameOf(obj), (as<ServiceAccount>(obj).secrets ?? []).length, ageOf(obj, now)];
  },
};
