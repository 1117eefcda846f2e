// CodeMirror 6 set up for Kubernetes YAML: highlighting, line numbers, YAML-aware Enter and Tab, undo,
// and error lines with their message drawn under them. Loaded only with the editor view.
import { EditorSelection, EditorState, StateEffect, StateField, Transaction, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection, WidgetType, type DecorationSet, type KeyBinding } from '@codemirror/view';
import { HighlightStyle, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { tags } from '@lezer/highlight';
import type { LineError } from './field-lines.js';
import { UndoHistory } from './undo-history.js';

const setErrorsEffect = StateEffect.define<readonly LineError[]>();

class ErrorWidget extends WidgetType {
  constructor(readonly message: string) { super(); }
  override eq(other: ErrorWidget): boolean { return other.message === this.message; }
  toDOM(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'cm-error-message';
    el.setAttribute('role', 'alert');
    el.textContent = this.message;
    return el;
  }
}

const errorField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects) if (e.is(setErrorsEffect)) return decorationsFor(tr.state, e.value);
    return tr.docChanged ? deco.map(tr.changes) : deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function decorationsFor(state: EditorState, errors: readonly LineError[]): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const byLine = new Map<number, string[]>();
  for (const e of errors) {
    const line = Math.min(Math.max(1, e.line), state.doc.lines);
    byLine.set(line, [...(byLine.get(line) ?? []), e.message]);
  }
  for (const [n, messages] of [...byLine].sort(([a], [b]) => a - b)) {
    const line = state.doc.line(n);
    ranges.push(Decoration.line({ class: 'cm-error-line', attributes: { 'data-error-line': String(n), title: messages.join('\n') } }).range(line.from));
    ranges.push(Decoration.widget({ widget: new ErrorWidget(messages.join('\n')), block: true, side: 1 }).range(line.to));
  }
  return Decoration.set(ranges, true);
}

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--cm-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--cm-string)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--cm-number)' },
  { tag: [tags.comment, tags.lineComment], color: 'var(--fg-muted)', fontStyle: 'italic' },
  { tag: [tags.meta, tags.punctuation, tags.separator], color: 'var(--fg-muted)' },
  { tag: [tags.keyword, tags.typeName, tags.labelName], color: 'var(--cm-keyword)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--bg-raised)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--fg-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--bg-hover)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--bg-selected) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-error-line': { backgroundColor: 'var(--danger-bg)' },
  '.cm-error-message': { color: 'var(--danger)', fontFamily: 'system-ui, sans-serif', fontSize: '12px', padding: '1px 8px 3px', borderLeft: '3px solid var(--danger)', whiteSpace: 'pre-wrap' },
});

/** Enter keeps the indentation and indents one more level after "key:" or "- key:". */
function newline(view: EditorView): boolean {
  view.dispatch(view.state.changeByRange((range) => {
    const line = view.state.doc.lineAt(range.from);
    const before = line.text.slice(0, range.from - line.from);
    let indent = /^\s*/.exec(before)![0];
    if (/^\s*- /.test(before)) indent += '  ';
    if (/:\s*$/.test(before)) indent += '  ';
    const insert = `\n${indent}`;
    return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + insert.length) };
  }), { scrollIntoView: true, userEvent: 'input' });
  return true;
}

function indentLines(view: EditorView, dedent: boolean): boolean {
  const { state } = view;
  const changes: { from: number; to?: number; insert: string }[] = [];
  if (!dedent && state.selection.ranges.every((r) => r.empty)) {
    view.dispatch(state.replaceSelection('  '), { userEvent: 'input' });
    return true;
  }
  const seen = new Set<number>();
  for (const r of state.selection.ranges) {
    for (let pos = r.from; pos <= r.to;) {
      const line = state.doc.lineAt(pos);
      if (!seen.has(line.number)) {
        seen.add(line.number);
        if (dedent) {
          const n = /^ {0,2}/.exec(line.text)![0].length;
          if (n > 0) changes.push({ from: line.from, to: line.from + n, insert: '' });
        } else changes.push({ from: line.from, insert: '  ' });
      }
      pos = line.to + 1;
    }
  }
  view.dispatch({ changes, userEvent: 'input' });
  return true;
}

export interface YamlEditorHandle {
  view: EditorView;
  setText(text: string): void;
  setErrors(errors: readonly LineError[]): void;
  destroy(): void;
}

export function createYamlEditor(parent: HTMLElement, opts: { text: string; onChange(text: string): void; onSubmit(): void; label: string }): YamlEditorHandle {
  const history = new UndoHistory();
  const restore = (text: string | undefined): boolean => {
    if (text === undefined) return true;
    const head = Math.min(view.state.selection.main.head, text.length);
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: head }, annotations: Transaction.addToHistory.of(false) });
    return true;
  };
  const keys: KeyBinding[] = [
    { key: 'Enter', run: newline },
    { key: 'Tab', run: (v) => indentLines(v, false), shift: (v) => indentLines(v, true) },
    { key: 'Mod-z', run: (v) => restore(history.undo(v.state.doc.toString())), shift: (v) => restore(history.redo(v.state.doc.toString())) },
    // Some keyboards report Shift-z as "Z" with no separate shift binding match.
    { key: 'Mod-Z', run: (v) => restore(history.redo(v.state.doc.toString())) },
    { key: 'Mod-y', run: (v) => restore(history.redo(v.state.doc.toString())) },
    { key: 'Mod-Enter', run: () => { opts.onSubmit(); return true; } },
    { key: 'Mod-a', run: (v) => { v.dispatch({ selection: { anchor: 0, head: v.state.doc.length } }); return true; } },
  ];
  const extensions: Extension[] = [
    lineNumbers(), highlightActiveLine(), drawSelection(), EditorView.lineWrapping, EditorState.tabSize.of(2), indentUnit.of('  '),
    yaml(), syntaxHighlighting(highlight), theme, errorField, keymap.of(keys),
    EditorView.contentAttributes.of({ 'aria-label': opts.label }),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      const userEdit = u.transactions.some((t) => t.annotation(Transaction.addToHistory) !== false);
      if (userEdit) history.record(u.startState.doc.toString());
      opts.onChange(u.state.doc.toString());
    }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: opts.text, extensions }) });
  return {
    view,
    setText(text) {
      if (text === view.state.doc.toString()) return;
      history.clear();
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, annotations: Transaction.addToHistory.of(false) });
    },
    setErrors(errors) {
      view.dispatch({ effects: setErrorsEffect.of(errors) });
    },
    destroy: () => view.destroy(),
  };
}
