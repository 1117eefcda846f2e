// Confirmations and small prompts as promises (`if (await dialogs.confirm(...))`), drawn by DialogHost.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

export interface DialogRequest {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  /** A prompt when set: the input's initial value. */
  input?: string;
  inputType?: 'number' | 'text';
  resolve(value: string | undefined): void;
}

export const useDialogsStore = defineStore('dialogs', () => {
  const current = shallowRef<DialogRequest | undefined>(undefined);

  function open(req: Omit<DialogRequest, 'resolve'>): Promise<string | undefined> {
    current.value?.resolve(undefined);
    return new Promise((resolve) => {
      current.value = { ...req, resolve: (v) => { current.value = undefined; resolve(v); } };
    });
  }

  async function confirm(title: string, message: string, confirmLabel: string, danger = false): Promise<boolean> {
    return (await open({ title, message, confirmLabel, danger })) !== undefined;
  }

  function prompt(title: string, message: string, initial: string, confirmLabel: string, inputType: 'number' | 'text' = 'text'): Promise<string | undefined> {
    return open({ title, message, confirmLabel, input: initial, inputType });
  }

  return { current, confirm, prompt };
});
