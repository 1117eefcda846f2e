// Selector errors reuse apimachinery's field.Error text ("values[0][app]: Invalid value: \"x\": detail") and
// its aggregate form, because kube-apiserver sends exactly that string back in the 400's message.

/** One field.Invalid error: `path: Invalid value: <bad>: detail` (`bad` already formatted the Go way). */
export function invalid(path: string, bad: string, detail: string): string {
  return `${path}: Invalid value: ${bad}: ${detail}`;
}

/** utilerrors.Aggregate: the lone message, or "[a, b]" for several. */
export function fieldErrors(messages: string[]): string {
  return messages.length === 1 ? messages[0] : `[${messages.join(', ')}]`;
}
