const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from outside (a registry, the daemon) made safe for a terminal: every
 * control character but newline and tab is shown as \xHH, so none can move
 * the cursor, change colours or retitle the window.
 */
export function printable(text: string): string {
  return text.replace(
    CONTROL,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** `printable`, and on one line: line breaks become spaces. */
export function oneLine(text: string): string {
  return printable(text.replace(/\s*[\r\n]+\s*/g, ' '));
}
