/** Mailbox providers shared by many companies: their domain says nothing about the account. */
const SHARED_MAIL_DOMAINS = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com",
  "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "mail.com",
  "zoho.com", "yandex.com", "fastmail.com", "hey.com",
]);

/** The domain of an address when it identifies a company, else undefined. */
export function companyDomainOf(email: string | undefined): string | undefined {
  const domain = email?.split("@")[1]?.trim().toLowerCase();
  return domain && !SHARED_MAIL_DOMAINS.has(domain) ? domain : undefined;
}
