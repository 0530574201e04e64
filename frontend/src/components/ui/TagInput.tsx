import { useState, type KeyboardEvent } from "react";
import { addTags, parseTags } from "../../lib/tags";
import { controlClass } from "./Field";

interface TagInputProps {
  id: string;
  tags: string[];
  onChange: (tags: string[]) => void;
  /** Text typed but not yet turned into a chip; the owner keeps it so nothing typed is lost. */
  pending: string;
  onPendingChange: (text: string) => void;
  describedBy?: string;
  disabled?: boolean;
}

// Tags as removable chips. A comma or Enter turns the typed text into chips.
export function TagInput({ id, tags, onChange, pending, onPendingChange, describedBy, disabled }: TagInputProps) {
  const [focused, setFocused] = useState(false);

  const commit = (text: string) => {
    const added = parseTags(text);
    if (added.length > 0) onChange(addTags(tags, added));
    onPendingChange("");
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      commit(pending);
    }
  };

  return (
    <div
      className={`${controlClass} flex flex-wrap items-center gap-1.5 ${focused ? "border-blue-600 outline-2 outline-blue-600/40 dark:border-blue-400" : ""}`}
    >
      {tags.map((t) => (
        <span
          key={t}
          className="inline-flex items-center gap-1 rounded bg-slate-100 py-0.5 pr-0.5 pl-1.5 text-xs text-slate-800 dark:bg-slate-700 dark:text-slate-100"
        >
          {t}
          <button
            type="button"
            disabled={disabled}
            aria-label={`Remove tag ${t}`}
            onClick={() => onChange(tags.filter((x) => x !== t))}
            className="rounded px-1 text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-600 dark:hover:text-white"
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={id}
        type="text"
        value={pending}
        disabled={disabled}
        aria-describedby={describedBy}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={onKeyDown}
        onChange={(e) => {
          const v = e.target.value;
          if (v.includes(",")) {
            // Everything up to the last comma becomes chips; the rest stays in the box.
            const cut = v.lastIndexOf(",");
            const added = parseTags(v.slice(0, cut));
            if (added.length > 0) onChange(addTags(tags, added));
            onPendingChange(v.slice(cut + 1).trimStart());
          } else {
            onPendingChange(v);
          }
        }}
        placeholder={tags.length === 0 ? "Type a tag, then Enter or comma" : ""}
        className="min-w-32 flex-1 border-0 bg-transparent p-0 text-sm outline-none focus:ring-0"
      />
    </div>
  );
}
