import { describe, expect, it } from "vitest";
import { PRIORITIES } from "../../db/interchange";
import { DEFAULT_SLA_POLICIES } from "../../server/sla/defaults";
import { choosePolicy, type SlaPolicy } from "../../server/sla/policy";

const policy = (name: string, priority: SlaPolicy["priority"], accountPlan: string | null): SlaPolicy => ({
  name,
  priority,
  accountPlan,
  firstResponseMinutes: 60,
  nextResponseMinutes: 120,
  resolutionMinutes: 480,
  warnBeforeMinutes: 30,
});

describe("choosePolicy", () => {
  const catchAll = policy("Everyone", null, null);
  const enterprise = policy("Enterprise", null, "enterprise");
  const urgent = policy("Urgent", "urgent", null);
  const urgentEnterprise = policy("Urgent enterprise", "urgent", "enterprise");
  const all = [catchAll, enterprise, urgent, urgentEnterprise];

  it("prefers a policy naming both the priority and the plan", () => {
    expect(choosePolicy(all, "urgent", "enterprise")).toBe(urgentEnterprise);
  });

  it("prefers one naming the priority over one naming the plan", () => {
    expect(choosePolicy([catchAll, enterprise, urgent], "urgent", "enterprise")).toBe(urgent);
  });

  it("prefers one naming the plan over the catch-all", () => {
    expect(choosePolicy(all, "low", "enterprise")).toBe(enterprise);
  });

  it("falls back to the catch-all", () => {
    expect(choosePolicy(all, "low", "starter")).toBe(catchAll);
  });

  it("never applies a policy that names another priority or plan", () => {
    expect(choosePolicy([urgent, urgentEnterprise], "high", "enterprise")).toBeUndefined();
    expect(choosePolicy([enterprise], "urgent", "growth")).toBeUndefined();
  });

  it("applies only plan-free policies to a conversation without an account", () => {
    expect(choosePolicy(all, "urgent", null)).toBe(urgent);
    expect(choosePolicy([enterprise], "urgent", null)).toBeUndefined();
  });

  it("matches plans whatever their case and spacing", () => {
    expect(choosePolicy(all, "urgent", " Enterprise ")).toBe(urgentEnterprise);
  });

  it("takes the first listed of two equally specific policies", () => {
    const again = policy("Urgent again", "urgent", null);
    expect(choosePolicy([urgent, again], "urgent", "growth")).toBe(urgent);
    expect(choosePolicy([again, urgent], "urgent", "growth")).toBe(again);
  });
});

describe("the default policies", () => {
  it("cover every priority, with or without a plan", () => {
    for (const priority of PRIORITIES) {
      expect(choosePolicy(DEFAULT_SLA_POLICIES, priority, null)?.priority).toBe(priority);
      expect(choosePolicy(DEFAULT_SLA_POLICIES, priority, "growth")?.priority).toBe(priority);
    }
  });

  it("promise enterprise accounts a first reply in half the time, and the rest as usual", () => {
    for (const priority of PRIORITIES) {
      const usual = choosePolicy(DEFAULT_SLA_POLICIES, priority, "starter")!;
      const enterprise = choosePolicy(DEFAULT_SLA_POLICIES, priority, "enterprise")!;
      expect(enterprise.firstResponseMinutes).toBe(usual.firstResponseMinutes / 2);
      expect(enterprise.nextResponseMinutes).toBe(usual.nextResponseMinutes);
      expect(enterprise.resolutionMinutes).toBe(usual.resolutionMinutes);
    }
  });

  it("are stricter the more urgent the conversation, and warn before the promise is due", () => {
    const byPriority = PRIORITIES.map((priority) => choosePolicy(DEFAULT_SLA_POLICIES, priority, null)!);
    for (let i = 1; i < byPriority.length; i++) {
      expect(byPriority[i]!.firstResponseMinutes).toBeGreaterThan(byPriority[i - 1]!.firstResponseMinutes);
      expect(byPriority[i]!.resolutionMinutes).toBeGreaterThan(byPriority[i - 1]!.resolutionMinutes);
    }
    for (const defaults of DEFAULT_SLA_POLICIES) {
      expect(defaults.warnBeforeMinutes).toBeLessThan(defaults.firstResponseMinutes);
      expect(Number.isInteger(defaults.firstResponseMinutes)).toBe(true);
    }
  });
});
