/**
 * The demo team's knowledge snippets: the known issues, how-tos and policies
 * of "Brightpath", the analytics product the demo workspace supports. Drafts
 * may say what these say, and nothing the conversation does not.
 */
export const BRIGHTPATH_KNOWLEDGE: { title: string; text: string }[] = [
  {
    title: "Known issue: scheduled S3 exports failing since the Friday release",
    text:
      "Since Friday's release, scheduled exports to customers' S3 buckets fail with AccessDenied on s3:PutObject, and some runs deliver a file with only the header row. " +
      "Engineering has a fix in review and will re-run every missed export once it ships, so the history stays complete. Until then, an export can be run by hand from its page with Run now, which is not affected.",
  },
  {
    title: "Seats on invoices",
    text:
      "An invoice counts the seats active on the invoice date. Users deactivated before that date are not billed on the next invoice. " +
      "Corrections to an invoice already issued, credit notes included, are decided by the billing team, who answer within two business days.",
  },
  {
    title: "Transferring the admin role when an admin has left",
    text:
      "When the only admin has left the company, we transfer the admin role after written confirmation by email from an executive of the customer's company (for example the CEO or CFO). " +
      "The transfer is done within one business day of that confirmation.",
  },
  {
    title: "Password reset links",
    text:
      "A password reset link works once and expires after 30 minutes. Each new request replaces the links sent before it, so only the newest email works. " +
      "Links opened by an email security scanner count as used: the customer can ask their IT team to allow links from brightpath.example.",
  },
  {
    title: "Scheduled report recipients and allowed domains",
    text:
      "Scheduled reports go only to addresses on the workspace's allowed domains. A workspace admin adds a domain under Settings, Security, Allowed domains; recipients on that domain see only the reports sent to them, not the workspace.",
  },
  {
    title: "SSO after a SAML certificate rotation",
    text:
      "Brightpath accepts one SAML signing certificate at a time. After a rotation, upload the new certificate under Settings, SSO, and check that the identity provider signs the whole response, not only the assertion.",
  },
  {
    title: "Known issue: duplicate opportunities from the Salesforce sync",
    text:
      "Opportunities merged in Salesforce can be re-imported under a new record ID and appear twice. Engineering is changing the sync to follow Salesforce merges; until then support removes the duplicates on request, and pausing the sync stops new ones.",
  },
  {
    title: "Where customer data is stored",
    text:
      "Workspaces created in the EU region are stored in Frankfurt (AWS eu-central-1), with backups in the same region. Other workspaces are stored in the US (AWS us-east-1).",
  },
  {
    title: "SOC 2 report and penetration test summary",
    text: "The SOC 2 Type II report and the latest penetration test summary are shared under NDA by the account's owner at Brightpath, usually within two business days of the request.",
  },
  {
    title: "Changing plans in the middle of a billing cycle",
    text: "An upgrade takes effect at once and the difference is prorated on the next invoice. A downgrade takes effect at the next renewal.",
  },
];
