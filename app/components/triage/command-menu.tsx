import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export interface CommandOption {
  id: string;
  label: string;
  /** Shown to the right, muted: "3 open · Technical Support". */
  hint?: string;
  /** Extra words the filter matches ("unassign", an email). */
  keywords?: string;
  /** A key that picks this option at once (snooze: 1–4). */
  shortcut?: string;
  leading?: ReactNode;
  disabled?: boolean;
}

/**
 * A small keyboard-first menu in a modal dialog: type to filter (when
 * `filterable`), ↑/↓ to move, Enter to pick, Esc to close. The assign and
 * snooze menus are both this.
 */
export function CommandMenu({
  open,
  title,
  placeholder = "Type to filter…",
  options,
  filterable = true,
  onPick,
  onClose,
}: {
  open: boolean;
  title: string;
  placeholder?: string;
  options: CommandOption[];
  filterable?: boolean;
  onPick: (id: string) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [filter, setFilter] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const titleId = useId();

  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return options.filter((option) => {
      const haystack = `${option.label} ${option.keywords ?? ""}`.toLowerCase();
      return words.every((word) => haystack.includes(word));
    });
  }, [options, filter]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      setFilter("");
      setActive(0);
      element.showModal();
      (filterable ? input.current : list.current)?.focus();
    }
    if (!open && element.open) element.close();
  }, [open, filterable]);

  useEffect(() => setActive(0), [filter]);
  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const pick = (option: CommandOption | undefined) => {
    if (!option || option.disabled) return;
    onPick(option.id);
  };

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown" || (event.key === "j" && !filterable)) {
      event.preventDefault();
      setActive((index) => Math.min(shown.length - 1, index + 1));
    } else if (event.key === "ArrowUp" || (event.key === "k" && !filterable)) {
      event.preventDefault();
      setActive((index) => Math.max(0, index - 1));
    } else if (event.key === "Enter") {
      event.preventDefault();
      pick(shown[active]);
    } else if (!filterable && !event.metaKey && !event.ctrlKey) {
      const option = shown.find((candidate) => candidate.shortcut === event.key);
      if (option) {
        event.preventDefault();
        pick(option);
      }
    }
  }

  return (
    <dialog
      ref={dialog}
      className="command-menu"
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={onKeyDown}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes.
        if (event.target === dialog.current) onClose();
      }}
    >
      <div className="command-menu-box">
        <h2 id={titleId} className="command-menu-title">
          {title}
        </h2>
        {filterable ? (
          <input
            ref={input}
            className="command-menu-input"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder={placeholder}
            aria-label={placeholder}
            role="combobox"
            aria-expanded
            aria-controls={listId}
            aria-activedescendant={shown[active] ? `${listId}-${active}` : undefined}
            autoComplete="off"
            spellCheck={false}
          />
        ) : null}
        <div
          ref={list}
          id={listId}
          role="listbox"
          aria-label={title}
          tabIndex={filterable ? -1 : 0}
          className="command-menu-list"
          aria-activedescendant={!filterable && shown[active] ? `${listId}-${active}` : undefined}
        >
          {shown.length === 0 ? <div className="command-menu-empty">No matches</div> : null}
          {shown.map((option, index) => (
            <div
              key={option.id}
              id={`${listId}-${index}`}
              data-index={index}
              role="option"
              aria-selected={index === active}
              aria-disabled={option.disabled || undefined}
              className={`command-option${index === active ? " active" : ""}${option.disabled ? " disabled" : ""}`}
              onMouseMove={() => setActive(index)}
              onClick={() => pick(option)}
            >
              {option.leading}
              <span className="command-option-label">{option.label}</span>
              {option.hint ? <span className="command-option-hint">{option.hint}</span> : null}
              {option.shortcut ? <kbd>{option.shortcut}</kbd> : null}
            </div>
          ))}
        </div>
        <div className="command-menu-footer" aria-hidden>
          <span>
            <kbd>↑</kbd>
            <kbd>↓</kbd> move
          </span>
          <span>
            <kbd>Enter</kbd> pick
          </span>
          <span>
            <kbd>Esc</kbd> close
          </span>
        </div>
      </div>
    </dialog>
  );
}
