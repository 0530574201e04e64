import base from "./playwright.config";
import { defineConfig } from "@playwright/test";

// Runs e2e/*.shots.ts: screenshots of the UI in light and dark themes into build/e2e/screens.
export default defineConfig({ ...base, testMatch: /.*\.shots\.ts/ });
