import { useFetcher, useSubmit } from "@remix-run/react";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { AssignableMember } from "../../../db/inbox-views.server";
import { offlineTriageChange, TriageFormSchema } from "../../../server/inbox/triage-intent";
import { useLiveInbox } from "../live-inbox";
import { Avatar } from "../avatar";
import { CommandMenu, type CommandOption } from "./command-menu";
import { SNOOZE_PRESETS, snoozeFields, type SnoozePreset } from "./snooze";

export interface TriageTarget {
  publicId: string;
  assigneeId: number | null;
}

interface TriageApi {
  members: AssignableMember[];
  teams: { id: number; name: string }[];
  /** Whether a triage menu is up: the list's shortcuts stay off meanwhile. */
  menuOpen: boolean;
  openAssign(target: TriageTarget): void;
  openSnooze(target: TriageTarget): void;
  /** Posts one triage intent to a conversation's action, without navigating. */
  act(publicId: string, fields: Record<string, string>): void;
}

const TriageContext = createContext<TriageApi | null>(null);

export function useTriage(): TriageApi {
  const api = useContext(TriageContext);
  if (!api) throw new Error("useTriage needs a TriageProvider (the inbox layout).");
  return api;
}

type ActionResult = { ok: true; message: string } | { ok: false; error: string };

/**
 * The inbox's triage machinery shared by the list (keyboard) and the open
 * conversation (header buttons): the assign and snooze menus, submissions,
 * and a toast with each outcome.
 */
export function TriageProvider({
  members,
  teams,
  currentUserId,
  children,
}: {
  members: AssignableMember[];
  teams: { id: number; name: string }[];
  currentUserId: number;
  children: ReactNode;
}) {
  const submit = useSubmit();
  const [menu, setMenu] = useState<{ kind: "assign" | "snooze"; target: TriageTarget } | null>(null);
  const [toastKey, setToastKey] = useState<string | undefined>(undefined);
  const counter = useRef(0);

  const live = useLiveInbox();
  const [offlineResult, setOfflineResult] = useState<ActionResult | undefined>(undefined);
  const act = useCallback(
    (publicId: string, fields: Record<string, string>) => {
      if (live.status === "offline") {
        // No server to ask: the change goes into this browser's replica of the live inbox, which syncs on reconnect.
        setToastKey(undefined);
        setOfflineResult(applyOffline(publicId, fields));
        return;
      }
      const key = `triage-${++counter.current}`;
      setOfflineResult(undefined);
      setToastKey(key);
      submit(fields, { method: "post", action: `/inbox/${publicId}`, navigate: false, fetcherKey: key });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [submit, live.status, live.writeTriage, live.readTriage],
  );

  function applyOffline(publicId: string, fields: Record<string, string>): ActionResult {
    const form = TriageFormSchema.safeParse(fields);
    const current = live.readTriage(publicId);
    if (!form.success || !current) return { ok: false, error: "This change needs a connection. Try again when you are back online." };
    const outcome = offlineTriageChange(form.data, current, Date.now());
    if ("error" in outcome) return { ok: false, error: outcome.error };
    live.writeTriage(publicId, outcome.change);
    return { ok: true, message: "Saved offline. It syncs when you are back online." };
  }

  const close = useCallback(() => setMenu(null), []);

  const assignOptions = useMemo((): CommandOption[] => {
    const current = menu?.target.assigneeId ?? null;
    const people = [...members].sort((a, b) =>
      a.id === currentUserId ? -1 : b.id === currentUserId ? 1 : a.name.localeCompare(b.name),
    );
    return [
      ...people.map((member) => ({
        id: `user:${member.id}`,
        label: member.id === currentUserId ? `${member.name} (me)` : member.name,
        hint: `${member.openCount} open${member.teamName ? ` · ${member.teamName}` : ""}${member.available ? "" : " · away"}${member.id === current ? " · assigned" : ""}`,
        keywords: member.email,
        leading: <Avatar name={member.name} size="sm" />,
      })),
      ...teams.map((team) => ({
        id: `team:${team.id}`,
        label: `${team.name} queue`,
        hint: "team",
        leading: (
          <span className="command-team-icon" aria-hidden>
            ⌂
          </span>
        ),
      })),
      ...(current !== null
        ? [
            {
              id: "none",
              label: "Unassign",
              keywords: "nobody remove",
              leading: (
                <span className="command-team-icon" aria-hidden>
                  ×
                </span>
              ),
            },
          ]
        : []),
    ];
  }, [members, teams, currentUserId, menu]);

  const snoozeOptions = useMemo(
    (): CommandOption[] => SNOOZE_PRESETS.map((preset) => ({ id: preset.id, label: preset.label, shortcut: preset.shortcut })),
    [],
  );

  function pickAssign(id: string) {
    if (!menu) return;
    const [kind, value] = id.split(":");
    // What this rep saw: if someone else assigned it meanwhile, the server keeps theirs and says so.
    const expectedAssigneeId = String(menu.target.assigneeId ?? "");
    if (kind === "user") act(menu.target.publicId, { intent: "assign", assigneeId: value!, expectedAssigneeId });
    else if (kind === "team") act(menu.target.publicId, { intent: "assign", teamId: value!, expectedAssigneeId });
    else act(menu.target.publicId, { intent: "assign", assigneeId: "", expectedAssigneeId });
    setMenu(null);
  }

  function pickSnooze(id: string) {
    if (!menu) return;
    act(menu.target.publicId, snoozeFields(id as SnoozePreset));
    setMenu(null);
  }

  const api = useMemo(
    (): TriageApi => ({
      members,
      teams,
      menuOpen: menu !== null,
      openAssign: (target) => setMenu({ kind: "assign", target }),
      openSnooze: (target) => setMenu({ kind: "snooze", target }),
      act,
    }),
    [members, teams, menu, act],
  );

  return (
    <TriageContext.Provider value={api}>
      {children}
      <CommandMenu
        open={menu?.kind === "assign"}
        title={menu ? `Assign ${menu.target.publicId}` : "Assign"}
        placeholder="Assign to…"
        options={assignOptions}
        onPick={pickAssign}
        onClose={close}
      />
      <CommandMenu
        open={menu?.kind === "snooze"}
        title={menu ? `Snooze ${menu.target.publicId} until…` : "Snooze"}
        options={snoozeOptions}
        filterable={false}
        onPick={pickSnooze}
        onClose={close}
      />
      <TriageToast fetcherKey={toastKey} offlineResult={offlineResult} />
    </TriageContext.Provider>
  );
}

/** The outcome of the latest triage action: successes fade after a few seconds, errors stay until dismissed. */
function TriageToast({ fetcherKey, offlineResult }: { fetcherKey: string | undefined; offlineResult: ActionResult | undefined }) {
  const fetcher = useFetcher<ActionResult>({ key: fetcherKey ?? "triage-none" });
  const result = offlineResult ?? (fetcher.state === "idle" ? fetcher.data : undefined);
  const [hidden, setHidden] = useState<ActionResult | undefined>(undefined);
  useEffect(() => {
    if (!result?.ok) return;
    const timer = setTimeout(() => setHidden(result), 3_500);
    return () => clearTimeout(timer);
  }, [result]);
  return (
    <div className="toast-region" aria-live="polite">
      {result && hidden !== result ? (
        <div className={`toast ${result.ok ? "toast-ok" : "toast-error"}`}>
          {result.ok ? result.message : result.error}
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => setHidden(result)}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
