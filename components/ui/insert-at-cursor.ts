/**
 * Puts `token` where the caret is in a text area (replacing a selection), hands the new text to `set`, then puts the
 * caret after the token. For the template editors' merge-field buttons.
 */
export function insertAtCursor(el: HTMLTextAreaElement | null, value: string, token: string, set: (next: string) => void) {
  const [start, end] = el ? [el.selectionStart, el.selectionEnd] : [value.length, value.length];
  set(value.slice(0, start) + token + value.slice(end));
  requestAnimationFrame(() => {
    el?.focus();
    el?.setSelectionRange(start + token.length, start + token.length);
  });
}
