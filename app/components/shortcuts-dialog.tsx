import { useEffect, useRef } from "react";

export const INBOX_SHORTCUTS = [
  { keys: ["j"], action: "Next conversation" },
  { keys: ["k"], action: "Previous conversation" },
  { keys: ["Enter"], action: "Open the selected conversation" },
  { keys: ["Esc"], action: "Back to the list" },
  { keys: ["a"], action: "Assign (type to filter, Enter picks)" },
  { keys: ["c"], action: "Close (or reopen) the conversation" },
  { keys: ["s"], action: "Snooze: 1 hour, tomorrow, next week, until reply" },
  { keys: ["r"], action: "Reply (or, when a teammate is replying, offer to join their draft)" },
  { keys: ["Ctrl", "Enter"], action: "Send the reply" },
  { keys: ["/"], action: "Search messages" },
  { keys: ["?"], action: "Show or hide these shortcuts" },
] as const;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="shortcuts-dialog" onClose={onClose} aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        {INBOX_SHORTCUTS.map((shortcut) => (
          <div key={shortcut.action} className="shortcut-row">
            <dt>
              {shortcut.keys.map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{shortcut.action}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button className="button">Close</button>
      </form>
    </dialog>
  );
}
