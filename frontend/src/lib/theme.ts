import type { Theme } from "./api/types";

// Applies a theme by toggling the "dark" class on <html>. "system" follows the OS preference
// and keeps following it while it is the active theme.

const query = "(prefers-color-scheme: dark)";
let current: Theme = "system";
let listening = false;

function systemPrefersDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia(query).matches;
}

function render() {
  const dark = current === "dark" || (current === "system" && systemPrefersDark());
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
}

export function normalizeTheme(v: string | undefined): Theme {
  return v === "light" || v === "dark" ? v : "system";
}

export function applyTheme(theme: string | undefined) {
  current = normalizeTheme(theme);
  if (!listening && typeof window.matchMedia === "function") {
    listening = true;
    window.matchMedia(query).addEventListener("change", () => {
      if (current === "system") render();
    });
  }
  render();
}
