/** Only same-site paths: a `redirectTo` from a query string must not send a rep to another site. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/inbox"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  // Browsers drop tabs and newlines from a URL, so "/\t/evil.example" would become "//evil.example".
  if (/[\u0000-\u001f\u007f]/.test(to)) return fallback;
  return to;
}
