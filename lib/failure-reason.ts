/**
 * The kind of a failure, for grouping: the same refusal or template error names each recipient
 * or address in its text, so addresses are set aside. Pure: workflows use it too.
 */
export function failureKind(reason: string | null | undefined): string {
  return (reason ?? 'unknown').replace(/<?[^\s<>]+@[^\s<>]+>?/g, '<address>').trim();
}
