/**
 * The "Monday morning" demo workspace: the support inbox of Brightpath, a B2B
 * analytics platform, as it looks at 08:00 UTC on a Monday after the weekend.
 *
 * Pure and deterministic: everything is laid out as offsets from the anchor,
 * and the only randomness is a seeded PRNG, so the same anchor always yields
 * the same workspace and a different anchor only shifts the timestamps.
 */
import type {
  Channel,
  InterchangeAccount,
  InterchangeContact,
  InterchangeConversationInput,
  InterchangeMessage,
  Priority,
  UsageEvent,
} from "../interchange";
import { mulberry32 } from "./random";

export interface DemoUser {
  email: string;
  name: string;
  role: "manager" | "rep";
  team: string;
}

export interface DemoAccount extends InterchangeAccount {
  name: string;
  plan: string;
  mrr: number;
  seats: number;
  ownerEmail: string;
}

export interface DemoWorkspace {
  workspace: { slug: "demo"; name: string };
  teams: string[];
  users: DemoUser[];
  accounts: DemoAccount[];
  conversations: InterchangeConversationInput[];
  usageEvents: UsageEvent[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const ANCHOR_HOUR_UTC = 8;

/** The latest Monday 08:00 UTC at or before `now`. */
export function mondayMorningAnchor(now: Date): Date {
  const daysSinceMonday = (now.getUTCDay() + 6) % 7;
  const monday = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate() - daysSinceMonday,
    ANCHOR_HOUR_UTC,
  );
  return new Date(monday > now.getTime() ? monday - WEEK : monday);
}

// ---------------------------------------------------------------------------
// Time helpers: offsets in ms relative to the anchor (Monday 08:00 UTC).

function clock(hhmm: string): number {
  const [hours = 0, minutes = 0] = hhmm.split(":").map(Number);
  return hours * HOUR + minutes * MINUTE;
}

const sat = (hhmm: string) => -56 * HOUR + clock(hhmm);
const sun = (hhmm: string) => -32 * HOUR + clock(hhmm);
const mon = (hhmm: string) => -ANCHOR_HOUR_UTC * HOUR + clock(hhmm);
/** `hhmm` UTC on the calendar day `days` days before the anchor's Monday. */
const daysBefore = (days: number, hhmm: string) => -days * DAY - ANCHOR_HOUR_UTC * HOUR + clock(hhmm);

// ---------------------------------------------------------------------------
// Team

const WORKSPACE = { slug: "demo", name: "Brightpath Support" } as const;
const CUSTOMER_SUCCESS = "Customer Success";
const TECHNICAL_SUPPORT = "Technical Support";

const REPS = {
  ana: { email: "ana@demo.example", name: "Ana Lima", team: CUSTOMER_SUCCESS },
  ben: { email: "ben@demo.example", name: "Ben Carter", team: TECHNICAL_SUPPORT },
  chloe: { email: "chloe@demo.example", name: "Chloe Park", team: TECHNICAL_SUPPORT },
} as const;
type Rep = keyof typeof REPS;

const USERS: DemoUser[] = [
  { email: "maya@demo.example", name: "Maya Okafor", role: "manager", team: CUSTOMER_SUCCESS },
  ...Object.values(REPS).map((rep): DemoUser => ({ ...rep, role: "rep" })),
];

// ---------------------------------------------------------------------------
// Accounts

type Plan = "trial" | "starter" | "growth" | "enterprise";
/** How the account's product usage evolves over the 60 days before the anchor. */
type UsageTrend = "steady" | "declining" | "silent" | "trial" | "single-login";

interface AccountSpec {
  id: string;
  name: string;
  plan: Plan;
  mrr: number;
  seats: number;
  owner: Rep;
  /** Paid plans: days from the anchor to renewal. */
  renewsInDays?: number;
  /** Trials: how long ago the trial started. */
  trialAge?: number;
  /** Where the customer works, so usage lands in their office hours. */
  utcOffsetHours: number;
  usage: UsageTrend;
}

const ACCOUNT_SPECS: AccountSpec[] = [
  { id: "northwind", name: "Northwind Logistics", plan: "enterprise", mrr: 4800, seats: 120, owner: "ana", renewsInDays: 104, utcOffsetHours: 0, usage: "steady" },
  { id: "meridian", name: "Meridian Insurance", plan: "enterprise", mrr: 6200, seats: 150, owner: "ana", renewsInDays: 212, utcOffsetHours: 0, usage: "steady" },
  { id: "summit", name: "Summit Legal", plan: "enterprise", mrr: 5200, seats: 110, owner: "ana", renewsInDays: 148, utcOffsetHours: 0, usage: "steady" },
  { id: "veridian", name: "Veridian Energy", plan: "enterprise", mrr: 3900, seats: 90, owner: "ben", renewsInDays: 301, utcOffsetHours: 1, usage: "steady" },
  // Churn risk: renewal this month after repeated Salesforce sync failures.
  { id: "bluefin", name: "Bluefin Capital", plan: "growth", mrr: 1450, seats: 35, owner: "ben", renewsInDays: 18, utcOffsetHours: -5, usage: "declining" },
  // Churn risk: heavy users until about three weeks ago, then silence.
  { id: "copperleaf", name: "Copperleaf Retail", plan: "growth", mrr: 980, seats: 25, owner: "ana", renewsInDays: 67, utcOffsetHours: -6, usage: "silent" },
  { id: "orbital", name: "Orbital Foods", plan: "growth", mrr: 1200, seats: 30, owner: "chloe", renewsInDays: 131, utcOffsetHours: 1, usage: "steady" },
  { id: "granite", name: "Granite Ridge Construction", plan: "growth", mrr: 1600, seats: 40, owner: "ben", renewsInDays: 89, utcOffsetHours: -7, usage: "steady" },
  { id: "maplestone", name: "Maplestone Hotels", plan: "growth", mrr: 1100, seats: 28, owner: "ana", renewsInDays: 176, utcOffsetHours: 0, usage: "steady" },
  { id: "juniper", name: "Juniper Payroll", plan: "growth", mrr: 1350, seats: 32, owner: "ana", renewsInDays: 243, utcOffsetHours: -5, usage: "steady" },
  { id: "lakeshore", name: "Lakeshore Credit Union", plan: "growth", mrr: 1500, seats: 38, owner: "ana", renewsInDays: 59, utcOffsetHours: -6, usage: "steady" },
  { id: "cobalt", name: "Cobalt Travel", plan: "growth", mrr: 890, seats: 20, owner: "ben", renewsInDays: 122, utcOffsetHours: 1, usage: "declining" },
  { id: "halcyon", name: "Halcyon Media", plan: "growth", mrr: 690, seats: 12, owner: "ana", renewsInDays: 274, utcOffsetHours: 0, usage: "steady" },
  { id: "tidewater", name: "Tidewater Labs", plan: "starter", mrr: 199, seats: 5, owner: "chloe", renewsInDays: 38, utcOffsetHours: -8, usage: "steady" },
  { id: "sunbeam", name: "Sunbeam Education", plan: "starter", mrr: 349, seats: 10, owner: "chloe", renewsInDays: 195, utcOffsetHours: -5, usage: "steady" },
  { id: "redwood", name: "Redwood Clinics", plan: "starter", mrr: 249, seats: 6, owner: "ben", renewsInDays: 83, utcOffsetHours: -6, usage: "steady" },
  { id: "everline", name: "Everline Fitness", plan: "starter", mrr: 149, seats: 4, owner: "chloe", renewsInDays: 160, utcOffsetHours: -8, usage: "steady" },
  { id: "foxglove", name: "Foxglove Studio", plan: "starter", mrr: 99, seats: 3, owner: "ben", renewsInDays: 227, utcOffsetHours: 0, usage: "steady" },
  { id: "atlas", name: "Atlas Robotics", plan: "trial", mrr: 0, seats: 10, owner: "ben", trialAge: 5 * DAY + 10 * HOUR, utcOffsetHours: -5, usage: "trial" },
  // Day 12 of a 14-day trial, one login since signing up.
  { id: "pinecrest", name: "Pinecrest Dental Group", plan: "trial", mrr: 0, seats: 5, owner: "chloe", trialAge: 11 * DAY + 14 * HOUR, utcOffsetHours: -5, usage: "single-login" },
];

// ---------------------------------------------------------------------------
// Conversations

type Author = "customer" | "bot" | Rep;
/** [offset from the anchor, author, text]; the first message opens the conversation. */
type MessageSpec = [at: number, author: Author, text: string];

interface ConversationSpec {
  id: string;
  channel: Channel;
  status: "open" | "closed";
  accountId: string;
  contact: InterchangeContact;
  subject?: string;
  priority?: Priority;
  assignee?: Rep;
  messages: MessageSpec[];
}

const BOT_NAME = "Brightpath Bot";
const OFFLINE_AUTO_REPLY =
  "Thanks for reaching out! Our support team is offline right now and will reply as soon as we're back (Monday to Friday, 08:00–18:00 UTC). In the meantime, you can check https://status.brightpath.example for incidents or search our help center at https://help.brightpath.example.";

const para = (...paragraphs: string[]) => paragraphs.join("\n\n");

/** Closed conversations from the previous weeks, oldest first, so accounts have history. */
const CLOSED_CONVERSATIONS: ConversationSpec[] = [
  {
    id: "c-1001",
    channel: "email",
    status: "closed",
    accountId: "granite",
    contact: { name: "Mike Delaney", email: "mike.delaney@graniteridge.example" },
    subject: "Dates in CSV exports",
    priority: "low",
    assignee: "chloe",
    messages: [
      [daysBefore(55, "15:20"), "customer", para(
        "Hi,",
        "When we export the Job Costs table to CSV, the dates come out as full timestamps with a time and a Z on the end, and Excel treats them as text. Our accountants need plain MM/DD/YYYY. Is there a setting for this?",
        "Thanks,\nMike",
      )],
      [daysBefore(55, "18:05"), "chloe", para(
        "Hi Mike,",
        "Good news: you can set this per export. Open the scheduled export, go to Format → Date format and choose \"MM/DD/YYYY (US)\". If you'd like it as the default for everyone in the workspace, an admin can change it under Settings → Regional. The change applies from the next run onwards.",
        "Let me know if Excel still gives you trouble.",
        "Best,\nChloe",
      )],
      [daysBefore(54, "14:40"), "customer", "Perfect, that did it. Thanks Chloe!"],
      [daysBefore(54, "15:02"), "chloe", "Glad to hear it! I'll close this one, but just reply here if anything else comes up.\n\nChloe"],
    ],
  },
  {
    id: "c-1002",
    channel: "email",
    status: "closed",
    accountId: "juniper",
    contact: { name: "Felix Wagner", email: "felix.wagner@juniperpayroll.example" },
    subject: "Connecting HubSpot – missing scopes error",
    assignee: "chloe",
    messages: [
      [daysBefore(52, "16:10"), "customer", para(
        "Hi,",
        "I'm trying to connect our HubSpot portal, but after authorizing I get \"Missing required scopes: crm.objects.deals.read\". I'm a super admin in HubSpot. Any idea what's wrong?",
        "Felix",
      )],
      [daysBefore(52, "17:35"), "chloe", para(
        "Hi Felix,",
        "That error usually means the Deals permission wasn't granted on HubSpot's consent screen — for some portals the box is unticked by default, even for super admins. Could you disconnect under Data sources → HubSpot, reconnect, and make sure \"Deals\" is ticked before you approve?",
        "Best,\nChloe",
      )],
      [daysBefore(52, "18:02"), "customer", "That was it, the box was unticked. Syncing now."],
      [daysBefore(52, "18:20"), "chloe", "Great! The first full sync can take up to an hour for larger portals; after that it runs every 15 minutes. Closing this for now.\n\nChloe"],
    ],
  },
  {
    id: "c-1003",
    channel: "email",
    status: "closed",
    accountId: "halcyon",
    contact: { name: "Lucy Brennan", email: "lucy.brennan@halcyonmedia.example" },
    subject: "Onboarding session for the audience team",
    assignee: "ana",
    messages: [
      [daysBefore(49, "10:15"), "customer", para(
        "Hi Ana,",
        "Thanks for the welcome email. Could we book the onboarding session you mentioned for our audience team? There are six of us, and Tuesday or Thursday afternoons UK time work best.",
        "Lucy",
      )],
      [daysBefore(49, "11:30"), "ana", para(
        "Hi Lucy,",
        "Lovely to meet you! I've sent a calendar invite for Thursday at 14:00 UK time (60 minutes). We'll cover connecting your GA4 property, building your first audience dashboard and setting up a weekly export. If anyone can't make it, I'll share the recording afterwards.",
        "See you then,\nAna",
      )],
    ],
  },
  {
    id: "c-1004",
    channel: "email",
    status: "closed",
    accountId: "copperleaf",
    contact: { name: "Nora Castellanos", email: "nora@copperleafretail.example" },
    subject: "Cohort dashboard for our seasonal campaign",
    assignee: "ana",
    messages: [
      [daysBefore(45, "15:45"), "customer", para(
        "Hi Ana!",
        "We're planning our big seasonal campaign and want a dashboard that tracks repeat purchase rate by acquisition cohort (first order month), split by channel. The team has been trying with the pivot widget, but the numbers don't match Shopify. Could you help us set it up properly? We'd love to have it live before the campaign kicks off — the whole merchandising team will be watching it daily.",
        "Thanks so much,\nNora",
      )],
      [daysBefore(45, "19:50"), "ana", para(
        "Hi Nora,",
        "Happy to help — this is a great use case. The mismatch is almost certainly because the pivot widget counts orders, while Shopify's repeat rate counts customers. I've built a draft \"Cohort retention\" dashboard in your workspace (Shared → Merchandising) using a customer-level cohort keyed on first order month, with channel as a filter. Have a look and tell me whether the numbers line up with Shopify now.",
        "Best,\nAna",
      )],
      [daysBefore(44, "14:12"), "customer", "This is exactly what we needed, and the numbers match to the decimal. The team loves it — thank you!"],
      [daysBefore(44, "14:40"), "ana", "Wonderful! I've also added a daily 8am email of the top tiles for the merchandising team. Good luck with the campaign!\n\nAna"],
    ],
  },
  {
    id: "c-1005",
    channel: "slack",
    status: "closed",
    accountId: "northwind",
    contact: { name: "Kenji Sato", slackUserId: "U04NW7K2Q" },
    priority: "high",
    assignee: "ben",
    messages: [
      [daysBefore(42, "08:35"), "customer", "hey, our 06:00 S3 exports haven't landed yet, 2.5 hours past schedule. status page is green. anything going on?"],
      [daysBefore(42, "08:53"), "ben", "Hi Kenji, thanks for flagging. There's a backlog in the export queue this morning after a spike in large scheduled jobs. Your exports are queued and should land within the hour — I'll confirm here once they're through."],
      [daysBefore(42, "09:01"), "customer", "ok thanks, please do. our depot managers are waiting for them"],
      [daysBefore(42, "09:47"), "ben", "All of this morning's Northwind exports have now been written to nw-bi-exports. We've added capacity to the export workers so this shouldn't happen again. Sorry for the delay!"],
    ],
  },
  {
    id: "c-1006",
    channel: "email",
    status: "closed",
    accountId: "bluefin",
    contact: { name: "Laura Kessler", email: "laura.kessler@bluefincapital.example" },
    subject: "Duplicate opportunities in pipeline dashboard",
    priority: "high",
    assignee: "ben",
    messages: [
      [daysBefore(40, "13:25"), "customer", para(
        "Hi,",
        "Our pipeline dashboard is showing duplicated opportunities — many deals appear two or three times with identical names and amounts. Total pipeline is roughly double what Salesforce reports. Can you look into this?",
        "Laura Kessler\nVP Revenue Operations, Bluefin Capital",
      )],
      [daysBefore(40, "15:30"), "ben", para(
        "Hi Laura,",
        "Thanks for reporting this. I found the cause: after a field history change in Salesforce, some opportunities were re-imported under a new external ID. I've removed the duplicates from your workspace and the pipeline total now matches Salesforce ($14.2M). Our integrations team is deploying a permanent fix this week.",
        "Best,\nBen",
      )],
      [daysBefore(40, "16:05"), "customer", "Thanks Ben, numbers look right again."],
      [daysBefore(38, "10:10"), "ben", "Hi Laura, quick update: the fix has now been deployed, so this shouldn't happen again. Closing this for now — let me know if anything looks off.\n\nBen"],
    ],
  },
  {
    id: "c-1007",
    channel: "email",
    status: "closed",
    accountId: "maplestone",
    contact: { name: "Sofia Marchetti", email: "sofia.marchetti@maplestonehotels.example" },
    subject: "Invoice copy with our legal entity name",
    priority: "low",
    assignee: "ana",
    messages: [
      [daysBefore(38, "11:50"), "customer", para(
        "Hello Ana,",
        "Could you send us a copy of last month's invoice addressed to Maplestone Hotels Ltd instead of Maplestone Hotels? Our auditors need the legal entity name.",
        "Best,\nSofia",
      )],
      [daysBefore(38, "13:15"), "ana", para(
        "Hi Sofia,",
        "Of course — I've updated the billing entity to Maplestone Hotels Ltd and attached the reissued invoice. All future invoices will use the new name too.",
        "Best wishes,\nAna",
      )],
    ],
  },
  {
    id: "c-1008",
    channel: "slack",
    status: "closed",
    accountId: "veridian",
    contact: { name: "Jonas Berg", slackUserId: "U03VR9D1M" },
    assignee: "chloe",
    messages: [
      [daysBefore(35, "09:20"), "customer", "Hi! When paging through /v1/datasets/{id}/rows with next_cursor we sometimes get the same 1000 rows back twice around page 3. Is the cursor only valid for a few minutes?"],
      [daysBefore(35, "10:02"), "chloe", "Hi Jonas, cursors are valid for 10 minutes, but the repeat you're seeing is because the query isn't ordered on a unique column, so rows can shift between pages. If you add `order_by=id` (or any unique key) to the request, pagination will be stable. Docs: https://developers.brightpath.example/api/pagination"],
      [daysBefore(35, "10:31"), "customer", "that fixed it, thanks!"],
      [daysBefore(35, "10:36"), "chloe", "Great! I've asked our docs team to make the ordering requirement more prominent 👍"],
    ],
  },
  {
    id: "c-1009",
    channel: "chat",
    status: "closed",
    accountId: "everline",
    contact: { name: "Ravi Patel", chatVisitorId: "v-0fa9c2" },
    assignee: "ben",
    messages: [
      [daysBefore(33, "16:44"), "customer", "hi i cant log in, it says my account is locked"],
      [daysBefore(33, "16:47"), "ben", "Hi Ravi, Ben here. Accounts lock for 30 minutes after 5 failed password attempts. I've unlocked yours now — you can also use \"Forgot password\" on the login page if you're not sure of the password."],
      [daysBefore(33, "16:49"), "customer", "thanks that worked!!"],
      [daysBefore(33, "16:50"), "ben", "Glad to hear it! Have a good day."],
    ],
  },
  {
    id: "c-1010",
    channel: "email",
    status: "closed",
    accountId: "meridian",
    contact: { name: "Paul Jansen", email: "paul.jansen@meridianins.example" },
    subject: "20 additional seats for the claims team",
    assignee: "ana",
    messages: [
      [daysBefore(30, "09:05"), "customer", para(
        "Hi Ana,",
        "We're onboarding the claims analytics team next month and need 20 additional seats, bringing us to 150. Can you send over a quote co-termed with our current contract?",
        "Thanks,\nPaul Jansen\nIT Service Manager, Meridian Insurance",
      )],
      [daysBefore(30, "10:40"), "ana", para(
        "Hi Paul,",
        "Great to hear the claims team is joining! I've attached a quote for 20 additional Enterprise seats, prorated to your renewal date. Once it's signed I'll add the seats the same day.",
        "Best,\nAna",
      )],
      [daysBefore(29, "12:15"), "customer", "Signed copy attached. Thanks!"],
      [daysBefore(29, "13:00"), "ana", "Thanks Paul — the seats are live and your workspace now shows 150 seats.\n\nAna"],
    ],
  },
  {
    id: "c-1011",
    channel: "email",
    status: "closed",
    accountId: "summit",
    contact: { name: "Victoria Hale", email: "victoria.hale@summitlegal.example" },
    subject: "Where is our data stored?",
    assignee: "ana",
    messages: [
      [daysBefore(28, "10:30"), "customer", para(
        "Dear Ana,",
        "Ahead of our internal privacy audit, could you confirm in which region Summit Legal's Brightpath data is stored and processed, and whether any sub-processors outside the EU have access to it?",
        "Kind regards,\nVictoria Hale",
      )],
      [daysBefore(28, "14:20"), "ana", para(
        "Dear Victoria,",
        "Your workspace is hosted in our EU region (Frankfurt), with backups in Dublin. Customer data is not transferred outside the EU; our only non-EU sub-processor, our email delivery provider, processes notification email addresses under Standard Contractual Clauses. I've attached our current sub-processor list and DPA for your audit file.",
        "Kind regards,\nAna",
      )],
    ],
  },
  {
    id: "c-1012",
    channel: "email",
    status: "closed",
    accountId: "cobalt",
    contact: { name: "Sanne de Vries", email: "sanne.devries@cobalttravel.example" },
    subject: "Salesforce data not updating",
    assignee: "ben",
    messages: [
      [daysBefore(25, "08:50"), "customer", "Hi, our Salesforce data hasn't updated since yesterday. The data source page says \"Authentication failed\".\n\nSanne"],
      [daysBefore(25, "09:35"), "ben", para(
        "Hi Sanne,",
        "This happens when the password or security token of the Salesforce user who authorized the connection changes. Could you ask that person to reconnect under Data sources → Salesforce → Reconnect? Everything catches up automatically afterwards.",
        "Best,\nBen",
      )],
      [daysBefore(25, "11:02"), "customer", "Reconnected, data is back. Thanks!"],
      [daysBefore(25, "11:20"), "ben", "Perfect, thanks for confirming! A tip: connecting with a dedicated integration user avoids this when someone changes their password.\n\nBen"],
    ],
  },
  {
    id: "c-1013",
    channel: "email",
    status: "closed",
    accountId: "lakeshore",
    contact: { name: "Greg Mendez", email: "greg.mendez@lakeshorecu.example" },
    subject: "Sharing a dashboard with our board",
    assignee: "ana",
    messages: [
      [daysBefore(22, "15:10"), "customer", para(
        "Hi Ana,",
        "Our board members want to see the quarterly member growth dashboard, but they're not Brightpath users. What's the best way to share it with them securely?",
        "Greg",
      )],
      [daysBefore(22, "17:25"), "ana", para(
        "Hi Greg,",
        "For a small group like a board, I'd suggest a scheduled PDF snapshot: open the dashboard, choose Share → Schedule PDF and add their email addresses. They get a read-only copy without needing a seat, and nothing is reachable through a link. If they need to use the filters themselves, viewer seats are the way to go — happy to send pricing.",
        "Best,\nAna",
      )],
    ],
  },
  {
    id: "c-1014",
    channel: "email",
    status: "closed",
    accountId: "bluefin",
    contact: { name: "Laura Kessler", email: "laura.kessler@bluefincapital.example" },
    subject: "Duplicate opportunities are back",
    priority: "urgent",
    assignee: "ben",
    messages: [
      [daysBefore(18, "12:40"), "customer", para(
        "Ben,",
        "The duplicate opportunities are back. Pipeline is inflated again by about 60%. You told us this was fixed permanently. Please fix it today — we have a board meeting on Thursday.",
        "Laura",
      )],
      [daysBefore(18, "14:10"), "ben", para(
        "Hi Laura,",
        "I'm very sorry — you're right that this should not have happened again. The earlier fix covered opportunities re-imported after field history changes, but not opportunities merged in Salesforce. I've removed the duplicates (pipeline is back to $13.8M, matching Salesforce) and the integrations team has added a dedupe rule on the Salesforce opportunity ID for your workspace.",
        "Best,\nBen",
      )],
      [daysBefore(18, "14:32"), "customer", "OK. Numbers match. I really don't want to have this conversation a third time."],
      [daysBefore(18, "15:05"), "ben", "Understood, and I don't want you to either. I've asked our integrations lead to review your sync configuration end to end this week, and I'll send you a summary of what we find.\n\nBen"],
    ],
  },
  {
    id: "c-1015",
    channel: "chat",
    status: "closed",
    accountId: "orbital",
    contact: { name: "Hannah Lindqvist", chatVisitorId: "v-4a7c2e", email: "hannah.lindqvist@orbitalfoods.example" },
    assignee: "chloe",
    messages: [
      [daysBefore(16, "13:22"), "customer", "hi, can an alert compare to last week's value instead of a fixed number? want to know if waste goes up more than 10% week over week"],
      [daysBefore(16, "13:24"), "chloe", "Hi Hannah! Yes — when creating the alert, choose Condition → \"Changes by\", set it to \"increases by more than 10%\" and compare to \"same time last week\". It's checked after every data refresh."],
      [daysBefore(16, "13:27"), "customer", "oh nice, didnt see that option. works, thx!"],
      [daysBefore(16, "13:28"), "chloe", "Anytime! Have a great afternoon 😊"],
    ],
  },
];

/** What came in over the weekend, in arrival order; nobody has triaged it yet. */
const WEEKEND_CONVERSATIONS: ConversationSpec[] = [
  {
    id: "c-1016",
    channel: "email",
    status: "open",
    accountId: "juniper",
    contact: { name: "Priya Raman", email: "priya.raman@juniperpayroll.example" },
    subject: "Invoice shows 32 seats – we're down to 28",
    // Written to her account manager directly, so it landed on Ana.
    assignee: "ana",
    messages: [
      [sat("00:48"), "customer", para(
        "Hi Ana,",
        "Hope you had a good week. Our latest Brightpath invoice (INV-20417) bills us for 32 seats, but we deactivated four users at the start of last month when the contractors finished their project. The admin page shows 28 active seats.",
        "Could you check whether the seat count was updated on your side and, if so, issue a credit note for the difference? Our accounts payable run is on Wednesday, so it would be great to have the corrected figure before then.",
        "Kind regards,\nPriya Raman\nFinance Manager, Juniper Payroll",
      )],
    ],
  },
  {
    // Northwind export failure 1/3: the engineer, on Slack, quoting the error.
    id: "c-1017",
    channel: "slack",
    status: "open",
    accountId: "northwind",
    contact: { name: "Kenji Sato", slackUserId: "U04NW7K2Q" },
    messages: [
      [sat("02:12"), "customer",
        "hey Brightpath team :wave: our scheduled exports to S3 have been failing since your release on Friday. every run of the \"Daily shipments\" and \"Carrier SLA\" exports errors out with:\n" +
        "```\nAccessDenied: User: arn:aws:sts::418223907715:assumed-role/brightpath-export-writer/bp-export-7c2e is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::nw-bi-exports/brightpath/daily-shipments/part-0000.csv\" because no identity-based policy allows the s3:PutObject action\n```\n" +
        "nothing changed on our side — same role, same bucket policy, same external ID. did the export worker start assuming the role with a different session policy or key prefix? happy to share our policy JSON if that helps"],
    ],
  },
  {
    id: "c-1018",
    channel: "chat",
    status: "open",
    accountId: "tidewater",
    contact: { name: "Owen Hart", chatVisitorId: "v-8f3a21", email: "owen@tidewaterlabs.example" },
    messages: [
      [sat("06:24"), "customer", "hi, i requested a password reset like 3 times and no email is coming through. can you send it manually? owen@tidewaterlabs.example"],
      [sat("06:25"), "bot", OFFLINE_AUTO_REPLY],
      [sat("06:41"), "customer", "ok found them in spam.. but the link says \"This reset link has expired\" even on the newest one. i clicked it within a minute of getting it"],
    ],
  },
  {
    id: "c-1019",
    channel: "email",
    status: "open",
    accountId: "meridian",
    contact: { name: "Rachel Nguyen", email: "rachel.nguyen@meridianins.example" },
    subject: "SSO login failing after Okta certificate rotation",
    priority: "high",
    assignee: "ben",
    messages: [
      [sat("09:42"), "customer", para(
        "Hello,",
        "We rotated the SAML signing certificate in Okta this morning as part of our quarterly key rotation, and since then every SSO login to Brightpath fails with \"SAML response signature could not be verified\". I uploaded the new certificate under Settings → Security → SAML about ten minutes after the rotation, but the error persists.",
        "We have around 150 users who sign in exclusively through SSO, so on Monday this will block the whole claims team. Could you check whether the old certificate is cached on your side?",
        "Thanks,\nRachel Nguyen\nIAM Engineer, Meridian Insurance",
      )],
      [sat("11:07"), "ben", para(
        "Hi Rachel,",
        "Thanks for the detailed report — I'm on call this weekend and picking this up. Brightpath accepts one signing certificate at a time, so the most common cause is that the IdP metadata still references the previous certificate's fingerprint. Could you send me the SAML response from a failed login (a HAR file or a SAML-tracer export both work) and confirm which certificate fingerprint Okta now shows?",
        "In the meantime, admins can still sign in with the break-glass password login at /login?sso=0.",
        "Best,\nBen",
      )],
      [sat("16:22"), "customer", para(
        "Hi Ben,",
        "Thanks for the quick reply. The fingerprint in Okta ends in E2:07, and the one Brightpath shows after the upload ends in E2:07 as well, so the certificates match. SAML-tracer shows the assertion is signed but the response itself is not — before the rotation Okta signed both. I've attached the trace (sanitised).",
        "The break-glass login works for me, thank you. Could someone confirm on Monday whether Brightpath requires the response to be signed, or whether assertion-only signing is enough?",
        "Rachel",
      )],
    ],
  },
  {
    // Churn risk (a): third sync failure this quarter, renewal this month.
    id: "c-1020",
    channel: "email",
    status: "open",
    accountId: "bluefin",
    contact: { name: "Laura Kessler", email: "laura.kessler@bluefincapital.example" },
    subject: "Salesforce sync creating duplicate opportunities — AGAIN",
    priority: "high",
    assignee: "ben",
    messages: [
      [sat("10:18"), "customer", para(
        "Hi,",
        "The Salesforce sync has started creating duplicate opportunities again. Our pipeline dashboard went from 412 open opportunities on Thursday to 1,187 this morning, and the quarter forecast now shows $38M instead of $14M. Our leadership team uses that dashboard in Monday's pipeline review.",
        "This is the same problem we reported last month and the month before, and both times we were told it was fixed. Please treat this as urgent.",
        "Laura Kessler\nVP Revenue Operations, Bluefin Capital",
      )],
      [sat("12:02"), "ben", para(
        "Hi Laura,",
        "I'm sorry you're running into this again, especially right before a pipeline review. I've confirmed the duplicates on our side: the sync re-imported opportunities modified since Thursday under new record IDs instead of updating them. I've paused the Salesforce sync for your workspace so it doesn't get worse, and escalated to our integrations team with your account flagged as a priority. They're in on Monday morning and I'll update you as soon as I hear from them.",
        "Best,\nBen",
      )],
      [sun("21:30"), "customer", para(
        "Ben,",
        "Monday morning is not good enough. Our pipeline review is at 9am Eastern and the dashboard still shows the inflated numbers — pausing the sync just froze the duplicates in place. I now have to explain to our CRO why the numbers are wrong for the third time this quarter.",
        "I want to be direct: our renewal is up this month, and I can't recommend renewing a tool that keeps corrupting our pipeline data. We've already booked demos with two other vendors. I'd like a call with someone who can explain the root cause and what is being done so this doesn't happen a fourth time, and I need the duplicates removed before 9am.",
        "Laura",
      )],
    ],
  },
  {
    id: "c-1021",
    channel: "chat",
    status: "open",
    accountId: "halcyon",
    contact: { name: "Lucy Brennan", chatVisitorId: "v-2d7c90" },
    messages: [
      [sat("11:30"), "customer", "hi! quick one - our team is split between London and New York and the daily numbers on the Audience dashboard cut off at midnight UTC, so NY's evening traffic lands on the next day. is there a timezone setting per dashboard or only per user? couldnt find it anywhere in settings"],
    ],
  },
  {
    // Northwind export failure 2/3: the analyst, on chat, frustrated.
    id: "c-1022",
    channel: "chat",
    status: "open",
    accountId: "northwind",
    contact: { name: "Marcus Bell", chatVisitorId: "v-3c91e7", email: "marcus.bell@northwind.example" },
    messages: [
      [sat("13:06"), "customer", "are scheduled exports broken?? my weekly carrier performance report came through with just the header row and theres nothing new in the S3 folder since thursday"],
      [sat("13:07"), "bot", OFFLINE_AUTO_REPLY],
      [sat("13:11"), "customer", "great, a bot. I have a board pack due monday morning built off those exports and I cant rebuild it by hand from the dashboards, its 14 tabs. this is the second time in 2 months exports have broken on us. can a human please look at this before monday"],
    ],
  },
  {
    id: "c-1023",
    channel: "email",
    status: "open",
    accountId: "orbital",
    contact: { name: "Hannah Lindqvist", email: "hannah.lindqvist@orbitalfoods.example" },
    subject: "Feature request: conditional formatting in table widgets",
    priority: "low",
    messages: [
      [sat("15:48"), "customer", para(
        "Hi Brightpath team,",
        "We've been using the table widget for our daily production yield report and the team really likes it. One thing we keep missing is conditional formatting: colouring a cell red when yield drops below 92%, or highlighting a row when a line is over its waste target. At the moment people export to Excel every morning just to add the colours, which rather defeats the purpose of a live dashboard.",
        "Is this on the roadmap? If it helps, we'd be happy to join a beta or a call with your product team.",
        "Best regards,\nHannah Lindqvist\nOperations Analyst, Orbital Foods",
      )],
    ],
  },
  {
    id: "c-1024",
    channel: "slack",
    status: "open",
    accountId: "veridian",
    contact: { name: "Jonas Berg", slackUserId: "U03VR9D1M" },
    messages: [
      [sat("18:12"), "customer",
        "Hi! We're getting a lot of 429s from the query API since yesterday evening, when we moved our meter-reading pipeline over. Response headers look like this:\n" +
        "```\nHTTP/1.1 429 Too Many Requests\nX-RateLimit-Limit: 600\nX-RateLimit-Remaining: 0\nRetry-After: 60\n```\n" +
        "We're doing roughly 1,500 requests/min at peak, in bursts every 15 minutes. We can batch some of it but not all. Is 600/min a hard limit on Enterprise, or can it be raised for our workspace? And is the limit per API key or per workspace?"],
    ],
  },
  {
    id: "c-1025",
    channel: "chat",
    status: "open",
    accountId: "atlas",
    contact: { name: "Rahul Mehta", chatVisitorId: "v-a41f0b", email: "rahul@atlasrobotics.example" },
    messages: [
      [sat("20:42"), "customer", "Hey, we're a few days into the trial and it's going well. Two questions before I take this to my boss: 1) what would Growth cost us for ~10 people, is it per seat? 2) is SSO with Google Workspace included in Growth or only in Enterprise? thx"],
    ],
  },
  {
    id: "c-1026",
    channel: "email",
    status: "open",
    accountId: "summit",
    contact: { name: "Victoria Hale", email: "victoria.hale@summitlegal.example" },
    subject: "Data subject erasure request (GDPR Art. 17) – former employee",
    priority: "high",
    messages: [
      [sat("22:30"), "customer", para(
        "Dear Brightpath Support,",
        "Summit Legal has received a request under Article 17 of the GDPR from a former employee, Mr. Daniel Mercer, who left the firm earlier this year. As data controller, we are required to have his personal data erased by all of our processors.",
        "Please delete all personal data relating to the user daniel.mercer@summitlegal.example held in Brightpath, including his user profile, login history, saved views and comments, and remove it from backups in line with your retention schedule. Dashboards he created should be kept and transferred to victoria.hale@summitlegal.example.",
        "We must respond to the data subject within one month, so please confirm in writing once the erasure is complete, including the date and the scope of what was deleted.",
        "Kind regards,\nVictoria Hale\nData Protection Officer, Summit Legal LLP",
      )],
    ],
  },
  {
    id: "c-1027",
    channel: "email",
    status: "open",
    accountId: "lakeshore",
    contact: { name: "Greg Mendez", email: "greg.mendez@lakeshorecu.example" },
    subject: "Restricting a dashboard so branch managers only see their own branch",
    messages: [
      [sun("01:15"), "customer", para(
        "Hi there,",
        "We're rolling Brightpath out to our 14 branch managers next month. They should all use the same \"Branch Performance\" dashboard, but each manager may only see data for their own branch — for compliance reasons they can't see member numbers from other branches.",
        "What's the recommended way to do this? Do we need 14 copies of the dashboard with a fixed filter, or is there row-level security we can tie to a user attribute? We have branch_id on every user in Azure AD.",
        "Thanks in advance,\nGreg Mendez\nBI Lead, Lakeshore Credit Union",
      )],
    ],
  },
  {
    id: "c-1028",
    channel: "slack",
    status: "open",
    accountId: "granite",
    contact: { name: "Luis Ortega", slackUserId: "U05GR2T8L" },
    messages: [
      [sun("03:42"), "customer", "hey all — the Project Cost Overview dashboard has gotten really slow. it used to load in 3-4s, now it's 40s+ and sometimes times out with \"Query took too long\". it's the one our PMs open first thing every day. we loaded two years of historical job data on thursday, could that be it? any way to speed it up without deleting history?"],
    ],
  },
  {
    id: "c-1029",
    channel: "email",
    status: "open",
    accountId: "maplestone",
    contact: { name: "Sofia Marchetti", email: "sofia.marchetti@maplestonehotels.example" },
    subject: "HubSpot custom property not showing up in Brightpath",
    messages: [
      [sun("05:54"), "customer", para(
        "Hello,",
        "We created a custom deal property in HubSpot called \"Booking value (EUR)\" about two weeks ago, and it's filled in on every new group booking deal. It doesn't appear in Brightpath though — the HubSpot data source lists all the standard deal fields but not this one, even after I clicked \"Resync now\".",
        "Do custom properties need to be enabled somewhere, or is there a delay before they come through? I'd like to use it in the group sales dashboard before our monthly review.",
        "Many thanks,\nSofia Marchetti\nRevenue Manager, Maplestone Hotels",
      )],
    ],
  },
  {
    id: "c-1030",
    channel: "chat",
    status: "open",
    accountId: "redwood",
    contact: { name: "Carmen Ruiz", chatVisitorId: "v-5e8d13", email: "carmen@redwoodclinics.example" },
    messages: [
      [sun("07:24"), "customer", "Hello, one of our nurses left last week and I need to remove her from Brightpath so we can give the seat to her replacement. I'm an admin but I only see \"Deactivate\", not \"Delete\". If I deactivate her, does that free up the seat? And what happens to the dashboards she made?"],
    ],
  },
  {
    id: "c-1031",
    channel: "email",
    status: "open",
    accountId: "cobalt",
    contact: { name: "Elif Demir", email: "elif.demir@cobalttravel.example" },
    subject: "VAT number missing on invoice",
    messages: [
      [sun("09:12"), "customer", para(
        "Good morning,",
        "Our latest invoice from Brightpath does not show our VAT identification number (NL859344721B01), so our accounting team cannot process it under the reverse-charge mechanism. I added the VAT number under Billing → Company details a few weeks ago.",
        "Could you please reissue the invoice with our VAT number and make sure future invoices include it?",
        "Met vriendelijke groet,\nElif Demir\nFinance Department, Cobalt Travel B.V.",
      )],
    ],
  },
  {
    id: "c-1032",
    channel: "slack",
    status: "open",
    accountId: "maplestone",
    contact: { name: "Grace Kim", slackUserId: "U02MS4H7X" },
    priority: "low",
    messages: [
      [sun("10:36"), "customer", "Hi team, is anyone else seeing alerts fire twice? Every time our \"Occupancy below 60%\" alert triggers this weekend we get two identical messages in #revenue-alerts, about 30s apart. Started Friday night. Not critical, but the front-desk managers are asking why they're being pinged twice"],
    ],
  },
  {
    id: "c-1033",
    channel: "chat",
    status: "open",
    accountId: "sunbeam",
    contact: { name: "Tom Whitaker", chatVisitorId: "v-c07b66", email: "tom.whitaker@sunbeamedu.example" },
    messages: [
      [sun("12:06"), "customer", "hi there, is it possible to embed one of our dashboards in our staff intranet? we use google sites. I tried pasting the share link into an embed box but it just shows the brightpath login page. ideally staff wouldnt need a brightpath acount to see it, its just attendance numbers"],
    ],
  },
  {
    id: "c-1034",
    channel: "email",
    status: "open",
    accountId: "foxglove",
    contact: { name: "Jonah Reyes", email: "jonah@foxglovestudio.example" },
    subject: "Upgrading to Growth mid-cycle",
    messages: [
      [sun("13:36"), "customer", para(
        "Hi,",
        "We're a small design studio on the Starter plan and we've just signed two new clients who want weekly dashboards, so we need the HubSpot integration and more than 3 seats. If we upgrade to Growth now, are we charged for the full month, or is it prorated against what we've already paid for Starter? And can we go back to Starter later if the projects end?",
        "Cheers,\nJonah",
      )],
    ],
  },
  {
    id: "c-1035",
    channel: "chat",
    status: "open",
    accountId: "orbital",
    contact: { name: "Lena Vogel", chatVisitorId: "v-91ea4d", email: "lena.vogel@orbitalfoods.example" },
    messages: [
      [sun("15:00"), "customer", "Hallo, when I open the CSV export in Excel all the German characters are broken. \"Müller\" becomes \"MÃ¼ller\" and \"Größe\" becomes \"GrÃ¶ÃŸe\". It was fine in the PDF. What am I doing wrong?"],
      [sun("15:01"), "bot", OFFLINE_AUTO_REPLY],
      [sun("15:07"), "customer", "ok thanks, I will wait. in case it helps, I'm using Excel on Windows and the export is the \"Supplier overview\" table"],
    ],
  },
  {
    id: "c-1036",
    channel: "slack",
    status: "open",
    accountId: "juniper",
    contact: { name: "Felix Wagner", slackUserId: "U04JP6F3B" },
    messages: [
      [sun("16:24"), "customer", "Quick API question: is there a webhook or event we can subscribe to when a scheduled report has finished generating? Right now we poll GET /v1/reports/{id}/runs every minute to pick up the file and push it into our payroll reconciliation job, which feels wasteful. Didn't see anything in the API docs under webhooks apart from alert.triggered."],
    ],
  },
  {
    id: "c-1037",
    channel: "chat",
    status: "open",
    accountId: "lakeshore",
    contact: { name: "Derek Olson", chatVisitorId: "v-6b2f58", email: "derek.olson@lakeshorecu.example" },
    assignee: "ben",
    messages: [
      [sun("17:48"), "customer", "Hi, I got a new phone and didn't move my authenticator app over. now brightpath asks for a 2FA code I can't get. is there a way to reset it? I need to get into the loan dashboards monday morning"],
      [sun("18:10"), "ben", "Hi Derek, Ben from Brightpath here, happy to help. For security, we can only reset two-factor authentication after a workspace admin confirms the request. Could you ask one of your admins (I can see Greg Mendez is one) to reply here or email support@brightpath.example confirming it's you? Once they do, I'll reset it and you can enroll your new phone at your next login."],
      [sun("18:29"), "customer", "ok, I messaged Greg but he's away until tomorrow. any chance you can do it based on my work email? I'm at the branch at 7:30"],
    ],
  },
  {
    // Churn risk (b): usage fell off a cliff three weeks ago; now asking how to leave.
    id: "c-1038",
    channel: "email",
    status: "open",
    accountId: "copperleaf",
    contact: { name: "Nora Castellanos", email: "nora@copperleafretail.example" },
    subject: "Data export",
    messages: [
      [sun("19:06"), "customer", para(
        "Hi,",
        "How do we export all of our data from Brightpath — dashboards, saved reports and the underlying datasets? Is there a bulk export?",
        "Also, what's the process to reduce our seats to 5?",
        "Nora",
      )],
    ],
  },
  {
    id: "c-1039",
    channel: "chat",
    status: "open",
    accountId: "cobalt",
    contact: { name: "Sanne de Vries", chatVisitorId: "v-e3d417" },
    messages: [
      [sun("20:24"), "customer", "hoi, our Bookings dashboard shows nothing for yesterday, all the tiles say 0. the bookings definitely happened, I can see them in our reservation system. is the sync stuck?"],
    ],
  },
  {
    // Northwind export failure 3/3: the ops manager's formal email, no error details.
    id: "c-1040",
    channel: "email",
    status: "open",
    accountId: "northwind",
    contact: { name: "Dana Whitfield", email: "dana@northwind.example" },
    subject: "Scheduled report deliveries failing – impact on Monday operations",
    priority: "high",
    messages: [
      [sun("21:36"), "customer", para(
        "Dear Brightpath Support,",
        "I am writing to raise an issue affecting our operations reporting. Since Friday evening, none of the scheduled reports that our regional teams rely on have been delivered to our shared storage. This includes the daily shipment summary, the carrier SLA report and the weekly depot performance pack.",
        "These reports feed our Monday 10:00 operations review, which covers all eleven depots. Without them, our regional managers will be working from last Thursday's figures, which affects staffing and carrier decisions for the week ahead.",
        "Could you please:\n1. Confirm whether this is a known issue on your side and give an estimated time for resolution.\n2. Advise whether the missed deliveries can be re-run once the issue is fixed, so that we have a complete history.\n3. Let me know who our point of contact will be until this is resolved.",
        "As an enterprise customer, we would appreciate an update before 09:00 GMT on Monday.",
        "Kind regards,\nDana Whitfield\nDirector of Operations, Northwind Logistics",
      )],
    ],
  },
  {
    id: "c-1041",
    channel: "slack",
    status: "open",
    accountId: "summit",
    contact: { name: "Ines Duarte", slackUserId: "U03SL8N5C" },
    messages: [
      [sun("22:54"), "customer", "Hi Brightpath folks — our compliance team is asking for an export of who viewed which dashboards over the last 90 days (annual access review). I can see the audit log in Settings, but only 30 days of it and no export button. Is there an API endpoint for the audit log, or could you send us a CSV? It needs the user, dashboard name and timestamp."],
    ],
  },
  {
    id: "c-1042",
    channel: "email",
    status: "open",
    accountId: "veridian",
    contact: { name: "Aaron Fischer", email: "aaron.fischer@veridianenergy.example" },
    subject: "Request: SOC 2 Type II report and penetration test summary",
    messages: [
      [mon("00:30"), "customer", para(
        "Hello,",
        "As part of our annual vendor risk review, we need the following documents for Brightpath:\n- your most recent SOC 2 Type II report (and a bridge letter if the period ended more than three months ago)\n- an executive summary of your latest external penetration test\n- your current list of sub-processors",
        "We're happy to sign an NDA if required — please send yours over and I'll get it signed this week. Our review closes at the end of the month.",
        "Best regards,\nAaron Fischer\nVendor Risk Manager, Veridian Energy",
      )],
    ],
  },
  {
    id: "c-1043",
    channel: "chat",
    status: "open",
    accountId: "everline",
    contact: { name: "Ravi Patel", chatVisitorId: "v-0fa9c2" },
    messages: [
      [mon("01:48"), "customer", "hey, can i share a dashboard with our studio franchise owners who dont have a brightpath login? we only have 4 seats and dont want to pay for more just so they can look at class numbers once a week. a public link is ok as long as its not searchable"],
    ],
  },
  {
    id: "c-1044",
    channel: "email",
    status: "open",
    accountId: "everline",
    contact: { name: "Jess Tran", email: "jess.tran@everlinefitness.example" },
    subject: "Our admin has left – need admin access transferred",
    messages: [
      [mon("03:00"), "customer", para(
        "Hi Brightpath support,",
        "Our previous operations lead, Kyle, was the only admin on our Brightpath account and he left Everline two weeks ago. His email has been deactivated, so we can't use his login to add a new admin. I'm now responsible for our reporting and need admin rights to manage billing and users.",
        "What do you need from us to verify this? I can have our CEO, Amanda Cole, confirm by email.",
        "Thanks,\nJess Tran\nOperations Manager, Everline Fitness",
      )],
    ],
  },
  {
    id: "c-1045",
    channel: "slack",
    status: "open",
    accountId: "halcyon",
    contact: { name: "Mateo Silva", slackUserId: "U05HM1Q9R" },
    messages: [
      [mon("04:06"), "customer", "hey :) our nightly job that pulls campaign stats through the API started failing with 401 Unauthorized. looks like the API token expired, it was created 90 days ago. is there a way to create a token that doesn't expire, or a service account that isn't tied to my user? don't love having production depend on my personal login"],
    ],
  },
  {
    id: "c-1046",
    channel: "chat",
    status: "open",
    accountId: "foxglove",
    contact: { name: "Mia Russo", chatVisitorId: "v-7d15be", email: "mia@foxglovestudio.example" },
    messages: [
      [mon("05:12"), "customer", "hi, shared dashboard links open fine on desktop but on my iphone (safari) the charts are just blank white boxes, the title shows but nothing else. tried chrome on the phone too, same thing"],
      [mon("05:13"), "bot", OFFLINE_AUTO_REPLY],
      [mon("05:16"), "customer", "ok. its for a client presentation at 11 so would be great to know if theres a workaround"],
    ],
  },
  {
    id: "c-1047",
    channel: "email",
    status: "open",
    accountId: "granite",
    contact: { name: "Mike Delaney", email: "mike.delaney@graniteridge.example" },
    subject: "Can't add a client's email to a scheduled report",
    messages: [
      [mon("06:00"), "customer", para(
        "Hi,",
        "I'm trying to add one of our clients (an address at their own company domain) as a recipient on the weekly \"Project Progress – Harbor Point\" scheduled report. Brightpath says \"Recipients must belong to an allowed domain\". Is that something I can change as an admin, or does it need to go through you? We only want this one report going to them, not access to the rest of our workspace.",
        "Thanks,\nMike Delaney\nProject Controls Manager, Granite Ridge Construction",
      )],
    ],
  },
  {
    // The day-12 trial: one login since signup, asking what onboarding should have covered.
    id: "c-1048",
    channel: "chat",
    status: "open",
    accountId: "pinecrest",
    contact: { name: "Aisha Karim", chatVisitorId: "v-b84e30", email: "aisha.karim@pinecrestdental.example" },
    messages: [
      [mon("06:48"), "customer", "Hi, I signed up for the trial a while ago but honestly haven't gotten very far. I run operations for our four dental practices and want to see appointments and no-shows per location. How do I actually get our data in? We use Dentrix and can export spreadsheets from it. I'd also like to invite our practice managers so they can take a look. Our trial ends this week so any pointers would help!"],
    ],
  },
  {
    id: "c-1049",
    channel: "slack",
    status: "open",
    accountId: "meridian",
    contact: { name: "Paul Jansen", slackUserId: "U02MR5K8W" },
    messages: [
      [mon("07:24"), "customer", "Morning! New hires who were added to the Brightpath-Users group in Okta on Friday still don't have Brightpath accounts, so SCIM provisioning looks like it's stopped. The Okta provisioning log shows `PATCH /scim/v2/Groups/…` returning 401 for the last few pushes. Was the SCIM token rotated on your side? The group has 9 people starting in claims today."],
    ],
  },
];

// ---------------------------------------------------------------------------
// Usage events

/** FNV-1a, so each account gets its own stream and editing one account leaves the others unchanged. */
function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const USAGE_WINDOW_DAYS = 60;
const ACTIVE_SHARE_OF_SEATS: Record<Plan, number> = { enterprise: 0.3, growth: 0.45, starter: 0.7, trial: 0.4 };

type FeatureEvent = "dashboard_viewed" | "report_exported" | "integration_synced" | "alert_created" | "dashboard_shared" | "api_call";
const FEATURE_WEIGHTS: Record<Plan, [FeatureEvent, number][]> = {
  enterprise: [["dashboard_viewed", 50], ["report_exported", 12], ["integration_synced", 8], ["api_call", 14], ["dashboard_shared", 6], ["alert_created", 3]],
  growth: [["dashboard_viewed", 55], ["report_exported", 12], ["integration_synced", 8], ["api_call", 6], ["dashboard_shared", 6], ["alert_created", 3]],
  starter: [["dashboard_viewed", 65], ["report_exported", 14], ["integration_synced", 5], ["dashboard_shared", 8], ["alert_created", 3]],
  trial: [["dashboard_viewed", 60], ["report_exported", 8], ["integration_synced", 10], ["dashboard_shared", 10], ["alert_created", 5]],
};

function pickWeighted<T>(random: () => number, weights: [T, number][]): T {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weights[weights.length - 1]![0];
}

/** Multiplier on each user's activity `daysAgo` days before the anchor. */
function activityLevel(account: AccountSpec, daysAgo: number): number {
  switch (account.usage) {
    case "steady":
      return 1;
    case "declining":
      return 0.6 + 0.4 * (daysAgo / USAGE_WINDOW_DAYS);
    case "silent":
      if (daysAgo >= 25) return 1.15;
      if (daysAgo >= 21) return 0.05 + 0.25 * ((daysAgo - 21) / 4);
      // A stray login now and then, and none at all since the anchor: the silence grows while the demo runs.
      return daysAgo >= 1 ? 0.02 : 0;
    case "trial":
      // Eager evaluators, but only since they signed up.
      return daysAgo * DAY <= (account.trialAge ?? 0) ? 1.4 : 0;
    case "single-login":
      return 0;
  }
}

/**
 * The account's usage over the 60 days before the anchor, and on through
 * `throughMs` (ms after the anchor) in the same pattern: a demo seeded later
 * in the week keeps 30 full days of usage behind it, instead of every account
 * looking as if its usage fell since Monday.
 */
function usageEventsFor(account: AccountSpec, anchorMs: number, throughMs: number): UsageEvent[] {
  const events: UsageEvent[] = [];
  const iso = (offset: number) => new Date(anchorMs + offset).toISOString();

  if (account.usage === "single-login") {
    const signedUpAt = -(account.trialAge ?? 0);
    return [{ accountId: account.id, userId: `${account.id}-u1`, event: "login", at: iso(signedUpAt + 24 * MINUTE) }];
  }

  const random = mulberry32(hashSeed(account.id));
  const activeUsers = Math.min(account.seats, Math.max(1, Math.round(account.seats * ACTIVE_SHARE_OF_SEATS[account.plan])));
  // Each user has a habitual engagement: some open Brightpath daily, others now and then.
  const engagement = Array.from({ length: activeUsers }, () => 0.25 + 0.6 * random());
  const earliest = -USAGE_WINDOW_DAYS * DAY;

  // Days after the anchor come last, so the days before it draw the same numbers whenever the demo is seeded.
  for (let daysAgo = USAGE_WINDOW_DAYS; daysAgo > -Math.ceil(throughMs / DAY); daysAgo--) {
    // The anchor is a Monday, so 1 and 2 days before it (and 6 and 5 after) are Sunday and Saturday.
    const weekday = ((daysAgo % 7) + 7) % 7;
    const isWeekend = weekday === 1 || weekday === 2;
    const midnightUtc = -daysAgo * DAY - ANCHOR_HOUR_UTC * HOUR;
    const level = activityLevel(account, daysAgo);
    for (let user = 1; user <= activeUsers; user++) {
      const chance = engagement[user - 1]! * level * (isWeekend ? 0.06 : 1);
      if (random() >= chance) continue;
      const userId = `${account.id}-u${user}`;
      const localStart = 8 * HOUR + Math.floor(random() * 9 * 3600) * 1000;
      let at = midnightUtc + localStart - account.utcOffsetHours * HOUR;
      const actions = 1 + Math.floor(random() * 4 * engagement[user - 1]!);
      const session: [string, number][] = [["login", at]];
      for (let i = 0; i < actions; i++) {
        at += 2 * MINUTE + Math.floor(random() * 20 * 60) * 1000;
        session.push([pickWeighted(random, FEATURE_WEIGHTS[account.plan]), at]);
      }
      for (const [event, offset] of session) {
        const beforeTrial = account.trialAge !== undefined && offset < -account.trialAge;
        if (offset < earliest || offset >= throughMs || beforeTrial) continue;
        events.push({ accountId: account.id, userId, event, at: iso(offset) });
      }
    }
  }
  return events;
}

// ---------------------------------------------------------------------------
// Assembly

function toDemoAccount(spec: AccountSpec, anchorMs: number): DemoAccount {
  const iso = (offset: number) => new Date(anchorMs + offset).toISOString();
  return {
    id: spec.id,
    name: spec.name,
    plan: spec.plan,
    mrr: spec.mrr,
    seats: spec.seats,
    ...(spec.renewsInDays !== undefined && { renewalAt: iso(spec.renewsInDays * DAY - ANCHOR_HOUR_UTC * HOUR) }),
    ...(spec.trialAge !== undefined && { trialStartedAt: iso(-spec.trialAge) }),
    ownerEmail: REPS[spec.owner].email,
  };
}

function toInterchangeAccount({ ownerEmail: _owner, ...account }: DemoAccount): InterchangeAccount {
  return account;
}

function toConversation(
  spec: ConversationSpec,
  accounts: Map<string, InterchangeAccount>,
  anchorMs: number,
): InterchangeConversationInput {
  const iso = (offset: number) => new Date(anchorMs + offset).toISOString();
  const account = accounts.get(spec.accountId);
  if (!account) throw new Error(`${spec.id}: unknown account "${spec.accountId}"`);
  const messages = spec.messages.map(([at, author, text]): InterchangeMessage => {
    if (author === "customer") return { author, authorName: spec.contact.name, text, at: iso(at) };
    if (author === "bot") return { author, authorName: BOT_NAME, text, at: iso(at) };
    return { author: "agent", authorName: REPS[author].name.split(" ")[0]!, text, at: iso(at) };
  });
  return {
    id: spec.id,
    channel: spec.channel,
    ...(spec.subject !== undefined && { subject: spec.subject }),
    createdAt: messages[0]!.at,
    status: spec.status,
    ...(spec.priority !== undefined && { priority: spec.priority }),
    ...(spec.assignee !== undefined && { assigneeEmail: REPS[spec.assignee].email }),
    // Copies, so a caller mutating one record can't leak into others or into later builds.
    account: { ...account },
    contact: { ...spec.contact },
    messages,
  };
}

/**
 * The demo as of `anchor`, a Monday 08:00 UTC: everything is timed relative to
 * it, and product usage goes on until `now` (the anchor itself unless later).
 * The same anchor and `now` always give identical output (deep-equal).
 */
export function buildMondayMorning(anchor: Date, now: Date = anchor): DemoWorkspace {
  const anchorMs = anchor.getTime();
  const throughMs = Math.max(0, now.getTime() - anchorMs);
  const accounts = ACCOUNT_SPECS.map((spec) => toDemoAccount(spec, anchorMs));
  const interchangeAccounts = new Map(accounts.map((account) => [account.id, toInterchangeAccount(account)]));
  const conversations = [...CLOSED_CONVERSATIONS, ...WEEKEND_CONVERSATIONS].map((spec) =>
    toConversation(spec, interchangeAccounts, anchorMs),
  );
  const usageEvents = ACCOUNT_SPECS.flatMap((spec) => usageEventsFor(spec, anchorMs, throughMs)).sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : 0,
  );
  return {
    workspace: { ...WORKSPACE },
    teams: [CUSTOMER_SUCCESS, TECHNICAL_SUPPORT],
    users: USERS.map((user) => ({ ...user })),
    accounts,
    conversations,
    usageEvents,
  };
}
