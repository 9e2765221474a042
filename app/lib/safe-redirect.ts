/** Only same-site paths: a `redirectTo` from a query string must not send a rep to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/inbox"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
